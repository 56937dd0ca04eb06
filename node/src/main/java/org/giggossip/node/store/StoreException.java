package org.giggossip.node.store;

/**
 * The node store failed (the disk, the database file, a schema from a newer
 * build). Unchecked: the daemon cannot go on without its store and stops;
 * values refused before writing are {@link IllegalArgumentException}s instead.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure without an underlying exception. */
    public StoreException(String message) {
        super(message);
    }
}
