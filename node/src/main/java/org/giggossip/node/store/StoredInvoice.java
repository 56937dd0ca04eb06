package org.giggossip.node.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * An invoice as the node store holds it. Payment hash, amount and expiry are
 * read from the BOLT 11 string itself when it is stored, so they cannot
 * disagree with it.
 *
 * @param id          the row id
 * @param bolt11      the invoice string as received or issued
 * @param paymentHash its payment hash (shared by one reply chain, seed 000 3.8)
 * @param role        issued by us or paid by us
 * @param amountMsat  its amount, positive
 * @param expiresAt   its timestamp plus its expiry
 * @param state       OPEN, ACCEPTED, SETTLED or CANCELLED
 * @param payloadId   the job it belongs to, when known
 * @param createdAt   when it was stored
 * @param updatedAt   when its state last changed
 */
public record StoredInvoice(long id, String bolt11, Hash32 paymentHash, InvoiceRole role, long amountMsat,
                            Instant expiresAt, InvoiceState state, Optional<PayloadId> payloadId,
                            Instant createdAt, Instant updatedAt) {
    /** Checks for nulls. */
    public StoredInvoice {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(payloadId, "payloadId");
    }

    /** Whether it still waits for payment, settlement or expiry. */
    public boolean pending() {
        return state == InvoiceState.OPEN || state == InvoiceState.ACCEPTED;
    }
}
