-- The settler and regtest ledger a node serves ([settler] serve = true), as the keyed rows their
-- drainChanges produce, so that they survive a restart of that node (docs/settler.md).

CREATE TABLE served_ledger (
  state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
  state_value BLOB NOT NULL
) STRICT;

CREATE TABLE served_settler (
  state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
  state_value BLOB NOT NULL
) STRICT;

CREATE TABLE served_accounts (
  state_key   TEXT PRIMARY KEY CHECK (length(state_key) <= 256),
  state_value BLOB NOT NULL
) STRICT;
