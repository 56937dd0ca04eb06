package org.giggossip.sim.stats;

import java.util.Arrays;
import org.giggossip.sim.time.SimTime;

/**
 * Values over virtual time in fixed-width buckets: bucket {@code i} covers
 * {@code [i * width, (i + 1) * width)} nanoseconds and holds the sum and the
 * count of what was added in it (so both totals, such as messages per second,
 * and means, such as mean latency per second, can be read). Grows as time
 * advances; two arrays, no object per sample.
 */
public final class TimeSeries {
    private final long width;
    private double[] sums = new double[64];
    private long[] counts = new long[64];
    private int buckets;

    /** A series with buckets {@code widthNanos} wide, for example {@link SimTime#SECOND}. */
    public TimeSeries(long widthNanos) {
        if (widthNanos <= 0) {
            throw new IllegalArgumentException("bucket width must be positive, got " + widthNanos);
        }
        this.width = widthNanos;
    }

    /** The bucket width in nanoseconds. */
    public long width() {
        return width;
    }

    /** Adds one occurrence at virtual time {@code time}. */
    public void increment(long time) {
        add(time, 1.0);
    }

    /** Adds {@code value} at virtual time {@code time} ({@code >= 0}). */
    public void add(long time, double value) {
        if (time < 0) {
            throw new IllegalArgumentException("time must not be negative, got " + time);
        }
        long index = time / width;
        if (index > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("time " + time + " is too far for buckets of " + width + " ns");
        }
        int i = (int) index;
        if (i >= sums.length) {
            int capacity = Math.max(i + 1, sums.length + (sums.length >> 1));
            sums = Arrays.copyOf(sums, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        sums[i] += value;
        counts[i]++;
        buckets = Math.max(buckets, i + 1);
    }

    /** The number of buckets up to the last one that received anything. */
    public int bucketCount() {
        return buckets;
    }

    /** The start of bucket {@code i} in nanoseconds. */
    public long bucketStart(int i) {
        return i * width;
    }

    /** The sum of the values added in bucket {@code i}. */
    public double sum(int i) {
        return i < buckets ? sums[i] : 0;
    }

    /** The number of values added in bucket {@code i}. */
    public long count(int i) {
        return i < buckets ? counts[i] : 0;
    }

    /** The mean of the values added in bucket {@code i}, NaN if none. */
    public double mean(int i) {
        long c = count(i);
        return c == 0 ? Double.NaN : sum(i) / c;
    }

    /** Bucket start times in seconds, one per bucket: the x values of a chart. */
    public double[] startsInSeconds() {
        double[] xs = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            xs[i] = SimTime.toSeconds(bucketStart(i));
        }
        return xs;
    }

    /** The sums per bucket, divided by the bucket width in seconds: a rate per second. */
    public double[] ratesPerSecond() {
        double seconds = SimTime.toSeconds(width);
        double[] ys = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            ys[i] = sums[i] / seconds;
        }
        return ys;
    }

    /** The sums per bucket (a copy). */
    public double[] sums() {
        return Arrays.copyOf(sums, buckets);
    }

    /** The means per bucket, NaN where a bucket is empty. */
    public double[] means() {
        double[] ys = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            ys[i] = mean(i);
        }
        return ys;
    }
}
