package org.giggossip.node.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * An offer (a worker's reply) a customer received for one of its jobs.
 *
 * @param id             the row id
 * @param payloadId      the job
 * @param paymentHash    the payment hash of its network invoice chain
 * @param priceMsat      the worker's price
 * @param networkFeeMsat the fees the middlemen added
 * @param reply          the sealed reply as received (copied in and out)
 * @param state          received, accepted, declined or expired
 * @param receivedAt     when it arrived
 */
public record StoredOffer(long id, PayloadId payloadId, Hash32 paymentHash, long priceMsat, long networkFeeMsat,
                          byte[] reply, OfferState state, Instant receivedAt) {
    /** Checks for nulls and copies the reply. */
    public StoredOffer {
        Objects.requireNonNull(payloadId, "payloadId");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(state, "state");
        reply = reply.clone();
    }

    /** A copy of the sealed reply. */
    @Override
    public byte[] reply() {
        return reply.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredOffer f && id == f.id && payloadId.equals(f.payloadId)
                && paymentHash.equals(f.paymentHash) && priceMsat == f.priceMsat
                && networkFeeMsat == f.networkFeeMsat && Arrays.equals(reply, f.reply) && state == f.state
                && receivedAt.equals(f.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, payloadId, paymentHash, Arrays.hashCode(reply), state);
    }
}
