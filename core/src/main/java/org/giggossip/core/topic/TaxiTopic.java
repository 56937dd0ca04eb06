package org.giggossip.core.topic;

import java.time.Instant;
import java.util.Objects;

/**
 * A taxi ride (seed 000, section 3.1, Figure 3): from where to where, as two
 * geohashes, and the window in which the pickup may happen.
 *
 * @param fromGeohash  pickup cell, 1 to 12 geohash characters
 * @param toGeohash    drop-off cell, 1 to 12 geohash characters
 * @param pickupAfter  earliest pickup time
 * @param pickupBefore latest pickup time, not before {@code pickupAfter}
 */
public record TaxiTopic(String fromGeohash, String toGeohash, Instant pickupAfter, Instant pickupBefore)
        implements Topic {

    public TaxiTopic {
        Objects.requireNonNull(pickupAfter, "pickupAfter");
        Objects.requireNonNull(pickupBefore, "pickupBefore");
        if (!Geohash.isValid(fromGeohash)) {
            throw new IllegalArgumentException("from: not a geohash of precision 1 to 12: " + fromGeohash);
        }
        if (!Geohash.isValid(toGeohash)) {
            throw new IllegalArgumentException("to: not a geohash of precision 1 to 12: " + toGeohash);
        }
        if (pickupBefore.isBefore(pickupAfter)) {
            throw new IllegalArgumentException("pickup window ends before it starts");
        }
    }
}
