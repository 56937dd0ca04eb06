package org.giggossip.lightning.lnd;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.lightningj.lnd.invoices.proto.InvoicesGrpc;
import org.lightningj.lnd.invoices.proto.InvoicesOuterClass;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningApi.Invoice.InvoiceState;

/**
 * The hold invoices of an {@link LndWallet} (invoicesrpc). {@code CreateHoldInvoice}
 * is {@code AddHoldInvoice}; the payment request lnd returns must decode to an
 * invoice with the requested hash and amount, else the call fails and the invoice
 * is cancelled at lnd. Each invoice is then followed with
 * {@code SubscribeSingleInvoice} (ACCEPTED, SETTLED, CANCELED become
 * {@code InvoiceAccepted}, {@code InvoiceSettled}, {@code InvoiceCancelled}, each
 * reported once), opened again with a bounded backoff when the stream is lost.
 * {@code Settle} and {@code Cancel} call {@code SettleInvoice} and
 * {@code CancelInvoice}, then answer from {@code LookupInvoiceV2}: an invoice
 * already in the wanted state is answered again (the requests are idempotent).
 * Owned by the wallet's loop.
 */
final class LndInvoices {
    private static final System.Logger LOG = System.getLogger(LndInvoices.class.getName());

    private final LndConfig config;
    private final InvoicesGrpc.InvoicesStub stub;
    private final LndWalletStore store;
    private final WalletLoop loop;
    private final Clock clock;
    /** The last state reported of each invoice followed. */
    private final Map<Hash32, InvoiceState> reported = new HashMap<>();
    /** How many Settle or Cancel requests of each invoice are being answered: the answer reports the final state. */
    private final Map<Hash32, Integer> answering = new HashMap<>();

    LndInvoices(LndConfig config, InvoicesGrpc.InvoicesStub stub, LndWalletStore store, WalletLoop loop,
            Clock clock) {
        this.config = config;
        this.stub = stub;
        this.store = store;
        this.loop = loop;
        this.clock = clock;
    }

    /** Follows the invoices a previous run created (the accepted ones are then reported). */
    void resume() {
        for (Hash32 hash : store.invoices()) {
            subscribe(hash, 0);
        }
    }

    void create(WalletRequest.CreateHoldInvoice r) {
        long millis = r.expiresAt().toEpochMilli() - clock.millis();
        if (millis <= 0) {
            loop.emit(new WalletEvent.CallFailed(r.callId(), "the invoice would expire at " + r.expiresAt()
                    + ", which is not in the future"));
            return;
        }
        var request = InvoicesOuterClass.AddHoldInvoiceRequest.newBuilder()
                .setHash(bytes(r.paymentHash()))
                .setValueMsat(r.amountMsat())
                .setExpiry(Math.ceilDiv(millis, 1000L))
                .setMemo(r.memo())
                .build();
        unary().addHoldInvoice(request, LndRpc.unary(resp -> {
            String refusal = checkPaymentRequest(resp.getPaymentRequest(), r.paymentHash(), r.amountMsat());
            if (refusal != null) {
                loop.emit(new WalletEvent.CallFailed(r.callId(), "lnd returned an invalid payment request: " + refusal));
                // leave no invoice open at lnd that we never handed out
                unary().cancelInvoice(cancelMsg(r.paymentHash()), LndRpc.unary(ok -> { }, e -> LOG.log(
                        System.Logger.Level.WARNING, "cannot cancel invoice " + r.paymentHash() + ": " + e)));
                return;
            }
            store.addInvoice(r.paymentHash());
            loop.emit(new WalletEvent.InvoiceCreated(r.callId(), r.paymentHash(), resp.getPaymentRequest()));
            subscribe(r.paymentHash(), 0);
        }, e -> loop.emit(new WalletEvent.CallFailed(r.callId(), LndRpc.reason(config, e)))));
    }

    /** Why lnd's payment request is not the invoice asked for, or null if it is. */
    static String checkPaymentRequest(String bolt11, Hash32 hash, long amountMsat) {
        return switch (Bolt11.decode(bolt11)) {
            case Decoded.Err<Bolt11Invoice> err -> err.error().detail();
            case Decoded.Ok<Bolt11Invoice> ok -> {
                Bolt11Invoice inv = ok.value();
                if (!inv.paymentHash().equals(hash)) {
                    yield "its payment hash is " + inv.paymentHash().hex() + ", not " + hash.hex();
                }
                if (inv.amountMsat().isEmpty() || inv.amountMsat().getAsLong() != amountMsat) {
                    yield "its amount is " + inv.amountMsat() + ", not " + amountMsat + " msat";
                }
                yield null;
            }
        };
    }

    private void subscribe(Hash32 hash, int failures) {
        var request = InvoicesOuterClass.SubscribeSingleInvoiceRequest.newBuilder().setRHash(bytes(hash)).build();
        stub.subscribeSingleInvoice(request, new StreamObserver<>() {
            private boolean updated;

            @Override
            public void onNext(LightningApi.Invoice invoice) {
                updated = true;
                onInvoice(hash, invoice);
            }

            @Override
            public void onError(Throwable e) {
                if (LndRpc.notFound(e)) {
                    LOG.log(System.Logger.Level.WARNING, "lnd has no invoice " + hash + "; no longer followed");
                    store.removeInvoice(hash);
                } else if (store.tracksInvoice(hash)) {
                    LOG.log(System.Logger.Level.INFO, "invoice " + hash + ": " + LndRpc.reason(config, e)
                            + "; subscribing again");
                    int next = updated ? 0 : failures + 1;
                    loop.later(next, () -> subscribe(hash, next));
                }
            }

            @Override
            public void onCompleted() {
                if (store.tracksInvoice(hash)) {
                    loop.later(failures, () -> subscribe(hash, failures + 1));
                }
            }
        });
    }

    private void onInvoice(Hash32 hash, LightningApi.Invoice invoice) {
        if (!invoice.getRHash().equals(bytes(hash)) || invoice.getAmtPaidMsat() < 0) {
            LOG.log(System.Logger.Level.WARNING, "lnd sent a foreign or negative invoice update on the stream of "
                    + hash + "; ignored");
            return;
        }
        InvoiceState state = invoice.getState();
        boolean finalState = state == InvoiceState.SETTLED || state == InvoiceState.CANCELED;
        if (state == reported.get(hash) || (finalState && answering.containsKey(hash))) {
            return;
        }
        reported.put(hash, state);
        switch (state) {
            case ACCEPTED -> loop.emit(new WalletEvent.InvoiceAccepted(hash, invoice.getAmtPaidMsat()));
            case SETTLED -> loop.emit(new WalletEvent.InvoiceSettled(hash, invoice.getAmtPaidMsat()));
            case CANCELED -> loop.emit(new WalletEvent.InvoiceCancelled(hash, "cancelled or expired at lnd"));
            case OPEN, UNRECOGNIZED -> { }
        }
        if (finalState) {
            store.removeInvoice(hash);
        }
    }

    void settle(WalletRequest.Settle r) {
        if (!r.preimage().matches(r.paymentHash())) {
            loop.emit(new WalletEvent.CallFailed(r.callId(), "the preimage does not hash to " + r.paymentHash().hex()));
            return;
        }
        var msg = InvoicesOuterClass.SettleInvoiceMsg.newBuilder()
                .setPreimage(ByteString.copyFrom(r.preimage().bytes())).build();
        answering.merge(r.paymentHash(), 1, Integer::sum);
        unary().settleInvoice(msg, LndRpc.unary(
                ok -> answer(r.callId(), r.paymentHash(), InvoiceState.SETTLED, null),
                e -> answer(r.callId(), r.paymentHash(), InvoiceState.SETTLED, e)));
    }

    void cancel(WalletRequest.Cancel r) {
        answering.merge(r.paymentHash(), 1, Integer::sum);
        unary().cancelInvoice(cancelMsg(r.paymentHash()), LndRpc.unary(
                ok -> answer(r.callId(), r.paymentHash(), InvoiceState.CANCELED, null),
                e -> answer(r.callId(), r.paymentHash(), InvoiceState.CANCELED, e)));
    }

    /**
     * Answers a Settle or Cancel from the invoice as lnd now has it: in the wanted
     * state (also when it already was), the event of that state; else the call
     * failed, with lnd's error if there was one.
     */
    private void answer(long callId, Hash32 hash, InvoiceState wanted, Throwable error) {
        var lookup = InvoicesOuterClass.LookupInvoiceMsg.newBuilder().setPaymentHash(bytes(hash)).build();
        unary().lookupInvoiceV2(lookup, LndRpc.unary(invoice -> {
            answering.computeIfPresent(hash, (h, n) -> n > 1 ? n - 1 : null);
            if (invoice.getState() != wanted) {
                loop.emit(new WalletEvent.CallFailed(callId, error != null ? LndRpc.reason(config, error)
                        : "the invoice is " + invoice.getState() + " at lnd"));
                return;
            }
            reported.put(hash, wanted);
            store.removeInvoice(hash);
            loop.emit(wanted == InvoiceState.SETTLED
                    ? new WalletEvent.InvoiceSettled(hash, invoice.getAmtPaidMsat())
                    : new WalletEvent.InvoiceCancelled(hash, "cancelled"));
        }, e -> {
            answering.computeIfPresent(hash, (h, n) -> n > 1 ? n - 1 : null);
            loop.emit(new WalletEvent.CallFailed(callId, LndRpc.reason(config, error != null ? error : e)));
        }));
    }

    private InvoicesGrpc.InvoicesStub unary() {
        return stub.withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static InvoicesOuterClass.CancelInvoiceMsg cancelMsg(Hash32 hash) {
        return InvoicesOuterClass.CancelInvoiceMsg.newBuilder().setPaymentHash(bytes(hash)).build();
    }

    private static ByteString bytes(Hash32 hash) {
        return ByteString.copyFrom(hash.bytes());
    }
}
