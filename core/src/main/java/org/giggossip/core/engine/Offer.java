package org.giggossip.core.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;

/**
 * An offer for one of our jobs, as the customer sees it before paying: the
 * prices, who settles and what the worker's certificate certifies, not who the
 * worker is (its message stays sealed until the settler reveals the preimage,
 * seed 000, 3.9).
 *
 * @param number           unique within the job, in order of arrival
 * @param jobPriceMsat     the job invoice's amount
 * @param networkFeeMsat   the network invoice's amount: every middleman's fee plus the settler's
 * @param settler          the settler that signed the promise
 * @param expiresAt        when the offer lapses: the earliest expiry of the settler's promise (and with it the
 *                         settler's invoice, the first of the chain), the network invoice and the job invoice
 * @param workerProperties the properties the worker's certificate certifies (e.g. {@code driving_licence=valid}),
 *                         as the settler's promise names that certificate; empty when it certifies none
 */
public record Offer(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt,
        Map<String, String> workerProperties) {

    public Offer {
        workerProperties = Collections.unmodifiableSortedMap(new TreeMap<>(workerProperties));
    }

    /** An offer from a worker whose certificate certifies no property. */
    public Offer(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt) {
        this(number, jobPriceMsat, networkFeeMsat, settler, expiresAt, Map.of());
    }

    /** What the customer pays in all. */
    public long totalMsat() {
        return jobPriceMsat + networkFeeMsat;
    }
}
