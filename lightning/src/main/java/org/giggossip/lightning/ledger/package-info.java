/**
 * The embedded hold-invoice ledger of {@code core} as a persistent wallet
 * backend: a regtest Lightning network in one SQLite file
 * ({@link org.giggossip.lightning.ledger.LedgerWallets}). State rows of the
 * ledger, owners of the accounts and each account's numbered event journal are
 * committed in one transaction per input, before any event is delivered, so a
 * process killed at any moment restarts with nothing lost or duplicated. The
 * schema is the Flyway migrations under {@code db/ledger}; a file written before
 * Flyway is adopted at its version (see {@code LedgerStore}).
 *
 * <p>Like all of {@code lightning}, it uses only {@code core} and {@code store} (the
 * state table, Flyway): it may not import {@code net}, {@code settler}, {@code sim} or
 * {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.lightning.ledger;
