package org.giggossip.sim.stats;

/**
 * The summary of a {@link Distribution}, as reports print it.
 *
 * @param count number of samples
 * @param min   smallest sample
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest sample
 * @param mean  arithmetic mean (NaN when empty)
 */
public record Percentiles(long count, long min, long p50, long p90, long p99, long p999, long max, double mean) {
    /** The summary of no samples: zero count, zero values and a NaN mean. */
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, Double.NaN);
}
