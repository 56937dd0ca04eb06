package org.giggossip.core.payment;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.wire.Hash32;

/**
 * What the engine asks of its hold-invoice wallet (seed 000, 3.7 and 3.8). The
 * engine performs no I/O: it emits these as outputs and the host (simulator,
 * daemon, test) executes them against a wallet backend (the embedded ledger,
 * LND) and feeds the outcome back as a {@link WalletEvent}. A node holds at most
 * one invoice and makes at most one payment per payment hash, so invoices and
 * payments are identified by their hash.
 */
public sealed interface WalletRequest {

    /** Correlates the request with its {@link WalletEvent.InvoiceCreated} or {@link WalletEvent.CallFailed}. */
    long callId();

    /**
     * Create a hold invoice for a payment hash whose preimage we do not know.
     * Answered with {@link WalletEvent.InvoiceCreated} (a BOLT 11 string) or
     * {@link WalletEvent.CallFailed} (for example, a duplicate hash).
     */
    record CreateHoldInvoice(long callId, Hash32 paymentHash, long amountMsat, Instant expiresAt, String memo)
            implements WalletRequest {
        public CreateHoldInvoice {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(memo, "memo");
            if (amountMsat <= 0) {
                throw new IllegalArgumentException("amount must be positive: " + amountMsat);
            }
        }
    }

    /**
     * Pay a BOLT 11 invoice, for at most {@code maxAmountMsat}. The payment is
     * reported as {@link WalletEvent.PaymentAccepted} once the funds are locked,
     * then {@link WalletEvent.PaymentSettled} (with the preimage) or
     * {@link WalletEvent.PaymentFailed} (funds back).
     */
    record Pay(long callId, String bolt11, long maxAmountMsat) implements WalletRequest {
        public Pay {
            Objects.requireNonNull(bolt11, "bolt11");
        }
    }

    /** Settle our own accepted hold invoice with its preimage. */
    record Settle(long callId, Hash32 paymentHash, Preimage preimage) implements WalletRequest {
        public Settle {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(preimage, "preimage");
        }
    }

    /** Cancel our own invoice (open or accepted); an accepted payment goes back to its payer. */
    record Cancel(long callId, Hash32 paymentHash) implements WalletRequest {
        public Cancel {
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    /**
     * Look up another account's invoice: is it held (ACCEPTED), and for how much? Answered with
     * {@link WalletEvent.InvoiceLookedUp}, or {@link WalletEvent.CallFailed} when the wallet cannot
     * see the invoice. Only a wallet that holds the issuer's books can answer (the embedded ledger,
     * which keeps every account); a Lightning node (LND) knows only its own invoices and refuses.
     * A settler asks it of a job invoice before it reveals (docs/settler.md, "What the settler
     * checks before it reveals").
     */
    record LookupInvoice(long callId, String bolt11) implements WalletRequest {
        public LookupInvoice {
            Objects.requireNonNull(bolt11, "bolt11");
        }
    }
}
