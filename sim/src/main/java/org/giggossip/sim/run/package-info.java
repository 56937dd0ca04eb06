/**
 * Measuring a run on the machine: the console progress line and the wall time, CPU
 * time and heap of a stretch of work.
 *
 * <p>The one package of {@code sim} that reads the wall clock and the JVM's memory.
 * What it measures depends on the machine, so it stays out of everything that must be
 * byte-identical between runs.
 */
package org.giggossip.sim.run;
