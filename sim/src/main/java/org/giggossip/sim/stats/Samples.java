package org.giggossip.sim.stats;

import java.util.Arrays;

/**
 * Every sample kept in a growable {@code long[]} (8 bytes a sample, so a hundred
 * million fit in under a gigabyte), giving exact percentiles. The array is
 * sorted on the first query after an addition, in place.
 */
public final class Samples extends RunningMoments {
    private long[] values;
    private int size;
    private boolean sorted = true;

    /** An empty set of samples. */
    public Samples() {
        this(1024);
    }

    /** An empty set with room for {@code expected} samples before it grows. */
    public Samples(int expected) {
        values = new long[Math.max(1, expected)];
    }

    /** Records one sample. */
    public void add(long value) {
        if (size == values.length) {
            int capacity = values.length + Math.max(values.length >> 1, 16);
            if (capacity < 0 || capacity > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many samples: " + size);
            }
            values = Arrays.copyOf(values, capacity);
        }
        if (sorted && size > 0 && value < values[size - 1]) {
            sorted = false;
        }
        values[size++] = value;
        record(value);
    }

    @Override
    public long percentile(double q) {
        long rank = Distribution.rank(q, size);
        sort();
        return values[(int) rank - 1];
    }

    /** The samples in ascending order (a copy). */
    public long[] sortedValues() {
        sort();
        return Arrays.copyOf(values, size);
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }
}
