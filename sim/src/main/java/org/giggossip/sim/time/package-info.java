/**
 * Virtual time: nanoseconds since the simulation's epoch
 * ({@link org.giggossip.sim.time.SimTime}), the {@link org.giggossip.sim.time.Scheduler}
 * with its event queue ordered by time and then insertion, and the
 * {@link org.giggossip.sim.time.VirtualClock} given to the engines in place of the
 * system clock (docs/style.md 9).
 *
 * <p>Nothing here reads the wall clock, sleeps or starts a thread.
 */
package org.giggossip.sim.time;
