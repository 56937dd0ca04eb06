-- One script for both databases: Flyway fills in the placeholders per database
-- (see org.giggossip.settler.db.DatabaseUrl.Kind):
--   ${bytes}  BLOB in SQLite, BYTEA in PostgreSQL
--   ${seq}    a numbering column that never hands out a number twice, even after
--             the newest rows are deleted: INTEGER PRIMARY KEY AUTOINCREMENT in
--             SQLite, BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY in PostgreSQL

-- The settler's state rows (written through org.giggossip.core.durable.JdbcStateTable).
CREATE TABLE settler_state (
    state_key TEXT PRIMARY KEY NOT NULL,
    state_value ${bytes} NOT NULL
);

-- Notices kept for their recipients, numbered in commit order.
CREATE TABLE notices (
    seq ${seq},
    to_key TEXT NOT NULL,       -- recipient's x-only public key, 64 hex digits
    at BIGINT NOT NULL,         -- epoch milliseconds
    message ${bytes} NOT NULL
);
CREATE INDEX notices_to_seq ON notices (to_key, seq);
CREATE INDEX notices_at ON notices (at);

-- Request nonces seen per caller until the request expires (replay protection).
CREATE TABLE nonces (
    caller TEXT NOT NULL,       -- caller's x-only public key, 64 hex digits
    nonce ${bytes} NOT NULL,
    expires_at BIGINT NOT NULL, -- epoch milliseconds
    PRIMARY KEY (caller, nonce)
);
CREATE INDEX nonces_expires_at ON nonces (expires_at);
