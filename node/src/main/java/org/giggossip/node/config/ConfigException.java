package org.giggossip.node.config;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used. The message always names the file
 * and, when the fault is on one line, that line ({@code node.ini:12: ...}), so
 * an operator can go straight to it.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;

    /** A fault on {@code line} (1-based) of {@code file}; 0 when it concerns the whole file. */
    public ConfigException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** A fault of the whole file caused by {@code cause} (an I/O error, say). */
    public ConfigException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.line = 0;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the fault is not on one line. */
    public int line() {
        return line;
    }
}
