-- The ledger's first schema: the ledger's state rows, the wallets' accounts and their journal.
-- Released migrations are never edited (Flyway checks their checksums); a change is a new file.
-- The statements' text is that of the hand-written schema this file replaced, so
-- an adopted database (docs/operations.md, "Databases and migrations") compares equal.

CREATE TABLE ledger_state (state_key TEXT PRIMARY KEY, state_value BLOB NOT NULL);

CREATE TABLE wallet_account (owner TEXT PRIMARY KEY, account INTEGER NOT NULL UNIQUE, custodial INTEGER NOT NULL, last_seq INTEGER NOT NULL);

CREATE TABLE wallet_journal (account INTEGER NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, event BLOB NOT NULL, PRIMARY KEY (account, seq));

CREATE INDEX wallet_journal_at ON wallet_journal (at_ms);
