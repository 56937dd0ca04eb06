/**
 * Network topologies for the simulator (docs/simulator.md): random k-regular graphs,
 * Watts–Strogatz small worlds and a city model of suburbs with geographic positions,
 * stored in compressed sparse rows, with their connected components and the measures
 * researchers quote.
 *
 * <p>Plain computation: no I/O, no clock, and randomness only from the stream passed in.
 */
package org.giggossip.sim.topology;
