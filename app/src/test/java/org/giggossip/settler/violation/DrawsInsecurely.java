package org.giggossip.settler.violation;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** In a package named like {@code settler}'s: breaks "no insecure randomness" three ways. */
public final class DrawsInsecurely {
    private DrawsInsecurely() {}

    public static long seeded(long seed) {
        return new Random(seed).nextLong();
    }

    public static double math() {
        return Math.random();
    }

    public static int jitter() {
        return ThreadLocalRandom.current().nextInt(100);
    }
}
