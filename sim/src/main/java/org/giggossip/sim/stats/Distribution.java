package org.giggossip.sim.stats;

/**
 * A distribution of {@code long} samples (latencies in virtual nanoseconds, hop
 * counts, message sizes) that answers percentile queries. Percentiles use the
 * nearest-rank definition: {@code percentile(q)} is the smallest recorded value
 * {@code v} such that at least {@code q} of all samples are {@code <= v}, that
 * is the sample of rank {@code max(1, ceil(q * count))} in ascending order.
 *
 * <p>{@link Samples} answers exactly; {@link LogHistogram} within a stated
 * relative error in fixed memory.
 */
public interface Distribution {
    /** The number of samples. */
    long count();

    /** The smallest sample (exact); undefined when empty. */
    long min();

    /** The largest sample (exact); undefined when empty. */
    long max();

    /** The arithmetic mean, or NaN when empty. */
    double mean();

    /**
     * The nearest-rank percentile for {@code q} from 0 to 1 (0.5 is the median).
     *
     * @throws IllegalStateException when empty
     */
    long percentile(double q);

    /** The usual summary: count, min, p50, p90, p99, p99.9, max and mean. */
    default Percentiles summary() {
        if (count() == 0) {
            return Percentiles.EMPTY;
        }
        return new Percentiles(count(), min(), percentile(0.5), percentile(0.9), percentile(0.99),
            percentile(0.999), max(), mean());
    }

    /** The rank that {@code q} selects among {@code count} samples, 1-based. */
    static long rank(double q, long count) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, got " + q);
        }
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        return Math.max(1, Math.min(count, (long) Math.ceil(q * count)));
    }
}
