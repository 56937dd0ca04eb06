/**
 * Verdicts on untrusted input (docs/style.md 6): a validator answers a
 * {@link org.giggossip.core.validation.Verdict} (accept, or reject with a reason)
 * instead of throwing, and a rejection carries a
 * {@link org.giggossip.core.validation.Penalty} that says how many such faults a peer
 * is allowed before its link is closed.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 * It depends on no other package of {@code core}.
 */
package org.giggossip.core.validation;
