package org.giggossip.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a SQLite file's schema up to date with Flyway, on the one connection
 * its store owns (Flyway runs SQLite on a single connection; it is lent here and
 * never closed). The migrations are SQL files under a classpath location
 * (the node store's {@code db/node}, the ledger's {@code db/ledger}); Flyway
 * records them in {@value #HISTORY} and checks their checksums on every open.
 *
 * <p>A file written before Flyway carries the hand-written version table
 * {@link Legacy#table()} instead. It is <em>adopted</em>: its schema is compared,
 * statement by statement, with the one the migrations build up to the version
 * it records; when they match, Flyway records a baseline at that version, the
 * old table is dropped and the later migrations run. Rows are never touched.
 *
 * <p>Refused with a {@link SQLException} that says why, and left as found: a file
 * from a newer build (a version above {@link #latest}); a file whose history
 * records a failed migration or whose applied migrations differ from ours; an
 * adopted file whose schema is not the one its version table claims; a file
 * holding tables but no version record at all.
 */
public final class FlywaySqlite {
    /** Flyway's history table (its default name). */
    public static final String HISTORY = "flyway_schema_history";

    /** How the hand-written predecessor recorded the version of a file. */
    public interface Legacy {
        /** The name of its version table. */
        String table();

        /** The version the table records, 0 when none; a malformed table is refused. */
        int version(Connection c) throws SQLException;
    }

    private final String what;
    private final String location;
    private final int latest;
    private final Legacy legacy;

    /**
     * @param what     the store's name in messages ("the node store")
     * @param location the migrations' classpath folder
     * @param latest   the highest migration version under {@code location}
     * @param legacy   the version table of files written before Flyway
     */
    public FlywaySqlite(String what, String location, int latest, Legacy legacy) {
        this.what = Objects.requireNonNull(what, "what");
        this.location = Objects.requireNonNull(location, "location");
        this.latest = latest;
        this.legacy = Objects.requireNonNull(legacy, "legacy");
    }

    /** The schema version this build writes. */
    public int latest() {
        return latest;
    }

    /** Adopts, checks and migrates the database of {@code c}, which is left in auto-commit mode. */
    public void migrate(Connection c) throws SQLException {
        c.setAutoCommit(true);
        TreeSet<String> tables = tables(c);
        if (tables.contains(HISTORY)) {
            checkHistory(c);
            if (tables.contains(legacy.table())) {
                // an adoption stopped between the baseline and the drop
                dropLegacy(c);
            }
        } else if (tables.contains(legacy.table())) {
            adopt(c, tables);
        } else if (!tables.isEmpty()) {
            throw new SQLException(what + " holds the tables " + tables
                    + " but no schema history (" + HISTORY + " or " + legacy.table() + "): not a file of ours,"
                    + " or one damaged; refusing to change it");
        }
        try {
            flyway(c).load().migrate();
        } catch (FlywayException e) {
            throw new SQLException("migrating " + what + " failed: " + e.getMessage(), e);
        }
    }

    /** The applied versions in Flyway's history, ascending (an adopted file's baseline counts as one). */
    public static List<Integer> appliedVersions(Connection c) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM " + HISTORY
                     + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank")) {
            while (r.next()) {
                out.add(Integer.parseInt(r.getString(1)));
            }
        }
        out.sort(null);
        return out;
    }

    private void checkHistory(Connection c) throws SQLException {
        MigrationVersion known = MigrationVersion.fromVersion(Integer.toString(latest));
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, success FROM " + HISTORY + " WHERE version IS NOT NULL")) {
            while (r.next()) {
                String text = r.getString(1);
                MigrationVersion version;
                try {
                    version = MigrationVersion.fromVersion(text);
                } catch (FlywayException e) {
                    throw new SQLException(what + " records a migration to version '" + text
                            + "', which is not a version: the file is damaged", e);
                }
                if (version.compareTo(known) > 0) {
                    throw new SQLException(what + " is at schema version " + text + ", newer than this build's "
                            + latest + ": run a newer build, or restore a backup made by this one");
                }
                if (r.getInt(2) != 1) {
                    throw new SQLException(what + " records a failed migration to version " + text
                            + ": the file is partially migrated; restore it from a backup");
                }
            }
        }
    }

    private void adopt(Connection c, TreeSet<String> tables) throws SQLException {
        int version = legacy.version(c);
        if (version > latest) {
            throw new SQLException(what + " is at schema version " + version + " (" + legacy.table()
                    + "), newer than this build's " + latest
                    + ": run a newer build, or restore a backup made by this one");
        }
        if (version == 0) {
            // the hand-written code created its version table before its first migration
            TreeSet<String> others = new TreeSet<>(tables);
            others.remove(legacy.table());
            if (!others.isEmpty()) {
                throw new SQLException(what + " holds the tables " + others + " but its " + legacy.table()
                        + " records no version: the file is partially migrated; refusing to change it");
            }
            dropLegacy(c);
            return;
        }
        Map<String, String> expected;
        try (Connection memory = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            flyway(memory).target(MigrationVersion.fromVersion(Integer.toString(version))).load().migrate();
            expected = schema(memory);
        } catch (FlywayException e) {
            throw new SQLException("building " + what + "'s schema version " + version + " failed: "
                    + e.getMessage(), e);
        }
        List<String> differences = differences(expected, schema(c));
        if (!differences.isEmpty()) {
            throw new SQLException(what + " records schema version " + version + " in " + legacy.table()
                    + " but its schema is not that version's (" + String.join("; ", differences)
                    + "): the file is partially migrated or was changed by hand; refusing to adopt it");
        }
        try {
            flyway(c).baselineVersion(Integer.toString(version))
                    .baselineDescription("adopted from " + legacy.table() + " version " + version)
                    .load().baseline();
        } catch (FlywayException e) {
            throw new SQLException("adopting " + what + " at version " + version + " failed: " + e.getMessage(), e);
        }
        dropLegacy(c);
    }

    private void dropLegacy(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + legacy.table());
        }
    }

    private FluentConfiguration flyway(Connection c) {
        return Flyway.configure(FlywaySqlite.class.getClassLoader())
                .dataSource(lent(c))
                .locations("classpath:" + location)
                .failOnMissingLocations(true);
    }

    /** The names of the tables in the file, SQLite's own left out. */
    private static TreeSet<String> tables(Connection c) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_master"
                     + " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** Every table, index, view and trigger outside the version tables, by type and name, with its statement. */
    private Map<String, String> schema(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master"
                     + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name NOT IN ('" + HISTORY + "', '"
                     + legacy.table() + "')")) {
            while (r.next()) {
                out.put(r.getString(1) + " " + r.getString(2), normalize(r.getString(3)));
            }
        }
        return out;
    }

    /** The statement with its layout (runs of white space, spaces beside brackets and commas) made canonical. */
    public static String normalize(String sql) {
        return sql == null ? "" : sql.strip().replaceAll("\\s+", " ").replaceAll(" ?([(),]) ?", "$1");
    }

    private static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((name, sql) -> {
            String found = actual.get(name);
            if (found == null) {
                out.add("missing " + name);
            } else if (!found.equals(sql)) {
                out.add(name + " differs");
            }
        });
        actual.keySet().stream().filter(name -> !expected.containsKey(name)).forEach(name -> out.add("unexpected "
                + name));
        return out;
    }

    /** A data source that hands out {@code c} and ignores Flyway's attempts to close it. */
    private static DataSource lent(Connection c) {
        Connection kept = (Connection) Proxy.newProxyInstance(FlywaySqlite.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        default:
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return kept;
            }

            @Override
            public Connection getConnection(String user, String password) {
                return kept;
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
                // no log writer: Flyway logs through its own logger
            }

            @Override
            public void setLoginTimeout(int seconds) {
                // the connection is open already
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException("no parent logger");
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                if (type.isInstance(this)) {
                    return type.cast(this);
                }
                throw new SQLException("not a wrapper of " + type.getName());
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return type.isInstance(this);
            }
        };
    }
}
