package org.giggossip.node.api;

import java.time.Instant;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;

/**
 * One offer for a job of ours: the worker's price, the route's fee, who settles, until when it is
 * valid, and why paying it last failed, if it did (the offer may be taken again).
 */
public record OfferView(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt,
        Optional<String> failure) {

    /** This offer with {@code failure} as why paying it last failed. */
    OfferView withFailure(Optional<String> failure) {
        return new OfferView(number, jobPriceMsat, networkFeeMsat, settler, expiresAt, failure);
    }
}
