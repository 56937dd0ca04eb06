/**
 * Proof of work (whitepaper §3.4 and §3.6; docs/protocol.md §5): the scheme named on
 * the wire, the target, the timestamp window that makes a proof expire, the
 * {@link org.giggossip.core.pow.PowVerifier}, which applies its own requirement and
 * never the sender's claim (docs/style.md 7), and the
 * {@link org.giggossip.core.pow.PowSolver}.
 *
 * <p>No sockets, files or system clock, and no module of ours. The solver is the one
 * class of {@code core} that starts threads: a host-side utility with an injected
 * clock; the engine only asks for solving.
 */
package org.giggossip.core.pow;
