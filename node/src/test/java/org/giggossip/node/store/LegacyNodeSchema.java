package org.giggossip.node.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The node store's schema as the code before Flyway wrote it, kept verbatim
 * (statements and the {@code schema_version} bookkeeping) so tests can make the
 * files that code left behind and check that they are adopted.
 */
final class LegacyNodeSchema {
    private LegacyNodeSchema() {}

    private static final String SCHEMA_VERSION = """
            CREATE TABLE IF NOT EXISTS schema_version (
              version    INTEGER PRIMARY KEY,
              applied_ms INTEGER NOT NULL
            ) STRICT""";

    private static final List<List<String>> ALL = List.of(
            // 1: jobs, offers, invoices, preimages, peers
            List.of("""
                    CREATE TABLE jobs (
                      payload_id BLOB PRIMARY KEY CHECK (length(payload_id) = 16),
                      role       TEXT NOT NULL CHECK (role IN ('CUSTOMER', 'WORKER')),
                      state      TEXT NOT NULL CHECK (state IN ('OPEN', 'ACCEPTED', 'DONE', 'CANCELLED')),
                      topic      BLOB NOT NULL CHECK (length(topic) <= 65536),
                      created_ms INTEGER NOT NULL,
                      updated_ms INTEGER NOT NULL
                    ) STRICT""", """
                    CREATE TABLE offers (
                      id               INTEGER PRIMARY KEY,
                      payload_id       BLOB NOT NULL REFERENCES jobs (payload_id),
                      payment_hash     BLOB NOT NULL CHECK (length(payment_hash) = 32),
                      price_msat       INTEGER NOT NULL CHECK (price_msat >= 0),
                      network_fee_msat INTEGER NOT NULL CHECK (network_fee_msat >= 0),
                      reply            BLOB NOT NULL CHECK (length(reply) <= 16384),
                      state            TEXT NOT NULL CHECK (state IN ('RECEIVED', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
                      received_ms      INTEGER NOT NULL,
                      UNIQUE (payload_id, payment_hash)
                    ) STRICT""", """
                    CREATE TABLE invoices (
                      id           INTEGER PRIMARY KEY,
                      bolt11       TEXT NOT NULL UNIQUE CHECK (length(bolt11) <= 7089),
                      payment_hash BLOB NOT NULL CHECK (length(payment_hash) = 32),
                      role         TEXT NOT NULL CHECK (role IN ('ISSUED', 'PAID')),
                      amount_msat  INTEGER NOT NULL CHECK (amount_msat > 0),
                      expires_ms   INTEGER NOT NULL,
                      state        TEXT NOT NULL CHECK (state IN ('OPEN', 'ACCEPTED', 'SETTLED', 'CANCELLED')),
                      payload_id   BLOB CHECK (payload_id IS NULL OR length(payload_id) = 16),
                      created_ms   INTEGER NOT NULL,
                      updated_ms   INTEGER NOT NULL
                    ) STRICT""",
                    "CREATE INDEX invoices_by_hash ON invoices (payment_hash)",
                    "CREATE INDEX invoices_pending ON invoices (expires_ms) WHERE state IN ('OPEN', 'ACCEPTED')", """
                    CREATE TABLE preimages (
                      payment_hash BLOB PRIMARY KEY CHECK (length(payment_hash) = 32),
                      preimage     BLOB NOT NULL CHECK (length(preimage) = 32),
                      learned_ms   INTEGER NOT NULL
                    ) STRICT""", """
                    CREATE TABLE peers (
                      node_id      BLOB PRIMARY KEY CHECK (length(node_id) = 32),
                      host         TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
                      port         INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
                      last_seen_ms INTEGER NOT NULL,
                      pings        INTEGER NOT NULL DEFAULT 0 CHECK (pings >= 0),
                      drops        INTEGER NOT NULL DEFAULT 0 CHECK (drops >= 0)
                    ) STRICT"""),
            // 2: the engine's durable state
            List.of("""
                    CREATE TABLE engine_state (
                      id       INTEGER PRIMARY KEY CHECK (id = 1),
                      snapshot BLOB NOT NULL CHECK (length(snapshot) <= 67108864),
                      version  INTEGER NOT NULL,
                      saved_ms INTEGER NOT NULL
                    ) STRICT"""));


    /** The highest version the code before Flyway knew. */
    static final int LATEST = ALL.size();

    /** Writes {@code file} as the code before Flyway did, up to {@code version}, in WAL mode. */
    static void create(Path file, int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute(SCHEMA_VERSION);
            }
            c.setAutoCommit(false);
            for (int v = 1; v <= version; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : ALL.get(v - 1)) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, applied_ms) VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setLong(2, 1_700_000_000_000L + v);
                    p.executeUpdate();
                }
                c.commit();
            }
        }
    }
}
