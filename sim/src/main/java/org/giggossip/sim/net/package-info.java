/**
 * The virtual network of a simulation: {@link org.giggossip.sim.net.VirtualNetwork}
 * carries messages between nodes in virtual time, under pluggable latency, loss,
 * uplink bandwidth and churn ({@link org.giggossip.sim.net.NetworkConditions}), and
 * counts what it delivered and dropped.
 *
 * <p>No sockets and no wall clock: a message is a value handed from one simulated
 * node to another by the {@code sim.time} scheduler, and every random draw comes from
 * a stream of {@code sim.random}. It imports nothing outside {@code sim}.
 */
package org.giggossip.sim.net;
