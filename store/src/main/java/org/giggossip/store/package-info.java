/**
 * Persistence shared by the modules that keep state in SQL (the ledger of
 * {@code lightning}, the settler service's database, the node store):
 * {@link org.giggossip.store.JdbcStateTable} commits the
 * {@link org.giggossip.core.durable.StateChanges} of a sans-I/O state machine to
 * one keyed table, and {@link org.giggossip.store.FlywaySqlite} brings a SQLite
 * file's schema up to date with Flyway, adopting a file written before Flyway.
 *
 * <p>It uses {@code core} only, with JDBC and Flyway: it may not import {@code net},
 * {@code lightning}, {@code settler}, {@code sim} or {@code node}
 * (docs/architecture.md, "Modules"). The SQLite driver is reached through JDBC
 * alone.
 */
package org.giggossip.store;
