package org.giggossip.sim.stats;

/**
 * The exact count, sum, minimum and maximum that every {@link Distribution}
 * here keeps besides its samples or buckets. The sum is a {@code double}: exact
 * while it stays below 2^53, for example ten million samples of up to 900
 * seconds in nanoseconds.
 */
abstract class RunningMoments implements Distribution {
    private long count;
    private double sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Counts one sample into the moments. */
    final void record(long value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    @Override
    public final long count() {
        return count;
    }

    @Override
    public final long min() {
        return min;
    }

    @Override
    public final long max() {
        return max;
    }

    @Override
    public final double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
