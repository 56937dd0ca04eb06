/**
 * The statistics of a simulation: counters, distributions with exact or logarithmic
 * buckets and their percentiles, running moments, and time series over virtual time.
 *
 * <p>Plain computation: no I/O, no clock and no randomness.
 */
package org.giggossip.sim.stats;
