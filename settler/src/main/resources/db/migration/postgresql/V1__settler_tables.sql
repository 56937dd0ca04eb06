-- The settler's state rows (written through org.giggossip.core.durable.JdbcStateTable).
CREATE TABLE settler_state (
    state_key TEXT PRIMARY KEY,
    state_value BYTEA NOT NULL
);

-- Notices kept for their recipients; commits that append notices lock this
-- table first, so seqs are handed out in commit order.
CREATE TABLE notices (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_key TEXT NOT NULL,      -- recipient's x-only public key, 64 hex digits
    at BIGINT NOT NULL,        -- epoch milliseconds
    message BYTEA NOT NULL
);
CREATE INDEX notices_to_seq ON notices (to_key, seq);
CREATE INDEX notices_at ON notices (at);

-- Request nonces seen per caller until the request expires (replay protection).
CREATE TABLE nonces (
    caller TEXT NOT NULL,      -- caller's x-only public key, 64 hex digits
    nonce BYTEA NOT NULL,
    expires_at BIGINT NOT NULL, -- epoch milliseconds
    PRIMARY KEY (caller, nonce)
);
CREATE INDEX nonces_expires_at ON nonces (expires_at);
