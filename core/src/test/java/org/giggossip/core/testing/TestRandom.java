package org.giggossip.core.testing;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;

/**
 * Reproducible randomness for tests: a {@link SecureRandom} fixed by a seed, so a
 * test draws the same keys, nonces and choices on every run. It is the JDK's
 * {@code SHA1PRNG} of the {@code SUN} provider seeded before its first use, which
 * then draws from that seed alone (its documented behaviour; {@code TestRandomTest}
 * checks it). Not secure, and for tests only: the simulator has its own
 * ({@code org.giggossip.sim.random.SeededRandom}), and main code of the other modules
 * takes a real {@code SecureRandom} (docs/architecture.md, "Module rules").
 */
public final class TestRandom {
    private TestRandom() {}

    /** A generator fixed by {@code seed}. */
    public static SecureRandom seeded(long seed) {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("SHA1PRNG", "SUN");
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("the JDK's SUN provider has no SHA1PRNG", e);
        }
        // seeding before the first draw replaces the platform's entropy
        random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        return random;
    }

    /** An independent generator fixed by the next draw of {@code parent} (for one node of a test network). */
    public static SecureRandom split(SecureRandom parent) {
        return seeded(parent.nextLong());
    }
}
