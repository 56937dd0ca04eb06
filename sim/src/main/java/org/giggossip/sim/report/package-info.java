/**
 * The report of a run (docs/simulator.md): a streaming JSON writer, SVG charts (line
 * and bar, with nice ticks) and a self-contained HTML page, with deterministic number
 * formatting, so that equal runs give byte-identical files.
 *
 * <p>It knows nothing of Gig-gossip or of the simulator's world: it renders numbers
 * it is given, reads no clock, and writes a file only where its caller says.
 */
package org.giggossip.sim.report;
