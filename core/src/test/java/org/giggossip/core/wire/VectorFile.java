package org.giggossip.core.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The published golden vectors of the wire format ({@code docs/vectors}): one
 * line-oriented text file per family, which every implementation can read, and
 * a Markdown rendering of it for people.
 *
 * <p>A file is a list of records separated by blank lines; a line starting with
 * {@code #} is a comment. Each record is {@code key: value} lines, in this order:
 * <pre>
 * name: family/what               unique in the file
 * kind: KIND SUBKIND              what decoder reads it
 * note: free text                 optional
 * field: path = value             zero or more: the decoded fields, in wire order
 * derived: name = value           zero or more: values computed from the decoded ones
 * reject: REASON                  only in a negative vector: the decoder must refuse
 * hex: 0a10...                    the encoded bytes, lower-case hex (empty for no bytes)
 * </pre>
 * A value is a decimal integer, {@code 0x} and lower-case hex for bytes, a string
 * in double quotes with JSON escapes, or an enum's name and number: {@code NAME (2)}.
 */
public final class VectorFile {
    /** Hex digits per line of an encoded value in the Markdown file. */
    private static final int MD_HEX_LINE = 64;
    /** Byte fields with decoded sub-fields longer than this are shortened in the Markdown file. */
    private static final int MD_SHORTEN_BYTES = 40;

    private VectorFile() {}

    /** One named, decoded value of a vector. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.contains(" = ") || name.contains("\n") || value.contains("\n")) {
                throw new IllegalArgumentException("field names and values are one line without ' = ': " + name);
            }
        }

        @Override
        public String toString() {
            return name + " = " + value;
        }
    }

    /**
     * One vector.
     *
     * @param reject the reason a decoder must refuse the bytes, or null for a well-formed value
     * @param note   free text, or "" for none
     */
    public record Vector(String name, String kind, String note, List<Field> fields, List<Field> derived,
            String reject, String hex) {
        public Vector {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(hex, "hex");
            fields = List.copyOf(fields);
            derived = List.copyOf(derived);
        }

        /** Whether a decoder must refuse the bytes. */
        public boolean isNegative() {
            return reject != null;
        }
    }

    // ---- the text file ----------------------------------------------------------

    /** The text of a vector file: {@code header} lines as comments, then the records. */
    public static String format(List<String> header, List<Vector> vectors) {
        StringBuilder out = new StringBuilder();
        for (String h : header) {
            out.append(h.isEmpty() ? "#" : "# " + h).append('\n');
        }
        for (Vector v : vectors) {
            out.append('\n');
            out.append("name: ").append(v.name()).append('\n');
            out.append("kind: ").append(v.kind()).append('\n');
            if (!v.note().isEmpty()) {
                out.append("note: ").append(v.note()).append('\n');
            }
            v.fields().forEach(f -> out.append("field: ").append(f).append('\n'));
            v.derived().forEach(f -> out.append("derived: ").append(f).append('\n'));
            if (v.isNegative()) {
                out.append("reject: ").append(v.reject()).append('\n');
            }
            out.append(v.hex().isEmpty() ? "hex:" : "hex: " + v.hex()).append('\n');
        }
        return out.toString();
    }

    /** Reads the records of a vector file; throws {@link IllegalArgumentException} naming the bad line. */
    public static List<Vector> parse(String text) {
        List<Vector> vectors = new ArrayList<>();
        Builder b = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (b != null) {
                    vectors.add(b.build(i));
                    b = null;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": no 'key:' in " + line);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (b == null) {
                if (!key.equals("name")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": a record starts with 'name:'");
                }
                b = new Builder(value);
                continue;
            }
            switch (key) {
                case "kind" -> b.kind = value;
                case "note" -> b.note = value;
                case "field" -> b.fields.add(field(value, i));
                case "derived" -> b.derived.add(field(value, i));
                case "reject" -> b.reject = value;
                case "hex" -> b.hex = value;
                default -> throw new IllegalArgumentException("line " + (i + 1) + ": unknown key " + key);
            }
        }
        if (b != null) {
            vectors.add(b.build(lines.length));
        }
        return vectors;
    }

    private static Field field(String text, int line) {
        int eq = text.indexOf(" = ");
        if (eq < 0) {
            throw new IllegalArgumentException("line " + (line + 1) + ": a field is 'name = value'");
        }
        return new Field(text.substring(0, eq), text.substring(eq + 3));
    }

    private static final class Builder {
        final String name;
        String kind;
        String note = "";
        final List<Field> fields = new ArrayList<>();
        final List<Field> derived = new ArrayList<>();
        String reject;
        String hex;

        Builder(String name) {
            this.name = name;
        }

        Vector build(int line) {
            if (kind == null || hex == null) {
                throw new IllegalArgumentException("the record " + name + " before line " + (line + 1)
                        + " lacks 'kind:' or 'hex:'");
            }
            return new Vector(name, kind, note, fields, derived, reject, hex);
        }
    }

    // ---- values -------------------------------------------------------------------

    /** Bytes as a field value. */
    public static String bytes(byte[] b) {
        return "0x" + org.giggossip.core.util.Hex.encode(b);
    }

    /** A string as a field value: quoted, with JSON escapes, non-ASCII as {@code \\uXXXX}. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ---- the Markdown file ----------------------------------------------------------

    /** A Markdown rendering of the vectors under {@code intro}, for people; the text file is the reference. */
    public static String markdown(String title, List<String> intro, List<Vector> vectors) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        intro.forEach(line -> out.append(line).append('\n'));
        String section = null;
        for (Vector v : vectors) {
            int slash = v.name().indexOf('/');
            String s = slash < 0 ? v.name() : v.name().substring(0, slash);
            if (!s.equals(section)) {
                section = s;
                out.append("\n## ").append(s).append('\n');
            }
            out.append("\n### ").append(v.name()).append("\n\n");
            int size = v.hex().length() / 2;
            out.append("`").append(v.kind()).append("`, ").append(size).append(size == 1 ? " byte" : " bytes");
            if (v.isNegative()) {
                out.append(", **rejected: ").append(v.reject()).append("**");
            }
            out.append(v.note().isEmpty() ? "." : ". " + v.note()).append("\n\n");
            if (!v.fields().isEmpty() || !v.derived().isEmpty()) {
                out.append("```\n");
                List<Field> fs = v.fields();
                for (int i = 0; i < fs.size(); i++) {
                    Field f = fs.get(i);
                    boolean hasChildren = i + 1 < fs.size() && fs.get(i + 1).name().startsWith(f.name() + ".");
                    out.append(f.name()).append(" = ").append(hasChildren ? shorten(f.value()) : f.value())
                            .append('\n');
                }
                v.derived().forEach(f -> out.append("(derived) ").append(f).append('\n'));
                out.append("```\n\n");
            }
            out.append(v.isNegative() ? "Bytes:\n\n" : "Encoded:\n\n").append("```\n");
            String hex = v.hex();
            if (hex.isEmpty()) {
                out.append("(no bytes)\n");
            }
            for (int i = 0; i < hex.length(); i += MD_HEX_LINE) {
                out.append(hex, i, Math.min(hex.length(), i + MD_HEX_LINE)).append('\n');
            }
            out.append("```\n");
        }
        return out.toString();
    }

    /** A long byte value whose decoded fields follow, shortened. */
    private static String shorten(String value) {
        if (!value.startsWith("0x") || value.length() <= 2 + 2 * MD_SHORTEN_BYTES) {
            return value;
        }
        return value.substring(0, 2 + 2 * 16) + "... (" + (value.length() - 2) / 2 + " bytes, decoded below)";
    }

    // ---- the repository's files ---------------------------------------------------------

    /**
     * {@code docs/vectors} of the repository, seen from a module's directory (where
     * Surefire runs the tests: a {@code pom.xml} here and one above) or else from
     * the repository's root.
     */
    public static Path directory() {
        if (Files.exists(Path.of("pom.xml")) && Files.exists(Path.of("..", "pom.xml"))) {
            return Path.of("..", "docs", "vectors");
        }
        return Path.of("docs", "vectors");
    }

    /** Writes {@code text} to {@code file}, creating its directory. */
    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
