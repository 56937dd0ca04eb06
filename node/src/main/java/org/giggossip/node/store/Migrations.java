package org.giggossip.node.store;

import java.util.List;

/**
 * The node store's schema, as an ordered list of migrations: migration {@code i}
 * (0-based) brings the schema to version {@code i + 1}. Append only: a released
 * migration is never edited, a change is a new one. {@link NodeStore} applies
 * the missing ones in order, each in its own transaction together with its row
 * in {@code schema_version}.
 *
 * <p>Tables are {@code STRICT} and repeat the checks the Java side makes before
 * writing (sizes, ranges, enum names), so a bug cannot store what a
 * hostile peer could not.
 */
final class Migrations {
    private Migrations() {}

    /** The version table itself; created before anything else, outside the list. */
    static final String SCHEMA_VERSION = """
            CREATE TABLE IF NOT EXISTS schema_version (
              version    INTEGER PRIMARY KEY,
              applied_ms INTEGER NOT NULL
            ) STRICT""";

    /** Each migration's statements, in order. */
    static final List<List<String>> ALL = List.of(
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
            // 2: the engine's durable state (issue 4: a node killed at any moment loses no money)
            List.of("""
                    CREATE TABLE engine_state (
                      id       INTEGER PRIMARY KEY CHECK (id = 1),
                      snapshot BLOB NOT NULL CHECK (length(snapshot) <= 67108864),
                      version  INTEGER NOT NULL,
                      saved_ms INTEGER NOT NULL
                    ) STRICT"""),
            // 3: the settler and regtest ledger a node serves ([settler] serve = true; issue 15: they survive
            // a restart of that node), as the keyed rows their drainChanges produce
            List.of("""
                    CREATE TABLE served_ledger (
                      state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
                      state_value BLOB NOT NULL
                    ) STRICT""", """
                    CREATE TABLE served_settler (
                      state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
                      state_value BLOB NOT NULL
                    ) STRICT""", """
                    CREATE TABLE served_accounts (
                      state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
                      state_value BLOB NOT NULL
                    ) STRICT"""));

    /** The schema version this build writes. */
    static int latest() {
        return ALL.size();
    }
}
