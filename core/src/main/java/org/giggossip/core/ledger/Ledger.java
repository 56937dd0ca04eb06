package org.giggossip.core.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.util.Outbox;
import org.giggossip.core.wire.Hash32;

/**
 * An embedded, Lightning-like ledger of hold invoices (seed 000, 3.7 and 3.8)
 * for any number of accounts: the wallet backend of the simulator and of
 * in-process tests. Sans-I/O: time comes from the injected {@link Clock} and
 * from {@link #advance}; nothing runs unless the host calls in.
 *
 * <p>Each node or settler has an account, registered with the key that signs
 * its BOLT 11 invoices; the payee node id of an invoice names the account that
 * issued it. {@link #execute} carries out a {@link WalletRequest} for an
 * account; the outcome reaches the host's {@link LedgerListener} as
 * {@link WalletEvent}s for the accounts concerned, in this order:
 * <ul>
 *   <li>CreateHoldInvoice: the issuer's {@code InvoiceCreated}, or {@code CallFailed};</li>
 *   <li>Pay: the payer's {@code PaymentAccepted}, then the issuer's {@code InvoiceAccepted};
 *       or the payer's {@code PaymentFailed};</li>
 *   <li>Settle: the issuer's {@code InvoiceSettled}, then the payer's {@code PaymentSettled}
 *       with the preimage, which is how a preimage ripples back along a chain of invoices
 *       that share one payment hash; or {@code CallFailed};</li>
 *   <li>Cancel, and expiry: the payer's {@code PaymentFailed} (if the invoice was paid),
 *       then the issuer's {@code InvoiceCancelled}; or {@code CallFailed}.</li>
 * </ul>
 * An OPEN or ACCEPTED invoice still unsettled when the time reaches its
 * {@code expiresAt} is cancelled with reason {@value #EXPIRED}. The host drives
 * this with {@link #advance} at {@link #nextExpiry()}; {@code execute} also
 * applies every expiry due by the clock's time before it acts.
 *
 * <p>Money is conserved ({@link #checkConservation()}): only {@link #mint}
 * creates it. Settled and cancelled invoices are forgotten at once; only the
 * counters ({@link #stats()}, {@link #accountStats}) remain. Owned by one thread.
 */
public final class Ledger {
    /** The reason given when an invoice is cancelled because its expiry passed. */
    public static final String EXPIRED = "expired";
    /** The reason given when an issuer cancels its invoice. */
    public static final String CANCELLED_BY_ISSUER = "cancelled by issuer";

    private final Clock clock;
    private final Outbox<Delivery> outbox;
    private final Accounts accounts = new Accounts();
    private final InvoiceBook invoices = new InvoiceBook();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final Counters counters = new Counters();

    private record Delivery(int account, WalletEvent event) {}

    /**
     * @param clock    the ledger's time: invoice timestamps and expiry checks
     * @param listener receives every event, in order
     */
    public Ledger(Clock clock, LedgerListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        this.outbox = new Outbox<>(d -> listener.onEvent(d.account(), d.event()));
    }

    /**
     * Opens an account for the holder of {@code key}, which signs the account's
     * invoices. Throws {@link IllegalArgumentException} if the key has an account.
     *
     * @return the account id: 0 for the first account, then 1, 2, ...
     */
    public int register(PrivateKey key) {
        return accounts.register(key);
    }

    /** The account of a node id, if registered. */
    public OptionalInt account(PublicKey id) {
        return accounts.find(Objects.requireNonNull(id, "id"));
    }

    /** The node id of an account. */
    public PublicKey id(int account) {
        accounts.check(account);
        return accounts.key(account).publicKey();
    }

    /** Registered accounts. */
    public int accountCount() {
        return accounts.count();
    }

    /** Creates {@code msat} out of nothing on {@code account}: the only way money enters the ledger. */
    public void mint(int account, long msat) {
        accounts.check(account);
        if (msat <= 0) {
            throw new IllegalArgumentException("mint a positive amount, not " + msat);
        }
        counters.minted = Math.addExact(counters.minted, msat);
        accounts.credit(account, msat);
    }

    /** Spendable funds of an account. */
    public long balance(int account) {
        accounts.check(account);
        return accounts.balance(account);
    }

    /** Funds of an account locked in its accepted payments. */
    public long locked(int account) {
        accounts.check(account);
        return accounts.locked(account);
    }

    /**
     * Carries out {@code request} for {@code account} (a registered account;
     * anything else is a host bug and throws {@link IllegalArgumentException}),
     * after applying the expiries due by the clock. Every outcome, refusals
     * included, is reported as events to the listener before this returns.
     */
    public void execute(int account, WalletRequest request) {
        accounts.check(account);
        Objects.requireNonNull(request, "request");
        expireUntil(clock.millis());
        HoldInvoices ops = new HoldInvoices(this, account, clock.instant());
        switch (request) {
            case WalletRequest.CreateHoldInvoice create -> ops.create(create);
            case WalletRequest.Pay pay -> ops.pay(pay);
            case WalletRequest.Settle settle -> ops.settle(settle);
            case WalletRequest.Cancel cancel -> ops.cancel(cancel);
        }
        outbox.flush();
    }

    /**
     * Cancels, in order of expiry and then of creation, every OPEN or ACCEPTED
     * invoice whose expiry is at or before {@code now}: a paid one's funds go back
     * to its payer ({@code PaymentFailed}, then {@code InvoiceCancelled}, reason
     * {@value #EXPIRED}).
     */
    public void advance(Instant now) {
        expireUntil(now.toEpochMilli());
        outbox.flush();
    }

    /** When the next live invoice expires: the time for the host's next {@link #advance}. */
    public Optional<Instant> nextExpiry() {
        Invoice first = expiries.peek();
        return first == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first.expiresAtMillis));
    }

    /** The live (OPEN or ACCEPTED) invoice of {@code issuer} for {@code paymentHash}, if any. */
    public Optional<InvoiceInfo> invoice(int issuer, Hash32 paymentHash) {
        accounts.check(issuer);
        Invoice i = invoices.find(issuer, Objects.requireNonNull(paymentHash, "paymentHash"));
        return i == null ? Optional.empty() : Optional.of(i.info());
    }

    /** Invoices held in memory: the OPEN and ACCEPTED ones. */
    public int liveInvoices() {
        return invoices.size();
    }

    /** Checks that money is conserved; O(accounts + live invoices). */
    public ConservationReport checkConservation() {
        Accounts.Totals totals = accounts.totals();
        long[] inInvoices = {0};
        invoices.forEach(i -> {
            if (i.state == InvoiceState.ACCEPTED) {
                inInvoices[0] = Math.addExact(inInvoices[0], i.amountMsat);
            }
        });
        return new ConservationReport(counters.minted, totals.balancesMsat(), totals.lockedMsat(), inInvoices[0],
                totals.negativeAccounts());
    }

    /** Totals since the ledger was created. */
    public LedgerStats stats() {
        long accepted = counters.acceptedNow;
        return new LedgerStats(accounts.count(), counters.minted, counters.created, invoices.size() - accepted,
                accepted, counters.settled, counters.cancelled, counters.expired, counters.paymentsAccepted,
                counters.paymentsRefused, counters.callsFailed, counters.settledMsat, counters.refundedMsat);
    }

    /** One account's funds and counters. */
    public AccountStats accountStats(int account) {
        accounts.check(account);
        return accounts.stats(account);
    }

    private void expireUntil(long nowMillis) {
        for (Invoice first = expiries.peek(); first != null && first.expiresAtMillis <= nowMillis;
                first = expiries.peek()) {
            end(first, EXPIRED, true);
        }
    }

    // The transitions, shared by HoldInvoices (requests) and expireUntil.

    Accounts accounts() {
        return accounts;
    }

    InvoiceBook invoices() {
        return invoices;
    }

    Counters counters() {
        return counters;
    }

    void emit(int account, WalletEvent event) {
        outbox.add(new Delivery(account, event));
    }

    /** Records a new OPEN invoice. */
    void open(Invoice invoice) {
        invoices.add(invoice);
        expiries.add(invoice);
        accounts.countCreated(invoice.issuer);
        counters.created++;
    }

    /** OPEN to ACCEPTED: locks the payer's funds. */
    void accept(Invoice invoice, int payer, long callId) {
        accounts.lock(payer, invoice.amountMsat);
        invoice.state = InvoiceState.ACCEPTED;
        invoice.payer = payer;
        invoice.payCallId = callId;
        counters.acceptedNow++;
        counters.paymentsAccepted++;
        emit(payer, new WalletEvent.PaymentAccepted(callId, invoice.paymentHash, invoice.amountMsat));
        emit(invoice.issuer, new WalletEvent.InvoiceAccepted(invoice.paymentHash, invoice.amountMsat));
    }

    /** ACCEPTED to SETTLED: the locked funds go to the issuer, the preimage to the payer. */
    void settle(Invoice invoice, org.giggossip.core.payment.Preimage preimage) {
        drop(invoice);
        invoice.state = InvoiceState.SETTLED;
        counters.acceptedNow--;
        accounts.transferLocked(invoice.payer, invoice.issuer, invoice.amountMsat);
        accounts.countSettled(invoice.issuer);
        counters.settled++;
        counters.settledMsat += invoice.amountMsat;
        emit(invoice.issuer, new WalletEvent.InvoiceSettled(invoice.paymentHash, invoice.amountMsat));
        emit(invoice.payer, new WalletEvent.PaymentSettled(invoice.paymentHash, preimage, invoice.amountMsat));
    }

    /** OPEN or ACCEPTED to CANCELLED, by the issuer or by expiry: locked funds go back to the payer. */
    void end(Invoice invoice, String reason, boolean byExpiry) {
        drop(invoice);
        if (invoice.state == InvoiceState.ACCEPTED) {
            counters.acceptedNow--;
            accounts.unlock(invoice.payer, invoice.amountMsat);
            counters.refundedMsat += invoice.amountMsat;
            emit(invoice.payer, new WalletEvent.PaymentFailed(invoice.payCallId, invoice.paymentHash, reason));
        }
        invoice.state = InvoiceState.CANCELLED;
        accounts.countEnded(invoice.issuer, byExpiry);
        if (byExpiry) {
            counters.expired++;
        } else {
            counters.cancelled++;
        }
        emit(invoice.issuer, new WalletEvent.InvoiceCancelled(invoice.paymentHash, reason));
    }

    private void drop(Invoice invoice) {
        invoices.remove(invoice);
        expiries.remove(invoice);
    }

    /** Ledger-wide counters. */
    static final class Counters {
        long minted;
        long created;
        long settled;
        long cancelled;
        long expired;
        long acceptedNow;
        long paymentsAccepted;
        long paymentsRefused;
        long callsFailed;
        long settledMsat;
        long refundedMsat;
        long nextSequence;
    }
}
