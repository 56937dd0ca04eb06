package org.giggossip.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.Positions;
import org.junit.jupiter.api.Test;

class LatencyModelTest {
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void uniformStaysInItsRange() {
        LatencyModel m = new LatencyModel.Uniform(10, 20);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long d = m.delay(0, 1, random);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isEqualTo(10);
        assertThat(max).isEqualTo(20);
        assertThatThrownBy(() -> new LatencyModel.Uniform(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashedLinkBasesAreSymmetricFixedAndInRange() {
        LatencyModel.HashedLinks m = new LatencyModel.HashedLinks(99, 1000, 5000, 0);
        for (int a = 0; a < 50; a++) {
            for (int b = a + 1; b < 50; b++) {
                assertThat(m.base(a, b)).isEqualTo(m.base(b, a)).isBetween(1000L, 5000L);
                assertThat(m.delay(a, b, random)).isEqualTo(m.base(a, b));
            }
        }
        assertThat(m.base(1, 2)).isNotEqualTo(m.base(1, 3));
    }

    @Test
    void geographicDelayGrowsWithDistance() {
        // Sydney CBD, Parramatta (about 19 km west) and Melbourne (about 714 km).
        Positions p = new Positions(new double[] {-33.8688, -33.8150, -37.8136},
            new double[] {151.2093, 151.0011, 144.9631});
        LatencyModel.Geographic m = new LatencyModel.Geographic(p, SimTime.millis(5), 10 * SimTime.MICROSECOND, 0);
        assertThat(p.distanceKm(0, 2)).isBetween(700.0, 730.0);
        assertThat(m.base(0, 1)).isBetween(SimTime.millis(5), SimTime.millis(6));
        assertThat(m.delay(0, 2, random)).isBetween(SimTime.millis(12), SimTime.millis(13));
        LatencyModel.Geographic jittered = LatencyModel.Geographic.of(p);
        for (int i = 0; i < 1000; i++) {
            assertThat(jittered.delay(0, 2, random))
                .isBetween(jittered.base(0, 2), Math.round(jittered.base(0, 2) * 1.2));
        }
    }
}
