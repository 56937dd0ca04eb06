package org.giggossip.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** {@link TestRandom} is fixed by its seed, and only by it. */
class TestRandomTest {
    @Test
    void theSameSeedDrawsTheSameSequence() {
        assertThat(draw(TestRandom.seeded(42))).isEqualTo(draw(TestRandom.seeded(42)));
    }

    @Test
    void anotherSeedDrawsAnotherSequence() {
        assertThat(draw(TestRandom.seeded(42))).isNotEqualTo(draw(TestRandom.seeded(43)));
    }

    @Test
    void everyKindOfDrawIsReproducible() {
        SecureRandom a = TestRandom.seeded(7);
        SecureRandom b = TestRandom.seeded(7);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextInt(1000)).isEqualTo(b.nextInt(1000));
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
            assertThat(a.nextDouble()).isEqualTo(b.nextDouble());
            assertThat(a.nextBoolean()).isEqualTo(b.nextBoolean());
        }
    }

    @Test
    void splitsAreReproducibleAndIndependent() {
        SecureRandom a = TestRandom.seeded(5);
        SecureRandom b = TestRandom.seeded(5);
        SecureRandom a1 = TestRandom.split(a);
        SecureRandom a2 = TestRandom.split(a);
        SecureRandom b1 = TestRandom.split(b);
        SecureRandom b2 = TestRandom.split(b);
        byte[] first = draw(a1);
        assertThat(first).isEqualTo(draw(b1));
        assertThat(draw(a2)).isEqualTo(draw(b2)).isNotEqualTo(first);
    }

    private static byte[] draw(SecureRandom random) {
        byte[] out = new byte[64];
        random.nextBytes(out);
        return out;
    }
}
