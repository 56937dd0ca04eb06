package org.giggossip.core.engine;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;

/**
 * An offer for one of our jobs, as the customer sees it before paying: the
 * prices and who settles, not who the worker is (that stays sealed until the
 * settler reveals the preimage, seed 000, 3.9).
 *
 * @param number         unique within the job, in order of arrival
 * @param jobPriceMsat   the job invoice's amount
 * @param networkFeeMsat the network invoice's amount: every middleman's fee plus the settler's
 * @param settler        the settler that signed the promise
 * @param expiresAt      when the offer lapses: the earliest expiry of the settler's promise (and with it the
 *                       settler's invoice, the first of the chain), the network invoice and the job invoice
 */
public record Offer(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt) {

    /** What the customer pays in all. */
    public long totalMsat() {
        return jobPriceMsat + networkFeeMsat;
    }
}
