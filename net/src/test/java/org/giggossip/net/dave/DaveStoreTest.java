package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DaveStore}: bounded by bytes, evicting the lightest by work and age. */
class DaveStoreTest {
    private static final Duration P = Duration.ofMillis(100);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DaveMsg dat(int i, int valBytes) {
        byte[] work = new byte[32];
        work[0] = (byte) (i >> 8);
        work[1] = (byte) i;
        work[31] = 1;
        return new DaveMsg(DaveMsg.Op.DAT, List.of(), new byte[0], work, new byte[32], new byte[valBytes], new byte[0]);
    }

    @Test
    void keepsTheHeaviestWithinTheBound() {
        long entry = DaveStore.size(dat(0, 100));
        DaveStore s = new DaveStore(10 * entry, P);
        SplittableRandom r = new SplittableRandom(1);
        List<Integer> strengths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int st = r.nextInt(1, 8);
            strengths.add(st);
            s.put(dat(i, 100), st, T0);
            assertThat(s.bytes()).isLessThanOrEqualTo(10 * entry);
        }
        assertThat(s.size()).isEqualTo(10);
        int weakestKept = s.all().stream().mapToInt(m -> strengths.get(((m.work()[0] & 0xff) << 8) | (m.work()[1] & 0xff)))
                .min().orElseThrow();
        List<Integer> sorted = strengths.stream().sorted((a, b) -> b - a).toList();
        assertThat(weakestKept).isEqualTo(sorted.get(9)); // the ten kept are ten of the heaviest
        assertThat(s.bytes()).isEqualTo(10 * entry);
    }

    @Test
    void ageDiscountsWorkSoAStrongOldValueOutlivesAWeakNewOneButNotForever() {
        long entry = DaveStore.size(dat(0, 10));
        DaveStore s = new DaveStore(entry, P);
        assertThat(s.put(dat(1, 10), 2, T0)).isTrue();
        // 10 periods old: 16 - log2(11) > 8 (a new strength-1 value): the new one is the lightest
        assertThat(s.put(dat(2, 10), 1, T0.plus(P.multipliedBy(10)))).isFalse();
        assertThat(s.contains(dat(1, 10).work())).isTrue();
        // 1000 periods old: 16 - log2(1001) < 8: the old one goes
        assertThat(s.put(dat(3, 10), 1, T0.plus(P.multipliedBy(1000)))).isTrue();
        assertThat(s.contains(dat(1, 10).work())).isFalse();
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void refusesAValueLargerThanTheBoundAndKeepsADuplicateOnce() {
        DaveStore s = new DaveStore(100, P);
        assertThat(s.put(dat(1, 1000), 30, T0)).isFalse();
        assertThat(s.size()).isZero();
        DaveStore t = new DaveStore(10_000, P);
        assertThat(t.put(dat(1, 10), 1, T0)).isTrue();
        assertThat(t.put(dat(1, 10), 1, T0)).isTrue();
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.bytes()).isEqualTo(DaveStore.size(dat(1, 10)));
        assertThat(t.get(dat(1, 10).work())).contains(dat(1, 10));
    }
}
