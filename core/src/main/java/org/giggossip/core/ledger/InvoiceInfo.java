package org.giggossip.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import org.giggossip.core.wire.Hash32;

/**
 * A snapshot of a live hold invoice of a {@link Ledger}.
 *
 * @param issuer      the issuing account
 * @param paymentHash the payment hash
 * @param amountMsat  the amount
 * @param expiresAt   when it is cancelled unless settled
 * @param state       {@link InvoiceState#OPEN} or {@link InvoiceState#ACCEPTED}
 * @param payer       the paying account, once accepted
 */
public record InvoiceInfo(int issuer, Hash32 paymentHash, long amountMsat, Instant expiresAt, InvoiceState state,
        OptionalInt payer) {

    public InvoiceInfo {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(payer, "payer");
    }
}
