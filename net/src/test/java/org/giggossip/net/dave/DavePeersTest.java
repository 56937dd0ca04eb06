package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DavePeers}: uniform choice without repeats, the bound, the counters. */
class DavePeersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void choiceIsUniformWithoutRepeatsAndReachesTheLastCandidate() {
        DavePeers p = new DavePeers(100, new SplittableRandom(9));
        for (int i = 0; i < 5; i++) {
            p.seen("10.0.0." + i + ":1", T0);
        }
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            List<String> two = p.any(2, Set.of());
            assertThat(two).hasSize(2).doesNotHaveDuplicates();
            two.forEach(a -> count.merge(a, 1, Integer::sum));
        }
        // each of 5 is chosen 2/5 of the time: 4,000 expected; the original could skip the last one
        assertThat(count).hasSize(5);
        assertThat(count.values()).allSatisfy(c -> assertThat(c).isBetween(3_700, 4_300));
        assertThat(p.any(10, Set.of("10.0.0.0:1"))).hasSize(4).doesNotContain("10.0.0.0:1");
    }

    @Test
    void theTableIsBoundedButBootstrapPeersAlwaysFit() {
        DavePeers p = new DavePeers(3, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            p.learn("10.0.0." + i + ":1");
            p.seen("10.0.1." + i + ":1", T0);
        }
        assertThat(p.addresses()).hasSize(3);
        p.bootstrap("10.0.2.1:1");
        assertThat(p.addresses()).hasSize(4).contains("10.0.2.1:1");
    }

    @Test
    void aDatagramResetsBothCounters() {
        DavePeers p = new DavePeers(10, new SplittableRandom(1));
        p.seen("a:1", T0);
        Duration period = Duration.ofMillis(100);
        for (int k = 1; k <= 8; k++) {
            p.tick(T0.plus(period.multipliedBy(k)), period.multipliedBy(2), 2, 8);
        }
        assertThat(p.drops("a:1")).isEqualTo(2);
        assertThat(p.responsive(3, Set.of())).isEmpty();
        p.seen("a:1", T0.plusSeconds(1));
        assertThat(p.drops("a:1")).isZero();
        assertThat(p.pings("a:1")).isZero();
        assertThat(p.responsive(3, Set.of())).containsExactly("a:1");
    }
}
