/**
 * The randomness of a simulation: {@link org.giggossip.sim.random.RandomStreams},
 * independent streams derived by name from one seed, so that a run is fixed by its
 * seed and adding a component does not change the draws of the others.
 *
 * <p>No other source of randomness may be used in a simulation; nothing here holds
 * global state (docs/style.md 10).
 */
package org.giggossip.sim.random;
