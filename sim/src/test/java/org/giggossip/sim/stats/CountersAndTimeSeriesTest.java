package org.giggossip.sim.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.giggossip.sim.time.SimTime;
import org.junit.jupiter.api.Test;

class CountersAndTimeSeriesTest {
    @Test
    void countersKeepCreationOrder() {
        Counters c = new Counters();
        c.counter("sent").add(5);
        c.counter("delivered").increment();
        c.counter("sent").increment();
        assertThat(c.snapshot()).containsExactly(
            java.util.Map.entry("sent", 6L), java.util.Map.entry("delivered", 1L));
        assertThat(c.get("missing")).isZero();
    }

    @Test
    void timeSeriesBucketsByVirtualSecond() {
        TimeSeries t = new TimeSeries(SimTime.SECOND);
        t.increment(0);
        t.add(SimTime.millis(999), 3);
        t.add(SimTime.millis(2500), 10);
        t.add(SimTime.seconds(200), 1);
        assertThat(t.bucketCount()).isEqualTo(201);
        assertThat(t.sum(0)).isEqualTo(4);
        assertThat(t.count(0)).isEqualTo(2);
        assertThat(t.mean(0)).isEqualTo(2);
        assertThat(t.mean(1)).isNaN();
        assertThat(t.sum(2)).isEqualTo(10);
        assertThat(t.sum(500)).isZero();
        assertThat(t.startsInSeconds()[2]).isEqualTo(2.0);
        assertThat(t.ratesPerSecond()[0]).isEqualTo(4.0);
        TimeSeries half = new TimeSeries(SimTime.millis(500));
        half.add(0, 3);
        assertThat(half.ratesPerSecond()[0]).isEqualTo(6.0);
        assertThat(half.sums()).containsExactly(3.0);
        assertThat(t.means()[2]).isEqualTo(10.0);
    }
}
