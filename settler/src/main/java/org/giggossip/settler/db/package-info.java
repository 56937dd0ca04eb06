/**
 * The settler service's database (docs/settler.md, "Database"): SQLite by default
 * or PostgreSQL, opened by {@code Connector} and migrated by
 * Flyway, behind the service's {@code SettlerDatabase} contract
 * ({@link org.giggossip.settler.db.JdbcSettlerDatabase}); every input's rows are
 * committed in one transaction.
 *
 * <p>Like all of {@code settler}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * Within {@code settler} it knows the service's contract only, never the HTTP layer.
 */
package org.giggossip.settler.db;
