package org.giggossip.settler.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to a settler database and brings its schema up to date.
 * SQLite: the file (and its directory) is created owner-only when missing, in
 * WAL mode with {@code synchronous=FULL} (a returned commit survives SIGKILL and
 * power loss) and a busy timeout; its connections stay in auto-commit mode and
 * {@link #begin} takes the write lock at once ({@code BEGIN IMMEDIATE}), so two
 * writers never interleave and an idle connection holds no lock. (The driver's
 * own non-auto-commit mode would open the next transaction as soon as one
 * commits, keeping the file locked between calls.) PostgreSQL: user and
 * password come from the URL or the given properties; connections run with
 * auto-commit off.
 */
final class Connector {
    private static final System.Logger LOG = System.getLogger(Connector.class.getName());
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final String CONNECT_TIMEOUT_S = "10";
    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIR = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final DatabaseUrl url;
    private final Properties properties;

    Connector(DatabaseUrl url, Properties properties) {
        this.url = url;
        this.properties = new Properties();
        this.properties.putAll(properties);
    }

    DatabaseUrl url() {
        return url;
    }

    /** Creates the SQLite file when missing, then runs the migrations Flyway has not applied yet. */
    void prepare() {
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            createOwnerOnly(url.sqliteFile());
        }
        // A first connection of our own: for SQLite it switches the file to WAL
        // (a persistent setting) before Flyway writes to it.
        try (Connection ignored = connect()) {
            migrate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot close " + url.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A new connection, ready for {@link #begin}. */
    Connection connect() {
        try {
            Connection c = switch (url.kind()) {
                case SQLITE -> sqliteConfig().createConnection(url.url());
                case POSTGRESQL -> DriverManager.getConnection(url.url(), postgresProperties());
            };
            c.setAutoCommit(url.kind() == DatabaseUrl.Kind.SQLITE);
            return c;
        } catch (SQLException e) {
            throw switch (url.kind()) {
                case SQLITE -> new DatabaseException("cannot open " + url.describe() + ": " + e.getMessage(), e);
                // the driver's message names the host and the user, never the password
                case POSTGRESQL -> new DatabaseException("cannot connect to PostgreSQL at " + url.hostAndPort()
                        + " (" + url.describe() + "): " + e.getMessage(), e);
            };
        }
    }

    /** Starts a transaction on {@code c}, a connection from {@link #connect}. */
    void begin(Connection c) throws SQLException {
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        }
    }

    /** Commits the transaction {@link #begin} started. */
    void commit(Connection c) throws SQLException {
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            c.commit();
        }
    }

    /** Rolls back the transaction {@link #begin} started, if it is still open. */
    void rollback(Connection c) throws SQLException {
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                // "no transaction is active": the failure came before BEGIN took hold, or SQLite rolled back itself
                if (!String.valueOf(e.getMessage()).contains("no transaction")) {
                    throw e;
                }
            }
        } else {
            c.rollback();
        }
    }

    private SQLiteConfig sqliteConfig() {
        SQLiteConfig config = new SQLiteConfig(properties);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        return config;
    }

    private Properties postgresProperties() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", CONNECT_TIMEOUT_S);
        p.setProperty("ApplicationName", "gg-settler");
        p.putAll(properties);
        return p;
    }

    private void migrate() {
        try {
            Flyway flyway = Flyway.configure(Connector.class.getClassLoader())
                    .dataSource(url.url(), properties.getProperty("user"), properties.getProperty("password"))
                    .locations("classpath:db/settler")
                    .placeholders(url.kind().placeholders)
                    .failOnMissingLocations(true)
                    .load();
            MigrateResult result = flyway.migrate();
            LOG.log(System.Logger.Level.INFO, "settler database {0}: schema version {1} ({2} migrations applied)",
                    url.describe(), flyway.info().current().getVersion(), result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new DatabaseException("migrating " + url.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Creates {@code file}, and any missing directory above it, readable by their owner only. */
    private static void createOwnerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = file.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, attribute(OWNER_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!Files.exists(file)) {
                try {
                    if (posix) {
                        Files.createFile(file, attribute(OWNER_FILE));
                    } else {
                        Files.createFile(file);
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: theirs stands
                }
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot create the SQLite database " + file + ": " + e, e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
