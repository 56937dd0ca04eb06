/**
 * Keyed durable state for the sans-I/O state machines with a large state (the
 * settler's gigs, the ledger's accounts and invoices):
 * {@link org.giggossip.core.durable.StateChanges} collects the rows an input
 * changed, which the host commits before it acts on that input's outputs
 * (docs/architecture.md, "Durable state").
 *
 * <p>{@code StateChanges} performs no I/O: nothing here opens a connection, a file or
 * a socket, starts a thread or reads the system clock, and {@code core} holds no JDBC.
 * The hosts write such rows to SQL with {@code org.giggossip.store.JdbcStateTable}
 * (module {@code store}).
 */
package org.giggossip.core.durable;
