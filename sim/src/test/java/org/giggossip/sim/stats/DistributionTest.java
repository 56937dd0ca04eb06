package org.giggossip.sim.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DistributionTest {
    @Test
    void nearestRankOnASmallExample() {
        Samples s = new Samples(1);
        for (long v : new long[] {15, 20, 35, 40, 50}) {
            s.add(v);
        }
        assertThat(s.percentile(0)).isEqualTo(15);
        assertThat(s.percentile(0.05)).isEqualTo(15);
        assertThat(s.percentile(0.3)).isEqualTo(20);
        assertThat(s.percentile(0.4)).isEqualTo(20);
        assertThat(s.percentile(0.5)).isEqualTo(35);
        assertThat(s.percentile(1)).isEqualTo(50);
        assertThat(s.summary()).isEqualTo(new Percentiles(5, 15, 35, 50, 50, 50, 50, 32.0));
    }

    @Test
    void emptyAndInvalidQueries() {
        assertThat(new Samples().summary()).isEqualTo(Percentiles.EMPTY);
        assertThat(new LogHistogram().summary()).isEqualTo(Percentiles.EMPTY);
        assertThatThrownBy(() -> new Samples().percentile(0.5)).isInstanceOf(IllegalStateException.class);
        Samples one = new Samples();
        one.add(1);
        assertThatThrownBy(() -> one.percentile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogHistogram().add(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Exact percentiles equal the sorted array at the nearest rank, also after adding more. */
    @Property(tries = 300)
    void samplesMatchASortedArray(@ForAll @Size(min = 1, max = 500) List<@LongRange(min = -1_000_000, max = 1_000_000) Long> values,
                                  @ForAll @DoubleRange(min = 0, max = 1) double q) {
        Samples s = new Samples(4);
        long[] sorted = new long[values.size()];
        for (int i = 0; i < values.size(); i++) {
            s.add(values.get(i));
            sorted[i] = values.get(i);
            if (i == values.size() / 2) {
                s.percentile(0.5); // sorts part-way; later adds must still count
            }
        }
        Arrays.sort(sorted);
        int rank = Math.max(1, (int) Math.ceil(q * sorted.length));
        assertThat(s.percentile(q)).isEqualTo(sorted[rank - 1]);
        assertThat(s.min()).isEqualTo(sorted[0]);
        assertThat(s.max()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(s.sortedValues()).isEqualTo(sorted);
        assertThat(s.mean()).isCloseTo(Arrays.stream(sorted).average().orElseThrow(), org.assertj.core.data.Offset.offset(1e-6));
    }

    /** The log histogram is exact below 256 and otherwise above the truth by at most 1/128. */
    @Property(tries = 300)
    void logHistogramStaysWithinItsStatedError(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = Long.MAX_VALUE / 2) Long> values,
            @ForAll @DoubleRange(min = 0, max = 1) double q) {
        LogHistogram h = new LogHistogram();
        Samples exact = new Samples();
        for (long v : values) {
            h.add(v);
            exact.add(v);
        }
        long truth = exact.percentile(q);
        long approx = h.percentile(q);
        assertThat(approx).isGreaterThanOrEqualTo(truth);
        assertThat((double) approx).isLessThanOrEqualTo(truth < 256 ? truth : truth * (1 + 1.0 / 128));
        assertThat(h.count()).isEqualTo(exact.count());
        assertThat(h.min()).isEqualTo(exact.min());
        assertThat(h.max()).isEqualTo(exact.max());
    }

    @Test
    void logHistogramBucketsAreContiguous() {
        assertThat(LogHistogram.bucket(0)).isZero();
        assertThat(LogHistogram.bucket(255)).isEqualTo(255);
        assertThat(LogHistogram.bucket(256)).isEqualTo(256);
        assertThat(LogHistogram.bucket(257)).isEqualTo(256);
        assertThat(LogHistogram.bucket(258)).isEqualTo(257);
        assertThat(LogHistogram.highestIn(LogHistogram.bucket(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        for (long v = 1; v > 0 && v < Long.MAX_VALUE / 3; v = v * 3 + 1) {
            int b = LogHistogram.bucket(v);
            assertThat(LogHistogram.highestIn(b)).isGreaterThanOrEqualTo(v);
            assertThat(LogHistogram.bucket(LogHistogram.highestIn(b) + 1)).isEqualTo(b + 1);
        }
    }
}
