-- The node store's first schema: jobs, offers, invoices, preimages, peers.
-- Released migrations are never edited (Flyway checks their checksums); a change is a new file.
-- Tables are STRICT and repeat the checks the Java side makes before writing
-- (sizes, ranges, enum names), so a bug cannot store what a hostile peer could not.
-- The statements' text is that of the hand-written schema this file replaced, so
-- an adopted database (docs/operations.md, "Databases and migrations") compares equal.

CREATE TABLE jobs (
  payload_id BLOB PRIMARY KEY CHECK (length(payload_id) = 16),
  role       TEXT NOT NULL CHECK (role IN ('CUSTOMER', 'WORKER')),
  state      TEXT NOT NULL CHECK (state IN ('OPEN', 'ACCEPTED', 'DONE', 'CANCELLED')),
  topic      BLOB NOT NULL CHECK (length(topic) <= 65536),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;

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
) STRICT;

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
) STRICT;

CREATE INDEX invoices_by_hash ON invoices (payment_hash);

CREATE INDEX invoices_pending ON invoices (expires_ms) WHERE state IN ('OPEN', 'ACCEPTED');

CREATE TABLE preimages (
  payment_hash BLOB PRIMARY KEY CHECK (length(payment_hash) = 32),
  preimage     BLOB NOT NULL CHECK (length(preimage) = 32),
  learned_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE peers (
  node_id      BLOB PRIMARY KEY CHECK (length(node_id) = 32),
  host         TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port         INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  last_seen_ms INTEGER NOT NULL,
  pings        INTEGER NOT NULL DEFAULT 0 CHECK (pings >= 0),
  drops        INTEGER NOT NULL DEFAULT 0 CHECK (drops >= 0)
) STRICT;
