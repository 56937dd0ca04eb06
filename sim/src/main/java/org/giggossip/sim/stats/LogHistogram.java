package org.giggossip.sim.stats;

/**
 * A histogram of non-negative {@code long} samples in logarithmic buckets, for
 * more samples than {@link Samples} should keep: fixed memory (about 7,300
 * counters, 58 KB) whatever the count.
 *
 * <p><b>Precision.</b> Values below 256 have a bucket each and are exact. Above,
 * each power of two {@code [2^e, 2^(e+1))} is split into 128 equal buckets, so a
 * bucket's width is at most 1/128 of its lower bound. A percentile is reported
 * as the largest value of its bucket, never more than the true value times
 * {@code 1 + 1/128} (0.79% relative error) and never above {@link #max()};
 * {@code min}, {@code max}, {@code count} are exact, and {@code mean} is
 * computed from the exact sum (in a {@code double}).
 */
public final class LogHistogram extends RunningMoments {
    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];

    /** An empty histogram. */
    public LogHistogram() {}

    /**
     * Records one sample.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void add(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("LogHistogram takes values >= 0, got " + value);
        }
        counts[bucket(value)]++;
        record(value);
    }

    @Override
    public long percentile(double q) {
        long rank = Distribution.rank(q, count());
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.max(min(), Math.min(max(), highestIn(b)));
            }
        }
        return max();
    }

    /** The bucket of a value: exact below 2 * 128, then 128 buckets per power of two. */
    static int bucket(long value) {
        int e = 63 - Long.numberOfLeadingZeros(value);
        if (e <= SUB_BITS) {
            return (int) value;
        }
        int shift = e - SUB_BITS;
        return (shift + 1) * SUB_COUNT + (int) (value >>> shift) - SUB_COUNT;
    }

    /** The largest value that falls in bucket {@code b}. */
    static long highestIn(int b) {
        if (b < 2 * SUB_COUNT) {
            return b;
        }
        int shift = b / SUB_COUNT - 1;
        long mantissa = b % SUB_COUNT + SUB_COUNT;
        long lowest = mantissa << shift;
        return lowest + ((1L << shift) - 1);
    }
}
