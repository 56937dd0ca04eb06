/**
 * The protocol engine (whitepaper §3; docs/architecture.md, "One engine, three
 * hosts"): {@link org.giggossip.core.engine.Engine}, one node's deterministic
 * state machine, written once and run by the simulator, the daemon and the tests.
 * Inputs are method calls (a frame from a peer, a timer, a proof-of-work result, a
 * wallet event, a settler answer, an app command); outputs are
 * {@link org.giggossip.core.engine.Output}s in order. Inside: the broadcast and
 * relaying (whitepaper §3.3 to §3.6), the customer's jobs, the worker's replies and
 * the reply chain back with its hold invoices (§3.7 to §3.9), and the durable
 * snapshot ({@link org.giggossip.core.engine.EngineSnapshot}).
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 * The clock and the {@link java.security.SecureRandom} are injected; the module rules
 * ({@code org.giggossip.node.arch.ModuleRules}) check every class of {@code core} for
 * threads, sockets, files, the system clock and randomness of its own.
 */
package org.giggossip.core.engine;
