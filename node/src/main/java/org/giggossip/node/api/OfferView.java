package org.giggossip.node.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;

/**
 * One offer for a job of ours: the worker's price, the route's fee, who settles, until when it is
 * valid, why paying it last failed, if it did (the offer may be taken again), and what the worker's
 * certificate certifies ({@code worker_properties}, e.g. {@code driving_licence=valid}: the settler's
 * promise names that certificate, it was checked when the offer arrived, and the reply must open with it).
 */
public record OfferView(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt,
        Optional<String> failure, Map<String, String> workerProperties) {

    public OfferView {
        workerProperties = Collections.unmodifiableSortedMap(new TreeMap<>(workerProperties));
    }

    /** An offer from a worker whose certificate certifies no property. */
    public OfferView(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt,
            Optional<String> failure) {
        this(number, jobPriceMsat, networkFeeMsat, settler, expiresAt, failure, Map.of());
    }

    /** This offer with {@code failure} as why paying it last failed. */
    OfferView withFailure(Optional<String> failure) {
        return new OfferView(number, jobPriceMsat, networkFeeMsat, settler, expiresAt, failure, workerProperties);
    }
}
