package org.giggossip.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A strictly parsed INI file: the syntax only, no meaning (that is
 * {@link NodeConfig}'s job).
 *
 * <p>The grammar, one construct per line:
 * <ul>
 *   <li>blank lines, and comments whose first non-blank character is {@code ;} or {@code #};</li>
 *   <li>{@code [section]}, a name of {@code [a-z0-9_.-]}, at most 64 characters; keys before the first
 *       section belong to the top level (the section named {@code ""}, where VoidPhone puts
 *       {@code hostkey});</li>
 *   <li>{@code key = value}: the key is {@code [a-z][a-z0-9_]*}, at most 64 characters; the value is
 *       trimmed and must not be empty; a {@code ;} or {@code #} preceded by a space or tab starts a
 *       trailing comment (so {@code cache_size = 50 ; items kept} reads as {@code 50}, as in the
 *       VoidPhone spec's sample). Quotes have no special meaning.</li>
 * </ul>
 * Refused, each naming file and line: a file over {@link #MAX_FILE_SIZE} bytes (checked before
 * reading), bytes that are not UTF-8, a line over {@link #MAX_LINE_LENGTH} characters, control
 * characters, a line that is none of the above, a section or a key given twice, an empty value.
 */
public final class IniFile {
    /** Larger files are refused unread; a node's configuration is well under 4 KiB. */
    public static final int MAX_FILE_SIZE = 64 * 1024;
    /** Longest line accepted, in characters. */
    public static final int MAX_LINE_LENGTH = 1024;

    private static final Pattern SECTION = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** One value and the line it was read from. */
    public record Entry(String value, int line) {}

    private final Path file;
    private final Map<String, Map<String, Entry>> sections;
    private final Map<String, Integer> sectionLines;

    private IniFile(Path file, Map<String, Map<String, Entry>> sections, Map<String, Integer> sectionLines) {
        this.file = file;
        this.sections = sections;
        this.sectionLines = sectionLines;
    }

    /** Reads and parses {@code file}. */
    public static IniFile read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file, 0, "not a regular file (or missing)");
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new ConfigException(file, 0, "larger than " + MAX_FILE_SIZE + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_SIZE + 1); // the file may grow between size() and read
            }
        } catch (IOException e) {
            throw new ConfigException(file, "cannot read: " + e, e);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            throw new ConfigException(file, 0, "larger than " + MAX_FILE_SIZE + " bytes");
        }
        return parse(file, bytes);
    }

    /** Parses {@code bytes} as the contents of {@code file} (which is used in messages only). */
    public static IniFile parse(Path file, byte[] bytes) throws ConfigException {
        if (bytes.length > MAX_FILE_SIZE) {
            throw new ConfigException(file, 0, "larger than " + MAX_FILE_SIZE + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, "not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark some editors add
        }
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, Integer> sectionLines = new LinkedHashMap<>();
        sections.put("", new LinkedHashMap<>());
        sectionLines.put("", 0);
        Map<String, Entry> current = sections.get("");
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String raw = lines[i];
            if (raw.length() > MAX_LINE_LENGTH) {
                throw new ConfigException(file, n, "line longer than " + MAX_LINE_LENGTH + " characters");
            }
            for (int c = 0; c < raw.length(); c++) {
                char ch = raw.charAt(c);
                if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                    throw new ConfigException(file, n, "control character 0x" + Integer.toHexString(ch));
                }
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                String name = stripComment(line);
                if (!name.endsWith("]")) {
                    throw new ConfigException(file, n, "section header without ']'");
                }
                name = name.substring(1, name.length() - 1).strip();
                if (!SECTION.matcher(name).matches()) {
                    throw new ConfigException(file, n, "bad section name '" + printable(name)
                            + "' (lower-case letters, digits, '_', '.', '-'; at most 64)");
                }
                if (sections.containsKey(name)) {
                    throw new ConfigException(file, n, "section [" + name + "] given twice (first on line "
                            + sectionLines.get(name) + ")");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                sectionLines.put(name, n);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(file, n, "expected 'key = value', '[section]' or a comment");
            }
            String key = line.substring(0, eq).strip();
            String value = stripComment(line.substring(eq + 1)).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException(file, n, "bad key '" + printable(key)
                        + "' (a lower-case letter, then letters, digits or '_'; at most 64)");
            }
            if (value.isEmpty()) {
                throw new ConfigException(file, n, "empty value for '" + key + "' (leave the key out for its default)");
            }
            Entry previous = current.putIfAbsent(key, new Entry(value, n));
            if (previous != null) {
                throw new ConfigException(file, n, "key '" + key + "' given twice (first on line " + previous.line() + ")");
            }
        }
        return new IniFile(file, sections, sectionLines);
    }

    /** Cuts a trailing comment: {@code ;} or {@code #} after a space or tab. */
    private static String stripComment(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == ';' || c == '#') && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static String printable(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Section names in file order; {@code ""} (the top level) is always first. */
    public Iterable<String> sectionNames() {
        return Collections.unmodifiableSet(sections.keySet());
    }

    /** Whether the file has {@code [section]} ({@code ""}: always). */
    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /** The line of {@code [section]}, 0 for the top level or a missing section. */
    public int sectionLine(String section) {
        return sectionLines.getOrDefault(section, 0);
    }

    /** The entries of {@code section} in file order; empty for a missing section. */
    public Map<String, Entry> entries(String section) {
        return Collections.unmodifiableMap(sections.getOrDefault(section, Map.of()));
    }

    /** The entry for {@code key} in {@code section}, if given. */
    public Optional<Entry> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }
}
