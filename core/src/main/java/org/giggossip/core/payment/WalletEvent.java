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

    /**
     * The answer to a {@link WalletRequest.LookupInvoice}: the invoice's state as the wallet's
     * books hold it. {@code accepted} is true when it is paid and the payer's funds are locked
     * (held), and then {@code amountMsat} is the amount locked; false for an invoice still open.
     */
    record InvoiceLookedUp(long callId, Hash32 paymentHash, boolean accepted, long amountMsat)
            implements WalletEvent {
        public InvoiceLookedUp {
            Objects.requireNonNull(paymentHash, "paymentHash");
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

    /**
     * Our payment failed or was cancelled; the funds are ours again. Also the
     * wallet's refusal of a {@link WalletRequest.Pay} (then nothing was paid by
     * that request); a refusal because we already pay or paid that invoice says so
     * with one of the stated reasons below ({@link #isDuplicateRefusal()}), which a
     * restarted engine relies on to issue a Pay again without paying twice.
     */
    record PaymentFailed(long callId, Hash32 paymentHash, String reason) implements WalletEvent {
        /** The reason of a refusal to pay an invoice that is already paid (accepted). */
        public static final String ALREADY_PAID = "invoice already paid";
        /** The reason (a prefix) of a refusal to pay while a payment for the same payment hash is accepted. */
        public static final String ALREADY_PAYING = "already paying an invoice with payment hash";

        public PaymentFailed {
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether this is a refusal because the invoice, or its payment hash, is already paid by us. */
        public boolean isDuplicateRefusal() {
            return reason.equals(ALREADY_PAID) || reason.startsWith(ALREADY_PAYING);
        }
    }
}
