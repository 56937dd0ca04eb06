package org.giggossip.lightning.lnd;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.lightningj.lnd.invoices.proto.InvoicesGrpc;
import org.lightningj.lnd.invoices.proto.InvoicesOuterClass;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningApi.Invoice.InvoiceState;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;

/**
 * A {@link HoldInvoiceWallet} on an lnd node, over lnd's gRPC API (invoicesrpc
 * for hold invoices, routerrpc for payments, lnrpc for the balance), with the
 * stubs LightningJ generates. See {@link #open} and the module README.
 *
 * <p>Requests map to lnd as follows. {@code CreateHoldInvoice} is
 * {@code AddHoldInvoice}; the payment request lnd returns is decoded and must
 * carry the requested hash and amount, then the wallet follows the invoice with
 * {@code SubscribeSingleInvoice} (ACCEPTED, SETTLED, CANCELED become
 * {@code InvoiceAccepted}, {@code InvoiceSettled}, {@code InvoiceCancelled}).
 * {@code Pay} decodes the invoice, refuses one above {@code maxAmountMsat} (the
 * rest of the maximum is the routing fee limit) or one already being paid, and
 * is {@code SendPaymentV2}: an update with an HTLC in flight is
 * {@code PaymentAccepted}, SUCCEEDED is {@code PaymentSettled}, FAILED is
 * {@code PaymentFailed}; lnd's refusals of a second payment for a hash become the
 * duplicate reasons of {@link WalletEvent.PaymentFailed}. {@code Settle} and
 * {@code Cancel} call {@code SettleInvoice} and {@code CancelInvoice} and answer
 * from {@code LookupInvoiceV2}, so a repeated one is answered again.
 *
 * <p>One thread owns the state and delivers every event; gRPC runs its callbacks
 * on that thread. Streams broken by a lost connection are opened again after a
 * pause that doubles up to {@link LndConfig#maxBackoff()}. The invoices and
 * payments not yet final are listed in {@link LndWalletStore}, so a wallet opened
 * again subscribes and tracks them, and so reports the accepted invoices and the
 * payments in flight.
 */
public final class LndWallet implements HoldInvoiceWallet {
    private static final System.Logger LOG = System.getLogger(LndWallet.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** lnd: "invoice is already paid" (channeldb.ErrAlreadyPaid). */
    private static final String LND_ALREADY_PAID = "already paid";
    /** lnd: "payment is in transition" (channeldb.ErrPaymentInFlight). */
    private static final String LND_IN_FLIGHT = "in transition";

    private final LndConfig config;
    private final Consumer<WalletEvent> sink;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final LndRpc.Channels channels;
    private final InvoicesGrpc.InvoicesStub invoices;
    private final RouterGrpc.RouterStub router;
    private final LndWalletStore store;
    // owned by the loop
    private final Map<Hash32, InvoiceState> reported = new HashMap<>();
    private final Set<Hash32> answering = new HashSet<>();
    private final Map<Hash32, Outgoing> payments = new HashMap<>();
    private volatile boolean closed;

    /** A payment we follow: the call that made it, and whether its {@code PaymentAccepted} was reported. */
    private static final class Outgoing {
        final long callId;
        boolean accepted;
        boolean finished;

        Outgoing(long callId) {
            this.callId = callId;
        }
    }

    private LndWallet(LndConfig config, Consumer<WalletEvent> sink, Clock clock, LndConfig.Credentials credentials) {
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.store = LndWalletStore.open(config.stateDirectory());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lnd-wallet " + config.host() + ":" + config.port());
            t.setDaemon(true);
            return t;
        });
        this.channels = LndRpc.open(config, credentials, loop);
        this.invoices = InvoicesGrpc.newStub(channels.authenticated());
        this.router = RouterGrpc.newStub(channels.authenticated());
    }

    /**
     * Opens a wallet on the lnd node of {@code config}, delivering events to
     * {@code sink} from the wallet's thread. Reads the certificate and macaroon
     * first (an {@link IllegalArgumentException} names a missing, unreadable or
     * invalid file) and the tracked hashes in {@link LndConfig#stateDirectory()};
     * does not wait for lnd: an unreachable node shows as failed calls, and the
     * invoices and payments tracked from a previous run are reported once lnd
     * answers.
     */
    public static LndWallet open(LndConfig config, Consumer<WalletEvent> sink) {
        return open(config, sink, Clock.systemUTC());
    }

    /** {@link #open(LndConfig, Consumer)} with the clock that turns an invoice's expiry time into seconds. */
    public static LndWallet open(LndConfig config, Consumer<WalletEvent> sink, Clock clock) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clock, "clock");
        LndWallet wallet = new LndWallet(config, sink, clock, config.readCredentials());
        wallet.loop.execute(wallet::resume);
        return wallet;
    }

    private void resume() {
        for (Hash32 hash : store.invoices()) {
            subscribe(hash, 0);
        }
        store.payments().forEach((hash, callId) -> {
            Outgoing p = new Outgoing(callId);
            payments.put(hash, p);
            track(hash, p, 0);
        });
    }

    @Override
    public void execute(WalletRequest request) {
        Objects.requireNonNull(request, "request");
        run(() -> {
            switch (request) {
                case WalletRequest.CreateHoldInvoice r -> create(r);
                case WalletRequest.Pay r -> pay(r);
                case WalletRequest.Settle r -> settle(r);
                case WalletRequest.Cancel r -> cancel(r);
            }
        });
    }

    @Override
    public Balance balance() {
        try {
            var b = LightningGrpc.newBlockingStub(channels.authenticated())
                    .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .channelBalance(LightningApi.ChannelBalanceRequest.getDefaultInstance());
            return new Balance(b.getLocalBalance().getMsat(), b.getUnsettledLocalBalance().getMsat());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException(LndRpc.reason(config, e), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        channels.managed().shutdownNow();
        loop.shutdown();
    }

    // ---- invoices

    private void create(WalletRequest.CreateHoldInvoice r) {
        long millis = r.expiresAt().toEpochMilli() - clock.millis();
        if (millis <= 0) {
            emit(new WalletEvent.CallFailed(r.callId(), "the invoice would expire at " + r.expiresAt()
                    + ", which is not in the future"));
            return;
        }
        var request = InvoicesOuterClass.AddHoldInvoiceRequest.newBuilder()
                .setHash(ByteString.copyFrom(r.paymentHash().bytes()))
                .setValueMsat(r.amountMsat())
                .setExpiry(Math.ceilDiv(millis, 1000L))
                .setMemo(r.memo())
                .build();
        invoices().addHoldInvoice(request, LndRpc.unary(resp -> {
            String refusal = checkPaymentRequest(resp.getPaymentRequest(), r.paymentHash(), r.amountMsat());
            if (refusal != null) {
                emit(new WalletEvent.CallFailed(r.callId(), "lnd returned an invalid payment request: " + refusal));
                // do not leave an invoice nobody can pay open at lnd
                invoices().cancelInvoice(cancelMsg(r.paymentHash()), LndRpc.unary(ok -> { }, e -> LOG.log(
                        System.Logger.Level.WARNING, "cannot cancel invoice " + r.paymentHash() + ": " + e)));
                return;
            }
            store.addInvoice(r.paymentHash());
            emit(new WalletEvent.InvoiceCreated(r.callId(), r.paymentHash(), resp.getPaymentRequest()));
            subscribe(r.paymentHash(), 0);
        }, e -> emit(new WalletEvent.CallFailed(r.callId(), LndRpc.reason(config, e)))));
    }

    /** Why lnd's payment request is not the invoice we asked for, or null if it is. */
    static String checkPaymentRequest(String bolt11, Hash32 hash, long amountMsat) {
        return switch (Bolt11.decode(bolt11)) {
            case Decoded.Err<Bolt11Invoice> err -> err.error().detail();
            case Decoded.Ok<Bolt11Invoice> ok -> {
                Bolt11Invoice inv = ok.value();
                if (!inv.paymentHash().equals(hash)) {
                    yield "its payment hash is " + inv.paymentHash() + ", not " + hash;
                }
                if (inv.amountMsat().isEmpty() || inv.amountMsat().getAsLong() != amountMsat) {
                    yield "its amount is " + inv.amountMsat() + ", not " + amountMsat + " msat";
                }
                yield null;
            }
        };
    }

    private void subscribe(Hash32 hash, int attempt) {
        var request = InvoicesOuterClass.SubscribeSingleInvoiceRequest.newBuilder()
                .setRHash(ByteString.copyFrom(hash.bytes())).build();
        int[] failures = {attempt};
        invoices.subscribeSingleInvoice(request, new StreamObserver<>() {
            @Override
            public void onNext(LightningApi.Invoice invoice) {
                failures[0] = 0;
                guarded(() -> onInvoice(hash, invoice));
            }

            @Override
            public void onError(Throwable e) {
                guarded(() -> {
                    if (LndRpc.notFound(e)) {
                        LOG.log(System.Logger.Level.WARNING, "lnd has no invoice " + hash + "; no longer tracked");
                        store.removeInvoice(hash);
                    } else if (store.tracksInvoice(hash)) {
                        LOG.log(System.Logger.Level.INFO, "invoice " + hash + " subscription: "
                                + LndRpc.reason(config, e) + "; subscribing again");
                        later(failures[0], () -> subscribe(hash, failures[0] + 1));
                    }
                });
            }

            @Override
            public void onCompleted() {
                guarded(() -> {
                    if (store.tracksInvoice(hash)) {
                        later(failures[0], () -> subscribe(hash, failures[0] + 1));
                    }
                });
            }
        });
    }

    private void onInvoice(Hash32 hash, LightningApi.Invoice invoice) {
        if (!invoice.getRHash().equals(ByteString.copyFrom(hash.bytes()))) {
            LOG.log(System.Logger.Level.WARNING, "lnd sent another invoice on the subscription of " + hash);
            return;
        }
        InvoiceState state = invoice.getState();
        if (state == reported.get(hash)) {
            return;
        }
        boolean finalState = state == InvoiceState.SETTLED || state == InvoiceState.CANCELED;
        if (finalState && answering.contains(hash)) {
            return; // the Settle or Cancel being answered reports it
        }
        reported.put(hash, state);
        switch (state) {
            case ACCEPTED -> emit(new WalletEvent.InvoiceAccepted(hash, invoice.getAmtPaidMsat()));
            case SETTLED -> emit(new WalletEvent.InvoiceSettled(hash, invoice.getAmtPaidMsat()));
            case CANCELED -> emit(new WalletEvent.InvoiceCancelled(hash, "cancelled or expired at lnd"));
            case OPEN, UNRECOGNIZED -> { }
        }
        if (finalState) {
            store.removeInvoice(hash);
        }
    }

    private void settle(WalletRequest.Settle r) {
        if (!r.preimage().matches(r.paymentHash())) {
            emit(new WalletEvent.CallFailed(r.callId(), "the preimage does not hash to " + r.paymentHash()));
            return;
        }
        var msg = InvoicesOuterClass.SettleInvoiceMsg.newBuilder()
                .setPreimage(ByteString.copyFrom(r.preimage().bytes())).build();
        answering.add(r.paymentHash());
        invoices().settleInvoice(msg, LndRpc.unary(
                ok -> answer(r.callId(), r.paymentHash(), InvoiceState.SETTLED, null),
                e -> answer(r.callId(), r.paymentHash(), InvoiceState.SETTLED, e)));
    }

    private void cancel(WalletRequest.Cancel r) {
        answering.add(r.paymentHash());
        invoices().cancelInvoice(cancelMsg(r.paymentHash()), LndRpc.unary(
                ok -> answer(r.callId(), r.paymentHash(), InvoiceState.CANCELED, null),
                e -> answer(r.callId(), r.paymentHash(), InvoiceState.CANCELED, e)));
    }

    /**
     * Answers a Settle or Cancel from the invoice as lnd now has it: in the
     * wanted state (also when it already was: the request is idempotent), the
     * event of that state; else the call failed, with lnd's error if there was one.
     */
    private void answer(long callId, Hash32 hash, InvoiceState wanted, Throwable error) {
        var lookup = InvoicesOuterClass.LookupInvoiceMsg.newBuilder()
                .setPaymentHash(ByteString.copyFrom(hash.bytes())).build();
        invoices().lookupInvoiceV2(lookup, LndRpc.unary(invoice -> {
            answering.remove(hash);
            if (invoice.getState() != wanted) {
                emit(new WalletEvent.CallFailed(callId, error != null ? LndRpc.reason(config, error)
                        : "the invoice is " + invoice.getState() + " at lnd"));
                return;
            }
            reported.put(hash, wanted);
            store.removeInvoice(hash);
            emit(wanted == InvoiceState.SETTLED
                    ? new WalletEvent.InvoiceSettled(hash, invoice.getAmtPaidMsat())
                    : new WalletEvent.InvoiceCancelled(hash, "cancelled"));
        }, e -> {
            answering.remove(hash);
            emit(new WalletEvent.CallFailed(callId, LndRpc.reason(config, error != null ? error : e)));
        }));
    }

    private static InvoicesOuterClass.CancelInvoiceMsg cancelMsg(Hash32 hash) {
        return InvoicesOuterClass.CancelInvoiceMsg.newBuilder()
                .setPaymentHash(ByteString.copyFrom(hash.bytes())).build();
    }

    // ---- payments

    private void pay(WalletRequest.Pay r) {
        Bolt11Invoice invoice;
        switch (Bolt11.decode(r.bolt11())) {
            case Decoded.Err<Bolt11Invoice> err -> {
                emit(new WalletEvent.PaymentFailed(r.callId(), null, "not a valid invoice: " + err.error().detail()));
                return;
            }
            case Decoded.Ok<Bolt11Invoice> ok -> invoice = ok.value();
        }
        Hash32 hash = invoice.paymentHash();
        if (invoice.amountMsat().isEmpty()) {
            emit(new WalletEvent.PaymentFailed(r.callId(), hash, "the invoice has no amount"));
            return;
        }
        long amount = invoice.amountMsat().getAsLong();
        if (amount > r.maxAmountMsat()) {
            emit(new WalletEvent.PaymentFailed(r.callId(), hash, "the invoice asks " + amount
                    + " msat, more than the maximum " + r.maxAmountMsat() + " msat"));
            return;
        }
        if (payments.containsKey(hash)) {
            emit(new WalletEvent.PaymentFailed(r.callId(), hash, alreadyPaying(hash)));
            return;
        }
        Outgoing p = new Outgoing(r.callId());
        payments.put(hash, p);
        store.addPayment(hash, r.callId());
        var request = org.lightningj.lnd.router.proto.RouterOuterClass.SendPaymentRequest.newBuilder()
                .setPaymentRequest(r.bolt11())
                .setFeeLimitMsat(r.maxAmountMsat() - amount)
                .setTimeoutSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, config.callTimeout().toSeconds())))
                .build();
        router.sendPaymentV2(request, paymentObserver(hash, p, 0, true));
    }

    private static String alreadyPaying(Hash32 hash) {
        return WalletEvent.PaymentFailed.ALREADY_PAYING + " " + hash.hex();
    }

    private void track(Hash32 hash, Outgoing p, int attempt) {
        var request = org.lightningj.lnd.router.proto.RouterOuterClass.TrackPaymentRequest.newBuilder()
                .setPaymentHash(ByteString.copyFrom(hash.bytes())).build();
        router.trackPaymentV2(request, paymentObserver(hash, p, attempt, false));
    }

    private StreamObserver<LightningApi.Payment> paymentObserver(Hash32 hash, Outgoing p, int attempt,
            boolean sending) {
        return new StreamObserver<>() {
            private boolean updated;

            @Override
            public void onNext(LightningApi.Payment payment) {
                updated = true;
                guarded(() -> onPayment(hash, p, payment));
            }

            @Override
            public void onError(Throwable e) {
                guarded(() -> {
                    if (p.finished) {
                        return;
                    }
                    if (!updated && (sending || LndRpc.notFound(e))) {
                        refused(hash, p, e); // lnd did not take the payment
                    } else {
                        LOG.log(System.Logger.Level.INFO, "payment " + hash + ": " + LndRpc.reason(config, e)
                                + "; tracking it again");
                        later(updated ? 0 : attempt, () -> track(hash, p, updated ? 1 : attempt + 1));
                    }
                });
            }

            @Override
            public void onCompleted() {
                guarded(() -> {
                    if (!p.finished) {
                        later(attempt, () -> track(hash, p, attempt + 1));
                    }
                });
            }
        };
    }

    /** lnd refused a payment: a duplicate keeps the payment already made tracked; else the payment failed. */
    private void refused(Hash32 hash, Outgoing p, Throwable e) {
        String detail = String.valueOf(io.grpc.Status.fromThrowable(e).getDescription());
        finish(hash, p);
        if (detail.contains(LND_ALREADY_PAID)) {
            emit(new WalletEvent.PaymentFailed(p.callId, hash, WalletEvent.PaymentFailed.ALREADY_PAID));
        } else if (detail.contains(LND_IN_FLIGHT)) {
            emit(new WalletEvent.PaymentFailed(p.callId, hash, alreadyPaying(hash)));
            // a payment of an earlier run that this wallet did not track: follow it under this call
            Outgoing earlier = new Outgoing(p.callId);
            payments.put(hash, earlier);
            store.addPayment(hash, p.callId);
            track(hash, earlier, 0);
        } else {
            emit(new WalletEvent.PaymentFailed(p.callId, hash, LndRpc.reason(config, e)));
        }
    }

    private void onPayment(Hash32 hash, Outgoing p, LightningApi.Payment payment) {
        if (p.finished) {
            return;
        }
        if (!payment.getPaymentHash().equalsIgnoreCase(hash.hex())) {
            LOG.log(System.Logger.Level.WARNING, "lnd sent payment " + payment.getPaymentHash()
                    + " on the stream of " + hash);
            return;
        }
        switch (payment.getStatus()) {
            case IN_FLIGHT -> {
                boolean htlc = payment.getHtlcsList().stream()
                        .anyMatch(h -> h.getStatus() == LightningApi.HTLCAttempt.HTLCStatus.IN_FLIGHT);
                if (htlc) {
                    accepted(hash, p, payment);
                }
            }
            case SUCCEEDED -> {
                var preimage = org.giggossip.core.util.Hex.tryDecode(payment.getPaymentPreimage())
                        .filter(b -> b.length == Preimage.SIZE).map(Preimage::of)
                        .filter(pre -> pre.matches(hash));
                if (preimage.isEmpty()) {
                    LOG.log(System.Logger.Level.ERROR, "lnd reports payment " + hash
                            + " succeeded without its preimage; waiting for a valid update");
                    return;
                }
                accepted(hash, p, payment);
                finish(hash, p);
                emit(new WalletEvent.PaymentSettled(hash, preimage.get(), payment.getValueMsat()));
            }
            case FAILED -> {
                finish(hash, p);
                emit(new WalletEvent.PaymentFailed(p.callId, hash, "lnd: payment failed: "
                        + payment.getFailureReason().name()));
            }
            case UNKNOWN, UNRECOGNIZED -> { }
        }
    }

    private void accepted(Hash32 hash, Outgoing p, LightningApi.Payment payment) {
        if (!p.accepted) {
            p.accepted = true;
            emit(new WalletEvent.PaymentAccepted(p.callId, hash, payment.getValueMsat()));
        }
    }

    private void finish(Hash32 hash, Outgoing p) {
        p.finished = true;
        if (payments.get(hash) == p) {
            payments.remove(hash);
            store.removePayment(hash);
        }
    }

    // ---- the loop

    private InvoicesGrpc.InvoicesStub invoices() {
        return invoices.withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the wallet's thread after the pause for a stream's {@code attempt}-th failure. */
    private void later(int attempt, Runnable task) {
        long delay = Math.min(config.maxBackoff().toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 16));
        try {
            loop.schedule(() -> guarded(task), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void run(Runnable task) {
        try {
            loop.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "lnd wallet closed; request dropped");
        }
    }

    private void guarded(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "lnd wallet task failed", e);
        }
    }

    private void emit(WalletEvent event) {
        if (!closed) {
            sink.accept(event);
        }
    }
}
