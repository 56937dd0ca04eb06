package org.giggossip.core.ledger;

import java.time.Instant;
import java.util.OptionalInt;
import org.giggossip.core.wire.Hash32;

/**
 * A live hold invoice of a {@link Ledger}: mutable, owned by the ledger's
 * thread, dropped when it reaches a final state. About 64 bytes.
 */
final class Invoice {
    final Hash32 paymentHash;
    final int issuer;
    final long amountMsat;
    /** Epoch milliseconds, rounded up: cancelled when the ledger's time reaches it. */
    final long expiresAtMillis;
    /** Order of creation: breaks ties between equal expiries, so that expiry order is deterministic. */
    final long sequence;

    InvoiceState state = InvoiceState.OPEN;
    /** The paying account once ACCEPTED, else -1. */
    int payer = -1;
    /** The callId of the accepted {@code Pay}, echoed in the payer's events. */
    long payCallId;
    /** The next live invoice of another issuer with the same payment hash (a payment chain, 3.8). */
    Invoice nextWithSameHash;
    /** Position in the {@link ExpiryQueue}, -1 when not queued. */
    int heapIndex = -1;

    Invoice(Hash32 paymentHash, int issuer, long amountMsat, long expiresAtMillis, long sequence) {
        this.paymentHash = paymentHash;
        this.issuer = issuer;
        this.amountMsat = amountMsat;
        this.expiresAtMillis = expiresAtMillis;
        this.sequence = sequence;
    }

    InvoiceInfo info() {
        return new InvoiceInfo(issuer, paymentHash, amountMsat, Instant.ofEpochMilli(expiresAtMillis), state,
                payer < 0 ? OptionalInt.empty() : OptionalInt.of(payer));
    }
}
