package org.giggossip.sim.net;

import java.util.Objects;
import java.util.SplittableRandom;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.Positions;

/**
 * The one-way delay of a message from one node to another, in virtual
 * nanoseconds. Pluggable: implement {@link #delay} or use one of the records
 * below. The random stream passed in belongs to the network's latency
 * component alone (see {@link RandomStreams}), so the draws are fixed by the
 * seed and the order of sends.
 */
@FunctionalInterface
public interface LatencyModel {
    /**
     * The delay of one message, at least 0.
     *
     * @param random the latency stream; an implementation draws from it as often as it likes
     */
    long delay(int from, int to, SplittableRandom random);

    /** The same delay for every message. */
    static LatencyModel constant(long nanos) {
        return new Constant(nanos);
    }

    /**
     * The same delay for every message.
     *
     * @param nanos the delay
     */
    record Constant(long nanos) implements LatencyModel {
        /** Checks the delay is not negative. */
        public Constant {
            if (nanos < 0) {
                throw new IllegalArgumentException("latency must not be negative, got " + nanos);
            }
        }

        @Override
        public long delay(int from, int to, SplittableRandom random) {
            return nanos;
        }
    }

    /**
     * A delay drawn uniformly from {@code [min, max]} for each message.
     *
     * @param min the smallest delay
     * @param max the largest delay
     */
    record Uniform(long min, long max) implements LatencyModel {
        /** Checks {@code 0 <= min <= max}. */
        public Uniform {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
            }
        }

        @Override
        public long delay(int from, int to, SplittableRandom random) {
            return max == min ? min : min + random.nextLong(max - min + 1);
        }
    }

    /**
     * A fixed base delay per link, drawn uniformly from {@code [minBase, maxBase)}
     * by hashing the unordered pair with {@code key} (so it needs no memory and
     * both directions agree), plus a jitter drawn uniformly from {@code [0, jitter]}
     * for each message. For topologies without positions.
     *
     * @param key     fixes the per-link bases, e.g. {@code streams.seedFor("latency.links", 0)}
     * @param minBase the smallest base delay
     * @param maxBase the largest base delay
     * @param jitter  the largest extra delay per message
     */
    record HashedLinks(long key, long minBase, long maxBase, long jitter) implements LatencyModel {
        /** Checks the ranges. */
        public HashedLinks {
            if (minBase < 0 || maxBase < minBase || jitter < 0) {
                throw new IllegalArgumentException("need 0 <= minBase <= maxBase and jitter >= 0");
            }
        }

        /** The base delay of the link between {@code a} and {@code b}. */
        public long base(int a, int b) {
            long pair = ((long) Math.min(a, b) << 32) | Math.max(a, b);
            double u = RandomStreams.unitDouble(key, pair);
            return minBase + (long) (u * (maxBase - minBase));
        }

        @Override
        public long delay(int from, int to, SplittableRandom random) {
            return base(from, to) + (jitter == 0 ? 0 : random.nextLong(jitter + 1));
        }
    }

    /**
     * A delay from the distance between the nodes: {@code base + perKm * km},
     * times {@code 1 + j} with {@code j} drawn uniformly from {@code [0, jitterFraction]}
     * for each message. Light in fibre covers about 200 km a millisecond and routes
     * are rarely straight, so {@code perKm} of 10 µs (5 µs times a route factor of 2)
     * is a fair default; {@code base} stands for the access links at both ends.
     *
     * @param positions      where the nodes are
     * @param base           the delay at zero distance
     * @param perKm          the extra delay per kilometre of great-circle distance
     * @param jitterFraction the largest extra delay as a fraction of the link's delay
     */
    record Geographic(Positions positions, long base, long perKm, double jitterFraction) implements LatencyModel {
        /** Checks the ranges. */
        public Geographic {
            Objects.requireNonNull(positions, "positions");
            if (base < 0 || perKm < 0 || !(jitterFraction >= 0)) {
                throw new IllegalArgumentException("need base >= 0, perKm >= 0 and jitterFraction >= 0");
            }
        }

        /** 5 ms at zero distance, 10 µs per kilometre, up to 20% jitter. */
        public static Geographic of(Positions positions) {
            return new Geographic(positions, SimTime.millis(5), 10 * SimTime.MICROSECOND, 0.2);
        }

        /** The delay of the link between {@code a} and {@code b} before jitter. */
        public long base(int a, int b) {
            return base + Math.round(perKm * positions.distanceKm(a, b));
        }

        @Override
        public long delay(int from, int to, SplittableRandom random) {
            long link = base(from, to);
            return jitterFraction == 0 ? link : link + Math.round(link * jitterFraction * random.nextDouble());
        }
    }
}
