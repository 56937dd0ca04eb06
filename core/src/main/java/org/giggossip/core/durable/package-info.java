/**
 * Keyed durable state for the sans-I/O state machines with a large state (the
 * settler's gigs, the ledger's accounts and invoices):
 * {@link org.giggossip.core.durable.StateChanges} collects the rows an input
 * changed, which the host commits before it acts on that input's outputs
 * (docs/architecture.md, "Durable state").
 *
 * <p>{@code StateChanges} performs no I/O. {@code JdbcStateTable} writes such rows to
 * one SQL table over a connection and in a transaction that its caller owns: the only
 * use of {@code java.sql} in {@code core}. Nothing here opens a connection, a file or
 * a socket, starts a thread or reads the system clock.
 */
package org.giggossip.core.durable;
