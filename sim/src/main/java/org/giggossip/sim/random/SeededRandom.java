package org.giggossip.sim.random;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * A {@link SecureRandom} whose output is fixed by a seed, for the simulator: the
 * same seed gives the same keys, nonces and choices, so a run can be repeated byte
 * for byte. It is <b>not</b> secure; production code uses a real
 * {@code SecureRandom}, and the module rules forbid this class outside {@code sim}
 * and {@code bench} (docs/architecture.md, "Module rules"). Tests of the other
 * modules use {@code org.giggossip.core.testing.TestRandom}. {@link #setSeed} is
 * ignored so that library code cannot perturb the sequence.
 */
public final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final SplittableRandom random;

    /** A generator fixed by {@code seed}. */
    public SeededRandom(long seed) {
        this(new SplittableRandom(seed));
    }

    private SeededRandom(SplittableRandom random) {
        // The SPI constructor skips the platform DRBG: cheap enough for a
        // million simulated nodes.
        super(new Spi(random), null);
        this.random = random;
    }

    /** An independent generator derived from this one (for one node of a simulation). */
    public SeededRandom split() {
        return new SeededRandom(random.split());
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public double nextDouble() {
        return random.nextDouble();
    }

    @Override
    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void setSeed(long seed) {
        // Ignored: the constructor's seed fixes the sequence.
    }

    @Override
    public void setSeed(byte[] seed) {
        // Ignored: the constructor's seed fixes the sequence.
    }

    @Override
    public String getAlgorithm() {
        return "SeededRandom(not secure)";
    }

    /** Serves the few SecureRandom paths that bypass the overrides above. */
    private static final class Spi extends java.security.SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient SplittableRandom random;

        Spi(SplittableRandom random) {
            this.random = random;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Ignored, as in SeededRandom.setSeed.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            random.nextBytes(b);
            return b;
        }
    }
}
