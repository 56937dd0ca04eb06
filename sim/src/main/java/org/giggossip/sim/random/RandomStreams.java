package org.giggossip.sim.random;

import java.util.SplittableRandom;

/**
 * Independent random streams derived by name from one seed. Each component of a
 * simulation (topology, latency, loss, churn, each node's engine) asks for its
 * own stream, such as {@code stream("latency")} or {@code stream("node", 42)}, so
 * a component that draws one number more or less does not shift any other
 * component's numbers: a change to the loss model leaves the topology and the
 * churn schedule as they were.
 *
 * <p>A stream's seed is a function of (seed, name, index) only, computed with
 * the SplitMix64 finaliser over a 64-bit FNV-1a hash of the name, so it is the
 * same on every JVM and independent of the order in which streams are asked for.
 * Asking twice for the same name and index gives two generators with equal
 * sequences.
 */
public final class RandomStreams {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;

    /** Streams derived from {@code seed}. */
    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** The seed everything is derived from. */
    public long seed() {
        return seed;
    }

    /** The stream named {@code name}. */
    public SplittableRandom stream(String name) {
        return new SplittableRandom(seedFor(name, 0));
    }

    /** The {@code index}-th stream of the family {@code name} (for example one per node). */
    public SplittableRandom stream(String name, long index) {
        return new SplittableRandom(seedFor(name, index));
    }

    /**
     * The 64-bit seed of stream ({@code name}, {@code index}); also usable as the
     * key of counter-based draws with {@link #mix64} and {@link #unitDouble}.
     */
    public long seedFor(String name, long index) {
        long h = FNV_OFFSET;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * FNV_PRIME;
        }
        return mix64(mix64(seed ^ h) + (index + 1) * GOLDEN_GAMMA);
    }

    /** The SplitMix64 finaliser: a bijection of 64-bit values that scatters every input bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * A number in [0, 1) fixed by {@code key} and {@code counter}: a stateless draw
     * for things addressed by number (the {@code counter}-th session of a node),
     * which needs no generator object per node.
     */
    public static double unitDouble(long key, long counter) {
        return (mix64(key + counter * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
    }
}
