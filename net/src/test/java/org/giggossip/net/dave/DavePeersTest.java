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

    @Test
    void aFloodOfLearnedAddressesKeepsAtMostTheCapUnheardAndNeverPushesOutHeardPeers() {
        DavePeers p = new DavePeers(1024, new SplittableRandom(3));
        for (int i = 0; i < 10; i++) {
            p.seen("10.0.0." + i + ":1", T0);
        }
        p.bootstrap("10.0.2.1:1");
        p.learn("10.9.0.1:1");
        p.seen("10.9.0.1:1", T0); // learned, then it answered: a real peer from now on
        for (int i = 0; i < 5_000; i++) {
            p.learn("172.16." + (i / 250) + "." + (i % 250) + ":9");
        }
        assertThat(p.unheard()).isEqualTo(DavePeers.MAX_UNHEARD).isEqualTo(64);
        assertThat(p.addresses()).hasSize(10 + 1 + 1 + 64);
        // the heard and bootstrap peers stayed; of the fakes only the newest 64, oldest dropped first
        assertThat(p.addresses()).contains("10.0.0.0:1", "10.0.0.9:1", "10.0.2.1:1", "10.9.0.1:1",
                "172.16.19.249:9", "172.16.19.186:9").doesNotContain("172.16.19.185:9", "172.16.0.0:9");
        // hearing from an unheard address takes it off the list: it is never evicted for a newer one
        p.seen("172.16.19.200:9", T0);
        assertThat(p.unheard()).isEqualTo(63);
        for (int i = 0; i < 200; i++) {
            p.learn("192.168.0." + i + ":9");
        }
        assertThat(p.addresses()).contains("172.16.19.200:9").doesNotContain("172.16.19.249:9");
        assertThat(p.unheard()).isEqualTo(64);
    }

    @Test
    void unheardAddressesRemovedByLivenessLeaveTheCount() {
        DavePeers p = new DavePeers(100, 4, new SplittableRandom(5));
        for (int i = 0; i < 4; i++) {
            p.learn("10.1.0." + i + ":1");
        }
        assertThat(p.unheard()).isEqualTo(4);
        Duration period = Duration.ofMillis(100);
        for (int k = 1; k <= 400 && !p.addresses().isEmpty(); k++) {
            p.tick(T0.plus(period.multipliedBy(k)), period.multipliedBy(2), 2, 8);
        }
        assertThat(p.addresses()).isEmpty();
        assertThat(p.unheard()).isZero();
    }
}
