package org.giggossip.settler.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A settler database's JDBC URL, sorted into one of the two kinds we support:
 * {@code jdbc:sqlite:<path to a file>} or {@code jdbc:postgresql://host[:port]/database[?user=..&password=..]}.
 * {@link #describe()} names the database without the query string, so a
 * password in the URL never reaches a log line or an error message.
 */
record DatabaseUrl(Kind kind, String url, Path sqliteFile, String where) {

    /**
     * The two databases, with what differs between them: the column types the
     * migrations under {@code db/settler} name by Flyway placeholders.
     */
    enum Kind {
        SQLITE("SQLite", Map.of("bytes", "BLOB", "seq", "INTEGER PRIMARY KEY AUTOINCREMENT")),
        POSTGRESQL("PostgreSQL", Map.of("bytes", "BYTEA", "seq", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"));

        final String label;
        final Map<String, String> placeholders;

        Kind(String label, Map<String, String> placeholders) {
            this.label = label;
            this.placeholders = placeholders;
        }
    }

    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRESQL = "jdbc:postgresql:";
    static final int MAX_LENGTH = 4096;

    /** @throws DatabaseException when the URL is neither kind, or names no file */
    static DatabaseUrl parse(String url) {
        Objects.requireNonNull(url, "jdbcUrl");
        if (url.length() > MAX_LENGTH) {
            throw new DatabaseException("the database URL is longer than " + MAX_LENGTH + " characters");
        }
        if (url.startsWith(SQLITE)) {
            String path = url.substring(SQLITE.length());
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            if (path.isBlank() || path.startsWith(":memory:") || path.startsWith("file:")) {
                throw new DatabaseException("a SQLite database URL must name a file: jdbc:sqlite:<path>, not " + url);
            }
            Path file = Path.of(path).toAbsolutePath().normalize();
            return new DatabaseUrl(Kind.SQLITE, url, file, file.toString());
        }
        if (url.startsWith(POSTGRESQL)) {
            String rest = url.substring(POSTGRESQL.length());
            int query = rest.indexOf('?');
            String where = query >= 0 ? rest.substring(0, query) : rest;
            if (where.startsWith("//")) {
                where = where.substring(2);
            }
            if (where.isEmpty()) {
                where = "localhost:5432";
            } else if (where.indexOf('/') == 0) {
                where = "localhost:5432" + where;
            }
            return new DatabaseUrl(Kind.POSTGRESQL, url, null, where);
        }
        int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
        String scheme = colon > 0 && colon < 40 ? url.substring(0, colon + 1) : "(no scheme)";
        throw new DatabaseException("unsupported database URL " + scheme
                + " the settler runs on SQLite (jdbc:sqlite:<path>) or PostgreSQL (jdbc:postgresql://host:port/database)");
    }

    /** Which database and where, without user or password: {@code SQLite /var/gg/settler.db}. */
    String describe() {
        return kind.label + " " + where;
    }

    /** {@code host:port} of a PostgreSQL URL (the part before the database name). */
    String hostAndPort() {
        int slash = where.indexOf('/');
        return slash >= 0 ? where.substring(0, slash) : where;
    }
}
