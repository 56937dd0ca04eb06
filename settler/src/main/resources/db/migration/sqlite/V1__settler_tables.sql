-- The settler's state rows (written through org.giggossip.core.durable.JdbcStateTable).
CREATE TABLE settler_state (
    state_key TEXT PRIMARY KEY NOT NULL,
    state_value BLOB NOT NULL
);

-- Notices kept for their recipients; AUTOINCREMENT so a seq is never reused,
-- even after the newest notices are pruned.
CREATE TABLE notices (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    to_key TEXT NOT NULL,      -- recipient's x-only public key, 64 hex digits
    at BIGINT NOT NULL,        -- epoch milliseconds
    message BLOB NOT NULL
);
CREATE INDEX notices_to_seq ON notices (to_key, seq);
CREATE INDEX notices_at ON notices (at);

-- Request nonces seen per caller until the request expires (replay protection).
CREATE TABLE nonces (
    caller TEXT NOT NULL,      -- caller's x-only public key, 64 hex digits
    nonce BLOB NOT NULL,
    expires_at BIGINT NOT NULL, -- epoch milliseconds
    PRIMARY KEY (caller, nonce)
);
CREATE INDEX nonces_expires_at ON nonces (expires_at);
