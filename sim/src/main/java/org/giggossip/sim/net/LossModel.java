package org.giggossip.sim.net;

import java.util.SplittableRandom;

/**
 * Whether a message is lost in transit. Pluggable: implement {@link #lost} or use
 * {@link #none()} or {@link Bernoulli}. The random stream passed in belongs to
 * the network's loss component alone.
 */
@FunctionalInterface
public interface LossModel {
    /** True when the message from {@code from} to {@code to} is lost. */
    boolean lost(int from, int to, SplittableRandom random);

    /** No message is lost; draws nothing. */
    static LossModel none() {
        return (from, to, random) -> false;
    }

    /**
     * Each message is lost independently with probability {@code p}.
     *
     * @param p the loss probability, 0 to 1
     */
    record Bernoulli(double p) implements LossModel {
        /** Checks {@code 0 <= p <= 1}. */
        public Bernoulli {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("loss probability must be between 0 and 1, got " + p);
            }
        }

        @Override
        public boolean lost(int from, int to, SplittableRandom random) {
            return p > 0 && random.nextDouble() < p;
        }
    }
}
