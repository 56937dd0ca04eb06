package org.giggossip.core.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
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
 * counters ({@link #stats()}, {@link #accountStats}) remain, unless the host
 * asks the ledger to {@linkplain #retainFinished keep finished invoices} for a
 * while so that a repeated Settle, Cancel or Pay is answered as the first was
 * (the {@link org.giggossip.core.payment.HoldInvoiceWallet} contract).
 *
 * <p>Durable: {@link #drainChanges()} hands the host the rows changed by each
 * input, which it commits before acting on the input's events (write-ahead);
 * {@link #restore} rebuilds the exact ledger from the committed rows. Owned by
 * one thread.
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
    /** Finished invoices kept for idempotent answers, by issuer and hash; empty unless retained. */
    private final Map<FinishedKey, Finished> finished = new HashMap<>();
    /** The same, in order of finishing, for pruning by age. */
    private final ArrayDeque<Finished> finishedOrder = new ArrayDeque<>();
    private long retainFinishedMillis;
    /** Rows changed since the last drain; null until the host first drains (then every row is new). */
    private LedgerRows.Tracker tracker;

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
        int account = accounts.register(key);
        markAccount(account);
        return account;
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
        markAccount(account);
    }

    /**
     * Keeps each invoice that is settled or cancelled for {@code retention} after
     * it finishes (zero: forgets it at once, the default), so that within that
     * time a repeated {@code Settle} with the right preimage answers
     * {@code InvoiceSettled} again, a repeated {@code Cancel} answers
     * {@code InvoiceCancelled} again, and a {@code Pay} of a settled invoice by
     * its payer is refused as {@link WalletEvent.PaymentFailed#ALREADY_PAID}.
     * About 150 bytes per finished invoice; pruned as time advances.
     */
    public void retainFinished(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("negative retention " + retention);
        }
        retainFinishedMillis = retention.toMillis();
        pruneFinished(clock.millis());
    }

    /** How long finished invoices are kept ({@link #retainFinished}). */
    public Duration finishedRetention() {
        return Duration.ofMillis(retainFinishedMillis);
    }

    /**
     * The current state of {@code account}'s invoices and payments, as events:
     * {@code InvoiceAccepted} for each of its accepted invoices and
     * {@code PaymentAccepted} for each of its payments in flight, in order of
     * creation of the invoices. What a wallet re-announces when a host
     * (re)opens it; O(live invoices).
     */
    public List<WalletEvent> announcements(int account) {
        accounts.check(account);
        List<Invoice> mine = new ArrayList<>();
        invoices.forEach(i -> {
            if (i.state == InvoiceState.ACCEPTED && (i.issuer == account || i.payer == account)) {
                mine.add(i);
            }
        });
        mine.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        List<WalletEvent> out = new ArrayList<>(mine.size());
        for (Invoice i : mine) {
            out.add(i.issuer == account
                    ? new WalletEvent.InvoiceAccepted(i.paymentHash, i.amountMsat)
                    : new WalletEvent.PaymentAccepted(i.payCallId, i.paymentHash, i.amountMsat));
        }
        return out;
    }

    /**
     * The rows changed since the last call, for the host to commit before it acts
     * on the events of the input that changed them (write-ahead). The first call
     * returns every row of the ledger; later calls one row per account, invoice or
     * finished invoice changed, and the counters row. Keys and values:
     * {@code ledger_state.proto}.
     */
    public StateChanges drainChanges() {
        if (tracker == null) {
            tracker = new LedgerRows.Tracker();
            return LedgerRows.all(this, tracker);
        }
        return LedgerRows.drain(this, tracker);
    }

    /**
     * Rebuilds a ledger from the rows of every {@link #drainChanges()} committed so
     * far: the same accounts and keys, balances, locked funds, live invoices in
     * their states, finished invoices kept, counters and expiry order, so that it
     * answers every later input as the original would. Throws
     * {@link IllegalArgumentException} naming the first row that is malformed or
     * inconsistent with the others; never returns a partial ledger. No rows: an
     * empty ledger. The restored ledger tracks changes from its restored state.
     */
    public static Ledger restore(Clock clock, LedgerListener listener, Map<String, byte[]> rows) {
        Ledger ledger = new Ledger(clock, listener);
        LedgerRows.restore(ledger, rows);
        ledger.tracker = new LedgerRows.Tracker();
        ledger.tracker.lastMeta = LedgerRows.meta(ledger);
        return ledger;
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
            case WalletRequest.LookupInvoice lookup -> ops.lookup(lookup);
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
        pruneFinished(nowMillis);
    }

    private void pruneFinished(long nowMillis) {
        for (Finished f = finishedOrder.peek(); f != null
                && (retainFinishedMillis == 0 || f.finishedAtMillis() + retainFinishedMillis <= nowMillis);
                f = finishedOrder.peek()) {
            finishedOrder.poll();
            FinishedKey key = f.key();
            if (finished.get(key) == f) {
                finished.remove(key);
                markFinished(key);
            }
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

    ExpiryQueue expiries() {
        return expiries;
    }

    Map<FinishedKey, Finished> finished() {
        return finished;
    }

    ArrayDeque<Finished> finishedOrder() {
        return finishedOrder;
    }

    long retainFinishedMillis() {
        return retainFinishedMillis;
    }

    void setRetainFinishedMillis(long millis) {
        retainFinishedMillis = millis;
    }

    /** The finished invoice of {@code issuer} for {@code hash} still kept, or null. */
    Finished finished(int issuer, Hash32 hash) {
        return finished.get(new FinishedKey(issuer, hash));
    }

    private void markAccount(int account) {
        if (tracker != null) {
            tracker.account(account);
        }
    }

    private void markInvoice(Invoice invoice) {
        if (tracker != null) {
            tracker.invoice(invoice);
        }
    }

    private void markFinished(FinishedKey key) {
        if (tracker != null) {
            tracker.finished(key);
        }
    }

    /** Keeps a finished invoice, if the host asked for that. */
    private void keepFinished(Invoice invoice, String reason) {
        if (retainFinishedMillis == 0) {
            return;
        }
        Finished f = new Finished(invoice.paymentHash, invoice.issuer, invoice.amountMsat,
                invoice.state == InvoiceState.SETTLED, reason, clock.millis(), invoice.sequence, invoice.payer);
        finished.put(f.key(), f);
        finishedOrder.add(f);
        markFinished(f.key());
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
        FinishedKey key = new FinishedKey(invoice.issuer, invoice.paymentHash);
        if (finished.remove(key) != null) {
            markFinished(key);
        }
        markAccount(invoice.issuer);
        markInvoice(invoice);
    }

    /** OPEN to ACCEPTED: locks the payer's funds. */
    void accept(Invoice invoice, int payer, long callId) {
        accounts.lock(payer, invoice.amountMsat);
        invoice.state = InvoiceState.ACCEPTED;
        invoice.payer = payer;
        invoice.payCallId = callId;
        counters.acceptedNow++;
        counters.paymentsAccepted++;
        markAccount(payer);
        markInvoice(invoice);
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
        markAccount(invoice.payer);
        markAccount(invoice.issuer);
        markInvoice(invoice);
        keepFinished(invoice, "");
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
            markAccount(invoice.payer);
            emit(invoice.payer, new WalletEvent.PaymentFailed(invoice.payCallId, invoice.paymentHash, reason));
        }
        invoice.state = InvoiceState.CANCELLED;
        accounts.countEnded(invoice.issuer, byExpiry);
        if (byExpiry) {
            counters.expired++;
        } else {
            counters.cancelled++;
        }
        markAccount(invoice.issuer);
        markInvoice(invoice);
        keepFinished(invoice, reason);
        emit(invoice.issuer, new WalletEvent.InvoiceCancelled(invoice.paymentHash, reason));
    }

    private void drop(Invoice invoice) {
        invoices.remove(invoice);
        expiries.remove(invoice);
    }

    /** Issuer and payment hash: what names an invoice. */
    record FinishedKey(int issuer, Hash32 paymentHash) {}

    /** A settled or cancelled invoice kept for idempotent answers; {@code payer} is -1 if never paid. */
    record Finished(Hash32 paymentHash, int issuer, long amountMsat, boolean settled, String reason,
            long finishedAtMillis, long sequence, int payer) {
        FinishedKey key() {
            return new FinishedKey(issuer, paymentHash);
        }
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
