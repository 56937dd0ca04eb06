/**
 * The randomness of a simulation: {@link org.giggossip.sim.random.RandomStreams},
 * independent streams derived by name from one seed, so that a run is fixed by its
 * seed and adding a component does not change the draws of the others; and
 * {@link org.giggossip.sim.random.SeededRandom}, a {@link java.security.SecureRandom}
 * fixed by a seed, which the simulated engines, settlers and ledgers draw their keys,
 * nonces and choices from. It is not secure: only {@code sim} (and what runs a
 * simulation) may use it, never production code (docs/style.md 10).
 *
 * <p>No other source of randomness may be used in a simulation; nothing here holds
 * global state (docs/style.md 10).
 */
package org.giggossip.sim.random;
