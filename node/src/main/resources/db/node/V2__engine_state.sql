-- The engine's durable state: one snapshot row, so a node killed at any moment loses no money.

CREATE TABLE engine_state (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  snapshot BLOB NOT NULL CHECK (length(snapshot) <= 67108864),
  version  INTEGER NOT NULL,
  saved_ms INTEGER NOT NULL
) STRICT;
