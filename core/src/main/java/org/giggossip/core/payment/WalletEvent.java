package org.giggossip.core.payment;

import java.util.Objects;
import org.giggossip.core.wire.Hash32;

/**
 * What a hold-invoice wallet tells the engine (seed 000, 3.7): answers to
 * {@link WalletRequest}s and state changes of the invoices we issued and the
 * payments we made. Hosts deliver them to {@code Engine.onWallet}.
 */
public sealed interface WalletEvent {

    /** A {@link WalletRequest.CreateHoldInvoice} succeeded. */
    record InvoiceCreated(long callId, Hash32 paymentHash, String bolt11) implements WalletEvent {
        public InvoiceCreated {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(bolt11, "bolt11");
        }
    }

    /** A request failed and changed nothing; {@code reason} says why. */
    record CallFailed(long callId, String reason) implements WalletEvent {
        public CallFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Our invoice was paid and the payer's funds are locked (state ACCEPTED). */
    record InvoiceAccepted(Hash32 paymentHash, long amountMsat) implements WalletEvent {
        public InvoiceAccepted {
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    /** Our invoice was settled: the funds are ours. */
    record InvoiceSettled(Hash32 paymentHash, long amountMsat) implements WalletEvent {
        public InvoiceSettled {
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    /** Our invoice was cancelled or expired; any locked payment went back to the payer. */
    record InvoiceCancelled(Hash32 paymentHash, String reason) implements WalletEvent {
        public InvoiceCancelled {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Our payment reached the payee and our funds are locked until it settles or fails. */
    record PaymentAccepted(long callId, Hash32 paymentHash, long amountMsat) implements WalletEvent {
        public PaymentAccepted {
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    /** Our payment settled: the payee revealed {@code preimage}, and the money is gone. */
    record PaymentSettled(Hash32 paymentHash, Preimage preimage, long amountMsat) implements WalletEvent {
        public PaymentSettled {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(preimage, "preimage");
        }
    }

    /** Our payment failed or was cancelled; the funds are ours again. */
    record PaymentFailed(long callId, Hash32 paymentHash, String reason) implements WalletEvent {
        public PaymentFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
