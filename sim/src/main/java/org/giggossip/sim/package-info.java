/**
 * Infrastructure of the discrete-event simulator (docs/architecture.md, "One engine,
 * three hosts"): virtual time ({@link org.giggossip.sim.time}), seeded random
 * streams ({@link org.giggossip.sim.random}), a virtual network with latency,
 * loss, bandwidth and churn ({@link org.giggossip.sim.net}), topologies
 * ({@link org.giggossip.sim.topology}), statistics ({@link org.giggossip.sim.stats}),
 * reports ({@link org.giggossip.sim.report}) and console progress and resource
 * measurement ({@link org.giggossip.sim.run}).
 *
 * <p>Nothing here holds global state: any number of simulations may run in one
 * JVM (docs/style.md 10). Everything that draws random numbers takes its stream from
 * one {@link org.giggossip.sim.random.RandomStreams}, so a run is fixed by its seed.
 *
 * <p>{@code sim} uses only {@code core}: it may not import {@code net}, {@code lightning},
 * {@code settler} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.sim;
