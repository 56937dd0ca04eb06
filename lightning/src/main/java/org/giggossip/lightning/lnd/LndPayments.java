package org.giggossip.lightning.lnd;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.Map;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;

/**
 * The payments of an {@link LndWallet} (routerrpc). {@code Pay} decodes the
 * invoice and refuses one without an amount, above {@code maxAmountMsat} (the rest
 * of the maximum is the routing fee limit) or already being paid, then calls
 * {@code SendPaymentV2}; a payment tracked from an earlier run is followed with
 * {@code TrackPaymentV2}. Updates: IN_FLIGHT with an HTLC in flight is
 * {@code PaymentAccepted}; SUCCEEDED (with a preimage that hashes to the payment
 * hash) is {@code PaymentSettled}; FAILED is {@code PaymentFailed}. lnd's
 * refusals of a second payment for a hash ("invoice is already paid", "payment is
 * in transition") become {@link WalletEvent.PaymentFailed#ALREADY_PAID} and
 * {@link WalletEvent.PaymentFailed#ALREADY_PAYING}.
 *
 * <p>A payment lnd could not be asked for (unreachable) fails with that reason:
 * nothing was paid, and if lnd did receive the request after all, lnd itself
 * refuses a second payment for the hash, so a repeated {@code Pay} cannot pay
 * twice. A stream lost after lnd took the payment is opened again with
 * {@code TrackPaymentV2}, never reported as a failure. Owned by the wallet's loop.
 */
final class LndPayments {
    private static final System.Logger LOG = System.getLogger(LndPayments.class.getName());
    /** lnd: "invoice is already paid" (channeldb.ErrAlreadyPaid). */
    static final String LND_ALREADY_PAID = "already paid";
    /** lnd: "payment is in transition" (channeldb.ErrPaymentInFlight). */
    static final String LND_IN_FLIGHT = "in transition";

    private final LndConfig config;
    private final RouterGrpc.RouterStub router;
    private final LndWalletStore store;
    private final WalletLoop loop;
    private final Map<Hash32, Outgoing> payments = new HashMap<>();

    /** A payment we follow: the call that made it, and whether its {@code PaymentAccepted} was reported. */
    private static final class Outgoing {
        final long callId;
        boolean accepted;
        boolean finished;

        Outgoing(long callId) {
            this.callId = callId;
        }
    }

    LndPayments(LndConfig config, RouterGrpc.RouterStub router, LndWalletStore store, WalletLoop loop) {
        this.config = config;
        this.router = router;
        this.store = store;
        this.loop = loop;
    }

    /** Follows the payments a previous run left in flight (their state is then reported). */
    void resume() {
        store.payments().forEach((hash, callId) -> {
            Outgoing p = new Outgoing(callId);
            payments.put(hash, p);
            track(hash, p, 0);
        });
    }

    void pay(WalletRequest.Pay r) {
        Bolt11Invoice invoice;
        switch (Bolt11.decode(r.bolt11())) {
            case Decoded.Err<Bolt11Invoice> err -> {
                loop.emit(new WalletEvent.PaymentFailed(r.callId(), null, "not a valid invoice: " + err.error().detail()));
                return;
            }
            case Decoded.Ok<Bolt11Invoice> ok -> invoice = ok.value();
        }
        Hash32 hash = invoice.paymentHash();
        if (invoice.amountMsat().isEmpty()) {
            loop.emit(new WalletEvent.PaymentFailed(r.callId(), hash, "the invoice has no amount"));
            return;
        }
        long amount = invoice.amountMsat().getAsLong();
        if (amount > r.maxAmountMsat()) {
            loop.emit(new WalletEvent.PaymentFailed(r.callId(), hash, "the invoice asks " + amount
                    + " msat, more than the maximum " + r.maxAmountMsat() + " msat"));
            return;
        }
        if (payments.containsKey(hash)) {
            loop.emit(new WalletEvent.PaymentFailed(r.callId(), hash, alreadyPaying(hash)));
            return;
        }
        Outgoing p = new Outgoing(r.callId());
        payments.put(hash, p);
        store.addPayment(hash, r.callId());
        var request = RouterOuterClass.SendPaymentRequest.newBuilder()
                .setPaymentRequest(r.bolt11())
                .setFeeLimitMsat(r.maxAmountMsat() - amount)
                // how long lnd may look for a route; an HTLC held by the payee is not cut by it
                .setTimeoutSeconds((int) Math.clamp(config.callTimeout().toSeconds(), 1, Integer.MAX_VALUE))
                .build();
        router.sendPaymentV2(request, observer(hash, p, 0, true));
    }

    private static String alreadyPaying(Hash32 hash) {
        return WalletEvent.PaymentFailed.ALREADY_PAYING + " " + hash.hex();
    }

    private void track(Hash32 hash, Outgoing p, int failures) {
        var request = RouterOuterClass.TrackPaymentRequest.newBuilder()
                .setPaymentHash(ByteString.copyFrom(hash.bytes())).build();
        router.trackPaymentV2(request, observer(hash, p, failures, false));
    }

    private StreamObserver<LightningApi.Payment> observer(Hash32 hash, Outgoing p, int failures, boolean sending) {
        return new StreamObserver<>() {
            private boolean updated;

            @Override
            public void onNext(LightningApi.Payment payment) {
                updated = true;
                onPayment(hash, p, payment);
            }

            @Override
            public void onError(Throwable e) {
                if (p.finished) {
                    return;
                }
                if (!updated && (sending || LndRpc.notFound(e))) {
                    refused(hash, p, e); // lnd did not take (or does not have) the payment
                } else {
                    LOG.log(System.Logger.Level.INFO, "payment " + hash + ": " + LndRpc.reason(config, e)
                            + "; tracking it again");
                    int next = updated ? 0 : failures + 1;
                    loop.later(next, () -> track(hash, p, next));
                }
            }

            @Override
            public void onCompleted() {
                if (!p.finished) {
                    loop.later(failures, () -> track(hash, p, failures + 1));
                }
            }
        };
    }

    /** lnd refused a payment: a duplicate keeps the payment already made followed; else the payment failed. */
    private void refused(Hash32 hash, Outgoing p, Throwable e) {
        String detail = String.valueOf(Status.fromThrowable(e).getDescription());
        finish(hash, p);
        if (detail.contains(LND_ALREADY_PAID)) {
            loop.emit(new WalletEvent.PaymentFailed(p.callId, hash, WalletEvent.PaymentFailed.ALREADY_PAID));
        } else if (detail.contains(LND_IN_FLIGHT)) {
            loop.emit(new WalletEvent.PaymentFailed(p.callId, hash, alreadyPaying(hash)));
            // a payment this wallet does not track (its state file was lost): follow it under this call
            Outgoing earlier = new Outgoing(p.callId);
            payments.put(hash, earlier);
            store.addPayment(hash, p.callId);
            track(hash, earlier, 0);
        } else {
            loop.emit(new WalletEvent.PaymentFailed(p.callId, hash, LndRpc.reason(config, e)));
        }
    }

    private void onPayment(Hash32 hash, Outgoing p, LightningApi.Payment payment) {
        if (p.finished) {
            return;
        }
        if (!payment.getPaymentHash().equalsIgnoreCase(hash.hex()) || payment.getValueMsat() < 0) {
            LOG.log(System.Logger.Level.WARNING, "lnd sent payment " + payment.getPaymentHash() + " of "
                    + payment.getValueMsat() + " msat on the stream of " + hash + "; ignored");
            return;
        }
        switch (payment.getStatus()) {
            case IN_FLIGHT -> {
                if (payment.getHtlcsList().stream()
                        .anyMatch(h -> h.getStatus() == LightningApi.HTLCAttempt.HTLCStatus.IN_FLIGHT)) {
                    accepted(hash, p, payment);
                }
            }
            case SUCCEEDED -> {
                var preimage = Hex.tryDecode(payment.getPaymentPreimage())
                        .filter(b -> b.length == Preimage.SIZE).map(Preimage::of)
                        .filter(pre -> pre.matches(hash));
                if (preimage.isEmpty()) {
                    LOG.log(System.Logger.Level.ERROR, "lnd reports payment " + hash
                            + " succeeded without its preimage; waiting for a valid update");
                    return;
                }
                accepted(hash, p, payment); // the payee may settle before we saw the HTLC in flight
                finish(hash, p);
                loop.emit(new WalletEvent.PaymentSettled(hash, preimage.get(), payment.getValueMsat()));
            }
            case FAILED -> {
                finish(hash, p);
                loop.emit(new WalletEvent.PaymentFailed(p.callId, hash, "lnd: payment failed: "
                        + payment.getFailureReason().name()));
            }
            case UNKNOWN, UNRECOGNIZED -> { }
        }
    }

    private void accepted(Hash32 hash, Outgoing p, LightningApi.Payment payment) {
        if (!p.accepted) {
            p.accepted = true;
            loop.emit(new WalletEvent.PaymentAccepted(p.callId, hash, payment.getValueMsat()));
        }
    }

    private void finish(Hash32 hash, Outgoing p) {
        p.finished = true;
        if (payments.get(hash) == p) {
            payments.remove(hash);
            store.removePayment(hash);
        }
    }
}
