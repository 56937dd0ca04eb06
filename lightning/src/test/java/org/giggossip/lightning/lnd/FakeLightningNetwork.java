package org.giggossip.lightning.lnd;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningApi.Invoice.InvoiceState;
import org.lightningj.lnd.proto.LightningApi.Payment.PaymentStatus;
import org.lightningj.lnd.proto.LightningApi.PaymentFailureReason;

/**
 * The Lightning network behind the {@link FakeLnd} servers of a test: nodes with
 * a balance, hold invoices (OPEN, ACCEPTED when paid with the payer's funds
 * locked, SETTLED with the preimage or CANCELED with the funds back; an open
 * invoice is cancelled when it expires) and payments (IN_FLIGHT with an HTLC,
 * SUCCEEDED with the preimage, FAILED), with lnd's errors for refusals. One lock
 * guards it all; stream updates are sent under it, so each stream sees the
 * changes in order.
 */
final class FakeLightningNetwork implements AutoCloseable {
    static final String CURRENCY = "bcrt";

    private final Object lock = new Object();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Node> byNodeId = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-ln-expiry");
        t.setDaemon(true);
        return t;
    });

    /** One node: its key, balance, invoices and payments. */
    final class Node {
        final PrivateKey key = PrivateKey.generate(random);
        final byte[] nodeId = Ecdsa.compressedPublicKey(key);
        long balanceMsat;
        long lockedMsat;
        /** Test switch: answer AddHoldInvoice with a string that is not an invoice. */
        volatile boolean garbagePaymentRequests;
        /** Test switch: report succeeded payments with a preimage that does not match. */
        volatile boolean wrongPreimages;
        /** Released on every TrackPaymentV2 call. */
        final java.util.concurrent.Semaphore tracked = new java.util.concurrent.Semaphore(0);
        final Map<Hash32, Inv> invoices = new HashMap<>();
        final Map<Hash32, Pay> payments = new HashMap<>();

        long balance() {
            synchronized (lock) {
                return balanceMsat;
            }
        }

        long locked() {
            synchronized (lock) {
                return lockedMsat;
            }
        }
    }

    /** An invoice, with its subscribers. */
    static final class Inv {
        Hash32 hash;
        long amountMsat;
        String memo;
        String bolt11;
        InvoiceState state = InvoiceState.OPEN;
        long paidMsat;
        byte[] preimage;
        long expirySeconds;
        Node payer;
        final List<StreamObserver<LightningApi.Invoice>> subscribers = new ArrayList<>();

        LightningApi.Invoice proto() {
            var b = LightningApi.Invoice.newBuilder().setRHash(ByteString.copyFrom(hash.bytes()))
                    .setValueMsat(amountMsat).setMemo(memo).setPaymentRequest(bolt11).setState(state)
                    .setAmtPaidMsat(paidMsat).setExpiry(expirySeconds).setSettled(state == InvoiceState.SETTLED);
            if (preimage != null) {
                b.setRPreimage(ByteString.copyFrom(preimage));
            }
            return b.build();
        }
    }

    /** A payment, with the streams following it. */
    static final class Pay {
        Node payer;
        Hash32 hash;
        long amountMsat;
        PaymentStatus status = PaymentStatus.IN_FLIGHT;
        byte[] preimage;
        PaymentFailureReason failure = PaymentFailureReason.FAILURE_REASON_NONE;
        final List<StreamObserver<LightningApi.Payment>> observers = new ArrayList<>();

        LightningApi.Payment proto() {
            var b = LightningApi.Payment.newBuilder().setPaymentHash(hash.hex()).setValueMsat(amountMsat)
                    .setStatus(status).setFailureReason(failure);
            var htlc = LightningApi.HTLCAttempt.newBuilder().setAttemptId(1);
            switch (status) {
                case IN_FLIGHT -> b.addHtlcs(htlc.setStatus(LightningApi.HTLCAttempt.HTLCStatus.IN_FLIGHT));
                case SUCCEEDED -> b.setPaymentPreimage(payer.wrongPreimages ? "00".repeat(32) : Hex.encode(preimage))
                        .addHtlcs(htlc
                        .setStatus(LightningApi.HTLCAttempt.HTLCStatus.SUCCEEDED)
                        .setPreimage(ByteString.copyFrom(preimage)));
                default -> { }
            }
            return b.build();
        }

        boolean isFinal() {
            return status == PaymentStatus.SUCCEEDED || status == PaymentStatus.FAILED;
        }
    }

    Node addNode(long balanceMsat) {
        synchronized (lock) {
            Node n = new Node();
            n.balanceMsat = balanceMsat;
            byNodeId.put(Hex.encode(n.nodeId), n);
            return n;
        }
    }

    // ---- invoicesrpc

    LightningApi.Invoice addHoldInvoice(Node node, byte[] hash, long amountMsat, long expirySeconds, String memo) {
        if (hash.length != Hash32.SIZE) {
            throw Status.INVALID_ARGUMENT.withDescription("payment hash must be exactly 32 bytes").asRuntimeException();
        }
        if (amountMsat <= 0) {
            throw Status.INVALID_ARGUMENT.withDescription("value must be positive").asRuntimeException();
        }
        synchronized (lock) {
            Hash32 h = Hash32.of(hash);
            if (node.invoices.containsKey(h)) {
                throw Status.UNKNOWN.withDescription("invoice with payment hash already exists").asRuntimeException();
            }
            Inv inv = new Inv();
            inv.hash = h;
            inv.amountMsat = amountMsat;
            inv.memo = memo;
            inv.expirySeconds = expirySeconds == 0 ? 86400 : expirySeconds;
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            inv.bolt11 = node.garbagePaymentRequests ? "lnbcrt1garbage" : Bolt11.encode(Bolt11Invoice
                    .builder(CURRENCY).amountMsat(amountMsat).timestamp(Instant.now()).paymentHash(h)
                    .paymentSecret(secret).description(memo).expiry(Duration.ofSeconds(inv.expirySeconds))
                    .payee(node.nodeId), node.key);
            node.invoices.put(h, inv);
            timer.schedule(() -> expire(node, h), inv.expirySeconds, TimeUnit.SECONDS);
            return inv.proto();
        }
    }

    private void expire(Node node, Hash32 hash) {
        synchronized (lock) {
            Inv inv = node.invoices.get(hash);
            if (inv != null && inv.state == InvoiceState.OPEN) {
                inv.state = InvoiceState.CANCELED;
                publish(inv);
            }
        }
    }

    void subscribe(Node node, byte[] hash, StreamObserver<LightningApi.Invoice> observer) {
        synchronized (lock) {
            Inv inv = invoice(node, hash);
            inv.subscribers.add(observer);
            send(inv.subscribers, observer, inv.proto(), isFinal(inv));
        }
    }

    void settle(Node node, byte[] preimage) {
        synchronized (lock) {
            Inv inv = invoice(node, Sha256.hash(preimage));
            switch (inv.state) {
                case SETTLED -> { }
                case OPEN -> throw Status.UNKNOWN.withDescription("invoice still open").asRuntimeException();
                case CANCELED -> throw Status.UNKNOWN.withDescription("invoice already canceled").asRuntimeException();
                default -> {
                    inv.state = InvoiceState.SETTLED;
                    inv.preimage = preimage.clone();
                    node.balanceMsat += inv.paidMsat;
                    inv.payer.lockedMsat -= inv.paidMsat;
                    Pay pay = inv.payer.payments.get(inv.hash);
                    pay.status = PaymentStatus.SUCCEEDED;
                    pay.preimage = preimage.clone();
                    publish(inv);
                    publish(pay);
                }
            }
        }
    }

    void cancel(Node node, byte[] hash) {
        synchronized (lock) {
            Inv inv = invoice(node, hash);
            switch (inv.state) {
                case CANCELED -> { }
                case SETTLED -> throw Status.UNKNOWN.withDescription("invoice already settled").asRuntimeException();
                default -> cancel(inv);
            }
        }
    }

    private void cancel(Inv inv) {
        if (inv.state == InvoiceState.ACCEPTED) {
            inv.payer.lockedMsat -= inv.paidMsat;
            inv.payer.balanceMsat += inv.paidMsat;
            Pay pay = inv.payer.payments.get(inv.hash);
            pay.status = PaymentStatus.FAILED;
            pay.failure = PaymentFailureReason.FAILURE_REASON_INCORRECT_PAYMENT_DETAILS;
            publish(pay);
        }
        inv.state = InvoiceState.CANCELED;
        publish(inv);
    }

    LightningApi.Invoice lookup(Node node, byte[] hash) {
        synchronized (lock) {
            return invoice(node, hash).proto();
        }
    }

    private static Inv invoice(Node node, byte[] hash) {
        Inv inv = hash.length == Hash32.SIZE ? node.invoices.get(Hash32.of(hash)) : null;
        if (inv == null) {
            throw Status.NOT_FOUND.withDescription("unable to locate invoice").asRuntimeException();
        }
        return inv;
    }

    // ---- routerrpc

    /** SendPaymentV2: refuses a duplicate as lnd does, else pays and streams the payment's updates. */
    void send(Node payer, String bolt11, StreamObserver<LightningApi.Payment> observer) {
        Bolt11Invoice invoice = Bolt11.decode(bolt11).toOptional().orElseThrow(() ->
                Status.INVALID_ARGUMENT.withDescription("invalid payment request").asRuntimeException());
        synchronized (lock) {
            Hash32 hash = invoice.paymentHash();
            Pay old = payer.payments.get(hash);
            if (old != null && old.status == PaymentStatus.SUCCEEDED) {
                throw Status.UNKNOWN.withDescription("invoice is already paid").asRuntimeException();
            }
            if (old != null && old.status == PaymentStatus.IN_FLIGHT) {
                throw Status.UNKNOWN.withDescription("payment is in transition").asRuntimeException();
            }
            Pay pay = new Pay();
            pay.payer = payer;
            pay.hash = hash;
            pay.amountMsat = invoice.amountMsat().orElse(0);
            payer.payments.put(hash, pay);
            pay.observers.add(observer);
            // lnd's first update: in flight, no HTLC yet
            send(pay.observers, observer, LightningApi.Payment.newBuilder().setPaymentHash(hash.hex())
                    .setValueMsat(pay.amountMsat).setStatus(PaymentStatus.IN_FLIGHT).build(), false);
            Node payee = byNodeId.get(Hex.encode(invoice.payee()));
            Inv inv = payee == null ? null : payee.invoices.get(hash);
            if (payee == null) {
                fail(pay, PaymentFailureReason.FAILURE_REASON_NO_ROUTE);
            } else if (inv == null || inv.state != InvoiceState.OPEN || inv.amountMsat != pay.amountMsat) {
                fail(pay, PaymentFailureReason.FAILURE_REASON_INCORRECT_PAYMENT_DETAILS);
            } else if (payer.balanceMsat < pay.amountMsat) {
                fail(pay, PaymentFailureReason.FAILURE_REASON_INSUFFICIENT_BALANCE);
            } else {
                payer.balanceMsat -= pay.amountMsat;
                payer.lockedMsat += pay.amountMsat;
                inv.state = InvoiceState.ACCEPTED;
                inv.paidMsat = pay.amountMsat;
                inv.payer = payer;
                publish(pay);
                publish(inv);
            }
        }
    }

    private void fail(Pay pay, PaymentFailureReason reason) {
        pay.status = PaymentStatus.FAILED;
        pay.failure = reason;
        publish(pay);
    }

    void track(Node payer, byte[] hash, StreamObserver<LightningApi.Payment> observer) {
        payer.tracked.release();
        synchronized (lock) {
            Pay pay = hash.length == Hash32.SIZE ? payer.payments.get(Hash32.of(hash)) : null;
            if (pay == null) {
                throw Status.NOT_FOUND.withDescription("payment isn't initiated").asRuntimeException();
            }
            pay.observers.add(observer);
            send(pay.observers, observer, pay.proto(), pay.isFinal());
        }
    }

    /** Test hook: the state of a node's invoice. */
    InvoiceState invoiceState(Node node, Hash32 hash) {
        synchronized (lock) {
            return node.invoices.get(hash).state;
        }
    }

    // ---- streams

    private static boolean isFinal(Inv inv) {
        return inv.state == InvoiceState.SETTLED || inv.state == InvoiceState.CANCELED;
    }

    private static void publish(Inv inv) {
        for (var o : List.copyOf(inv.subscribers)) {
            send(inv.subscribers, o, inv.proto(), isFinal(inv));
        }
    }

    private static void publish(Pay pay) {
        for (var o : List.copyOf(pay.observers)) {
            send(pay.observers, o, pay.proto(), pay.isFinal());
        }
    }

    /** Sends one update, and ends the stream after a final one; drops a stream its client has left. */
    private static <T> void send(List<StreamObserver<T>> list, StreamObserver<T> o, T update, boolean last) {
        try {
            o.onNext(update);
            if (last) {
                list.remove(o);
                o.onCompleted();
            }
        } catch (RuntimeException e) {
            list.remove(o);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
