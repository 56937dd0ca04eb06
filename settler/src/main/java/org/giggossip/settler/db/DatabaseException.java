package org.giggossip.settler.db;

/**
 * The settler database could not be opened, migrated or used. The message says
 * which database (never its password) and why; the cause, when there is one, is
 * the driver's or Flyway's exception.
 */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
