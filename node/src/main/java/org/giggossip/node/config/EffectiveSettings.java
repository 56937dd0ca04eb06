package org.giggossip.node.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;

/**
 * The effective settings of a configuration file as INI text ({@code gg node --check},
 * {@code gg settler --check}): every key with the value it takes, defaults included, a
 * key without a value as a comment, so that the text is itself a valid file. Secrets
 * are never written: key files are named by path only, and the passwords and user
 * information of URLs are masked ({@link #redact}).
 *
 * <p>Also the checks of the files a configuration names that a start would otherwise
 * find late ({@link #problems}): they only read, never create.
 */
public final class EffectiveSettings {
    /** URL user information: {@code //user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");
    /** A query or JDBC parameter that holds a secret: {@code password=...}, {@code sslpassword=...}, tokens. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;][^=&;?#]*(?:password|passwd|pwd|secret|token|key)[^=&;?#]*=)[^&;#]*");

    private final StringBuilder text = new StringBuilder(1024);
    private final List<String> problems = new ArrayList<>();

    EffectiveSettings(String title) {
        text.append("; ").append(title).append('\n');
    }

    /** A comment line; an empty one is a blank line. */
    EffectiveSettings comment(String line) {
        text.append(line.isEmpty() ? "" : "; ").append(line).append('\n');
        return this;
    }

    /** Starts {@code [name]}. */
    EffectiveSettings section(String name) {
        text.append('\n').append('[').append(name).append("]\n");
        return this;
    }

    /** {@code key = value}. */
    EffectiveSettings set(String key, Object value) {
        text.append(key).append(" = ").append(value).append('\n');
        return this;
    }

    /** {@code key = value}, or a comment saying the key is not set. */
    EffectiveSettings set(String key, Optional<?> value) {
        return value.isPresent() ? set(key, value.get()) : comment(key + " = (not set)");
    }

    /** {@code key = a, b, c}, or a comment saying the list is empty. */
    EffectiveSettings list(String key, Collection<?> values) {
        if (values.isEmpty()) {
            return comment(key + " = (none)");
        }
        return set(key, String.join(", ", values.stream().map(String::valueOf).toList()));
    }

    /** Records a problem that makes the configuration invalid. */
    void problem(String message) {
        problems.add(message);
    }

    /** The INI text. */
    public String text() {
        return text.toString();
    }

    /** What would stop a start (a key file that does not load, a missing LND file...); empty if none. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * {@code url} with its user information and secret parameters masked: {@code
     * jdbc:postgresql://db/gg?user=gg&password=s3cret} becomes {@code ...&password=***}.
     */
    public static String redact(String url) {
        String s = USER_INFO.matcher(url).replaceAll("//***@");
        return SECRET_PARAM.matcher(s).replaceAll("$1***");
    }

    /** A key file: if it exists it must load (it is read, never printed); else the start creates it. */
    void keyFile(String what, Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                KeyFile.load(file);
            } catch (KeyFileException e) {
                problem(what + ": " + e.getMessage());
            }
        } else {
            comment(what + " " + file + " does not exist yet: created on first start");
        }
    }

    /** A file the configuration names that must exist and be readable (LND's certificate and macaroon). */
    void readableFile(String what, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problem(what + " " + file + ": not a readable file");
        }
    }

    /** A data directory: a directory if it exists; else the start creates it. */
    void dataDir(String what, Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                problem(what + " " + dir + ": exists and is not a directory");
            }
        } else {
            comment(what + " " + dir + " does not exist yet: created on first start");
        }
    }
}
