package org.giggossip.core.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A key file could not be read, written or trusted. The message names the file
 * and says what to do about it, so it can be shown to an operator as is.
 */
public final class KeyFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String reason;

    public KeyFileException(Path path, String reason) {
        this(path, reason, null);
    }

    public KeyFileException(Path path, String reason, Throwable cause) {
        super("key file " + path + ": " + reason, cause);
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file concerned. */
    public Path path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }
}
