/**
 * Gig-gossip in the simulator (docs/simulator.md): the
 * {@link org.giggossip.sim.gig.World} of production engines, one per node, with one
 * settler and one embedded ledger on a virtual network; the host of each node
 * ({@code NodeHost}); scenarios and parameters; the attacks of
 * whitepaper §4.3 and the faults a payment chain must survive; and the run's
 * metrics, money audit, summary and report.
 *
 * <p>Like all of {@code sim}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code settler} or {@code node} (docs/architecture.md, "Modules").
 * Time is virtual and every random draw comes from the run's seed; the only wall-clock
 * figures are the machine lines of the report.
 */
package org.giggossip.sim.gig;
