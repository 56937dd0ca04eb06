package org.giggossip.net.voidphone;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link ItemGossip}.
 *
 * @param cacheSize   items kept awaiting validation (the spec's {@code cache_size}); the oldest is
 *                    evicted first
 * @param degree      peers an item is sent to per hop (the spec's {@code degree})
 * @param seenSize    content ids remembered for de-duplication, oldest forgotten first; larger than
 *                    the cache, so an item evicted or spread is still recognised when it comes back
 * @param maxInvalid  invalid items from one peer within {@code invalidWindow} that close its link
 * @param invalidWindow how long an invalid item counts against its peer
 */
public record ItemGossipConfig(int cacheSize, int degree, int seenSize, int maxInvalid, Duration invalidWindow) {
    /** Invalid items within the window that close a link, by default. */
    public static final int MAX_INVALID = 3;
    /** How long an invalid item counts, by default. */
    public static final Duration INVALID_WINDOW = Duration.ofMinutes(10);

    /** Checks ranges. */
    public ItemGossipConfig {
        if (cacheSize < 1 || degree < 1 || maxInvalid < 1) {
            throw new IllegalArgumentException("cache size, degree and max invalid must be positive");
        }
        if (seenSize <= cacheSize) {
            throw new IllegalArgumentException("the seen set (" + seenSize + ") must be larger than the cache ("
                    + cacheSize + ")");
        }
        Objects.requireNonNull(invalidWindow, "invalidWindow");
        if (invalidWindow.isNegative() || invalidWindow.isZero()) {
            throw new IllegalArgumentException("invalid window must be positive");
        }
    }

    /**
     * The spec's two keys with the defaults for the rest: a seen set of 16 times the cache (at
     * least 4,096, at most 1,000,000 ids), and 3 invalid items in 10 minutes closing a link.
     */
    public static ItemGossipConfig of(int cacheSize, int degree) {
        int seen = (int) Math.min(1_000_000L, Math.max(4_096L, 16L * cacheSize));
        return new ItemGossipConfig(cacheSize, degree, Math.max(seen, cacheSize + 1), MAX_INVALID, INVALID_WINDOW);
    }
}
