package org.giggossip.node.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.giggossip.store.FlywaySqlite;

/**
 * The node store's schema: the Flyway migrations under {@code db/node} on the
 * classpath ({@code V1__...sql}, {@code V2__...sql}), applied in order, each in
 * its own transaction. Append only: a released migration is never edited (Flyway
 * refuses a file whose applied migrations' checksums changed), a change is a new
 * one, and {@link #LATEST} follows it.
 *
 * <p>Files written before Flyway recorded their version in a
 * {@code schema_version} table, one row per applied migration; {@link FlywaySqlite}
 * adopts them at that version and drops the table.
 */
final class Migrations {
    private Migrations() {}

    /** The highest version under {@code db/node}: the schema version this build writes. */
    static final int LATEST = 3;

    /** The node store's migrations, with the adoption of files from before Flyway. */
    static final FlywaySqlite SCHEMA = new FlywaySqlite("the node store", "db/node", LATEST, new VersionTable());

    /** The schema version this build writes. */
    static int latest() {
        return LATEST;
    }

    /** The hand-written {@code schema_version (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)}. */
    private static final class VersionTable implements FlywaySqlite.Legacy {
        @Override
        public String table() {
            return "schema_version";
        }

        /** Its versions must run 1, 2, ... n without a gap: migrations were applied in order. */
        @Override
        public int version(Connection c) throws SQLException {
            int expected = 1;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
                while (r.next()) {
                    long version = r.getLong(1);
                    if (r.wasNull() || version != expected) {
                        throw new SQLException("the node store's schema_version records version "
                                + (r.wasNull() ? "NULL" : Long.toString(version)) + " where " + expected
                                + " was due: the table is damaged; refusing to adopt the file");
                    }
                    expected++;
                }
            }
            return expected - 1;
        }
    }
}
