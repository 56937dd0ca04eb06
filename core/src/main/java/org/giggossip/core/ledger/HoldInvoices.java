package org.giggossip.core.ledger;

import java.time.Instant;
import java.util.OptionalInt;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.WireLimits;

/**
 * The requests of one account to a {@link Ledger} (seed 000, 3.7), each
 * judged in full before it changes anything: a refused request changes
 * nothing and says why. One instance per request.
 */
final class HoldInvoices {
    private final Ledger ledger;
    private final int account;
    private final Instant now;

    HoldInvoices(Ledger ledger, int account, Instant now) {
        this.ledger = ledger;
        this.account = account;
        this.now = now;
    }

    /** Issues an OPEN hold invoice as a signed BOLT 11 string; one per (issuer, payment hash). */
    void create(WalletRequest.CreateHoldInvoice request) {
        Hash32 hash = request.paymentHash();
        if (request.amountMsat() > WireLimits.MAX_MSAT) {
            failCall(request.callId(), "amount " + request.amountMsat() + " msat is above the maximum "
                    + WireLimits.MAX_MSAT);
            return;
        }
        if (!request.expiresAt().isAfter(now)) {
            failCall(request.callId(), "expiry " + request.expiresAt() + " is not after now " + now);
            return;
        }
        Invoice existing = ledger.invoices().find(account, hash);
        if (existing != null) {
            if (existing.amountMsat != request.amountMsat()
                    || existing.expiresAtMillis != ceilMillis(request.expiresAt())) {
                failCall(request.callId(), "an invoice for payment hash " + hash.hex() + " already exists");
                return;
            }
            // the same request again (a host retrying after a crash): answered as the first was
            try {
                ledger.emit(account, new WalletEvent.InvoiceCreated(request.callId(), hash,
                        LedgerBolt11.encode(ledger.accounts().key(account), hash, request.amountMsat(), now,
                                request.expiresAt(), request.memo())));
            } catch (IllegalArgumentException e) {
                failCall(request.callId(), "cannot encode the invoice: " + e.getMessage());
            }
            return;
        }
        String bolt11;
        try {
            bolt11 = LedgerBolt11.encode(ledger.accounts().key(account), hash, request.amountMsat(), now,
                    request.expiresAt(), request.memo());
        } catch (IllegalArgumentException e) {
            failCall(request.callId(), "cannot encode the invoice: " + e.getMessage());
            return;
        }
        var counters = ledger.counters();
        ledger.open(new Invoice(hash, account, request.amountMsat(), ceilMillis(request.expiresAt()),
                counters.nextSequence++));
        ledger.emit(account, new WalletEvent.InvoiceCreated(request.callId(), hash, bolt11));
    }

    /** Pays a BOLT 11 invoice of another account: locks the funds and accepts the invoice. */
    void pay(WalletRequest.Pay request) {
        LedgerBolt11.Payable payable;
        switch (LedgerBolt11.decode(request.bolt11(), now)) {
            case LedgerBolt11.Refusal refusal -> {
                failPayment(request.callId(), refusal.paymentHash(), refusal.reason());
                return;
            }
            case LedgerBolt11.Payable p -> payable = p;
        }
        Hash32 hash = payable.paymentHash();
        String refusal = judgePayment(payable, request.maxAmountMsat());
        if (refusal != null) {
            failPayment(request.callId(), hash, refusal);
            return;
        }
        int issuer = ledger.account(payable.payee()).getAsInt();
        ledger.accept(ledger.invoices().find(issuer, hash), account, request.callId());
    }

    /** Why this account may not pay the invoice, or null if it may. */
    private String judgePayment(LedgerBolt11.Payable payable, long maxAmountMsat) {
        Hash32 hash = payable.paymentHash();
        long amount = payable.amountMsat();
        if (amount > maxAmountMsat) {
            return "amount " + amount + " msat exceeds the maximum " + maxAmountMsat + " msat";
        }
        OptionalInt issuer = ledger.account(payable.payee());
        if (issuer.isEmpty()) {
            return "unknown payee " + payable.payee();
        }
        if (issuer.getAsInt() == account) {
            return "cannot pay an own invoice";
        }
        Invoice invoice = ledger.invoices().find(issuer.getAsInt(), hash);
        Ledger.Finished done = invoice == null ? ledger.finished(issuer.getAsInt(), hash) : null;
        if (done != null && done.settled() && done.payer() == account) {
            return WalletEvent.PaymentFailed.ALREADY_PAID;
        }
        if (invoice == null) {
            return "unknown invoice " + hash.hex() + " (never issued, or already settled, cancelled or expired)";
        }
        if (invoice.amountMsat != amount) {
            return "the invoice does not match the one issued: amount " + amount + " msat, issued "
                    + invoice.amountMsat + " msat";
        }
        if (invoice.state != InvoiceState.OPEN) {
            return WalletEvent.PaymentFailed.ALREADY_PAID;
        }
        if (ledger.invoices().isPaying(account, hash)) {
            return WalletEvent.PaymentFailed.ALREADY_PAYING + " " + hash.hex();
        }
        long balance = ledger.accounts().balance(account);
        if (balance < amount) {
            return "insufficient funds: balance " + balance + " msat, invoice " + amount + " msat";
        }
        return null;
    }

    /**
     * Answers the state of any account's live invoice: the ledger keeps every account's books, so a
     * settler sharing it can check a job invoice that is not its own. A settled, cancelled, expired or
     * unknown invoice is refused: it holds nothing.
     */
    void lookup(WalletRequest.LookupInvoice request) {
        LedgerBolt11.Payable payable;
        switch (LedgerBolt11.decode(request.bolt11(), now)) {
            case LedgerBolt11.Refusal refusal -> {
                failCall(request.callId(), refusal.reason());
                return;
            }
            case LedgerBolt11.Payable p -> payable = p;
        }
        OptionalInt issuer = ledger.account(payable.payee());
        Invoice invoice = issuer.isEmpty() ? null : ledger.invoices().find(issuer.getAsInt(), payable.paymentHash());
        if (invoice == null || invoice.amountMsat != payable.amountMsat()) {
            failCall(request.callId(), "no live invoice " + payable.paymentHash().hex() + " in this ledger");
            return;
        }
        boolean accepted = invoice.state == InvoiceState.ACCEPTED;
        ledger.emit(account, new WalletEvent.InvoiceLookedUp(request.callId(), payable.paymentHash(), accepted,
                accepted ? invoice.amountMsat : 0));
    }

    /** Settles an own ACCEPTED invoice with the preimage of its payment hash. */
    void settle(WalletRequest.Settle request) {
        Ledger.Finished done = ledger.invoices().find(account, request.paymentHash()) == null
                ? ledger.finished(account, request.paymentHash()) : null;
        if (done != null) {
            if (!done.settled()) {
                failCall(request.callId(), "invoice " + request.paymentHash().hex() + " was cancelled: "
                        + done.reason());
            } else if (!request.preimage().matches(done.paymentHash())) {
                failCall(request.callId(), "the preimage does not match payment hash " + done.paymentHash().hex());
            } else {
                // the same answer as the first settle, so a restarted host learns it again; nothing changes
                ledger.emit(account, new WalletEvent.InvoiceSettled(done.paymentHash(), done.amountMsat()));
            }
            return;
        }
        Invoice invoice = ownInvoice(request.callId(), request.paymentHash());
        if (invoice == null) {
            return;
        }
        if (invoice.state != InvoiceState.ACCEPTED) {
            failCall(request.callId(), "invoice " + request.paymentHash().hex() + " is " + invoice.state
                    + ", not ACCEPTED");
            return;
        }
        if (!request.preimage().matches(invoice.paymentHash)) {
            failCall(request.callId(), "the preimage does not match payment hash " + invoice.paymentHash.hex());
            return;
        }
        ledger.settle(invoice, request.preimage());
    }

    /** Cancels an own OPEN or ACCEPTED invoice; a locked payment goes back to its payer. */
    void cancel(WalletRequest.Cancel request) {
        Ledger.Finished done = ledger.invoices().find(account, request.paymentHash()) == null
                ? ledger.finished(account, request.paymentHash()) : null;
        if (done != null) {
            if (done.settled()) {
                failCall(request.callId(), "invoice " + request.paymentHash().hex() + " is already settled");
            } else {
                ledger.emit(account, new WalletEvent.InvoiceCancelled(done.paymentHash(), done.reason()));
            }
            return;
        }
        Invoice invoice = ownInvoice(request.callId(), request.paymentHash());
        if (invoice != null) {
            ledger.end(invoice, Ledger.CANCELLED_BY_ISSUER, false);
        }
    }

    private Invoice ownInvoice(long callId, Hash32 hash) {
        Invoice invoice = ledger.invoices().find(account, hash);
        if (invoice == null) {
            failCall(callId, "no live invoice of this account for payment hash " + hash.hex());
        }
        return invoice;
    }

    private void failCall(long callId, String reason) {
        ledger.counters().callsFailed++;
        ledger.emit(account, new WalletEvent.CallFailed(callId, reason));
    }

    private void failPayment(long callId, Hash32 hash, String reason) {
        ledger.counters().paymentsRefused++;
        ledger.emit(account, new WalletEvent.PaymentFailed(callId, hash, reason));
    }

    /** Epoch milliseconds of {@code t}, rounded up, so that an invoice never expires early. */
    static long ceilMillis(Instant t) {
        long ms = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }
}
