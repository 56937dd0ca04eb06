package org.giggossip.core.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.engine.proto.RouterHop;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyFrame;

/**
 * Replies on their way back (seed 000, 3.8, 3.9): each hop checks the
 * settlement promise and the previous hop's network invoice, peels one onion
 * layer, issues its own hold invoice for the same payment hash plus its fee and
 * a later expiry, and forwards. Then it pays the next hop's invoice once its own
 * is accepted, and settles its own with the preimage once the next hop's
 * settles: every hop is paid only if it pays, and the preimage ripples back.
 * Replies that arrive at their customer go to the customer's jobs.
 */
final class ReplyRouter {
    /**
     * CREATING: our invoice is being created (not durable: nobody has it yet). OPEN, PAYING,
     * SETTLING and CANCELLING are durable ({@link EngineSnapshot}); DONE is over.
     */
    private enum State { CREATING, OPEN, PAYING, SETTLING, CANCELLING, DONE }

    /** One reply chain through us, keyed by its network payment hash. */
    private static final class Hop {
        final Hash32 hash;
        final InvoiceView downstream;
        final PublicKey settler;
        final long feeMsat;
        final Instant expiresAt;
        State state = State.CREATING;
        /** SETTLING: the preimage we settle with. */
        Preimage preimage;
        /**
         * PAYING: the call id of our Pay that the wallet accepted, or else of the first one issued.
         * After a restart we pay again, because the first Pay may not have reached the wallet; the
         * wallet refuses the second if the first did. A failure carrying another id than this one is
         * such a refusal (of this or an earlier restart's Pay), no failure of our payment.
         */
        long payCall;
        ReplyFrame frame;
        PublicKey next;
        byte[] onion;

        Hop(Hash32 hash, InvoiceView downstream, PublicKey settler, long feeMsat, Instant expiresAt) {
            this.hash = hash;
            this.downstream = downstream;
            this.settler = settler;
            this.feeMsat = feeMsat;
            this.expiresAt = expiresAt;
        }
    }

    private final NodeContext ctx;
    private final BiConsumer<ReplyFrame, byte[]> arrived;
    private final Map<Hash32, Hop> hops = new HashMap<>();
    private final Map<Long, Hop> creating = new HashMap<>();

    /** {@code arrived} receives replies whose onion ends here, with that onion (the customer's). */
    ReplyRouter(NodeContext ctx, BiConsumer<ReplyFrame, byte[]> arrived) {
        this.ctx = ctx;
        this.arrived = arrived;
    }

    /**
     * A reply frame from a peer: cheap checks first (the promise covers the
     * payload; not expired), then the onion, then the promise's signature and
     * certificate and the previous hop's invoice.
     */
    void onReply(PublicKey from, ReplyFrame frame) {
        Instant now = ctx.now();
        var promise = frame.settlementPromise().body();
        if (!frame.hashOfEncryptedReplyPayload().equals(promise.hashOfEncryptedReplyPayload())) {
            ctx.judge(from, FrameKind.REPLY, Verdict.reject(Reason.PROMISE_MISMATCH, Severity.FATAL,
                    "the settlement promise does not cover this encrypted reply payload"));
            return;
        }
        if (now.isAfter(promise.expiresAt())) {
            ctx.judge(from, FrameKind.REPLY, Verdict.ignore("settlement promise expired"));
            return;
        }
        var next = ReturnPath.peel(frame.forwardOnion(), ctx.identity.key(), ctx.random);
        if (next instanceof ReturnPath.Next.Invalid bad) {
            // Damage may come from any earlier hop on the way back: no blame for this peer alone.
            ctx.judge(from, FrameKind.REPLY, Verdict.ignore("onion: " + bad.reason()));
            return;
        }
        if (!ctx.judge(from, FrameKind.REPLY, ctx.validator.validateReply(frame))) {
            return;
        }
        switch (next) {
            case ReturnPath.Next.Here h -> arrived.accept(frame, frame.forwardOnion());
            case ReturnPath.Next.Hop hop -> {
                var read = InvoiceView.read(frame.networkInvoice(), now);
                if (read instanceof InvoiceView.Read.Bad bad) {
                    ctx.judge(from, FrameKind.REPLY, bad.verdict());
                    return;
                }
                InvoiceView invoice = ((InvoiceView.Read.Ok) read).invoice();
                Verdict matches = matchesPromise(invoice, frame);
                if (!ctx.judge(from, FrameKind.REPLY, matches)
                        || !ctx.judge(from, FrameKind.REPLY, judgeLockTime(invoice, now))) {
                    return;
                }
                if (hops.containsKey(invoice.paymentHash())) {
                    ctx.judge(from, FrameKind.REPLY, Verdict.ignore("a reply with this payment hash went through us"));
                    return;
                }
                forward(frame, invoice, hop.hop(), hop.onion(), promise.settlerCertificate().subject());
            }
            case ReturnPath.Next.Invalid bad -> throw new AssertionError("handled above");
        }
    }

    /**
     * How long paying {@code invoice} may lock our payment: until it expires. A settler that settles the
     * network chain once the job is done (docs/settler.md, "Network settlement: on reveal or on job done")
     * sizes its network invoice from its dispute terms, so every hop's payment stays locked up to settle-by;
     * we forward only while that is within our {@code maxSettlementSpan}, plus an hour for the settler's
     * margin and the hops' deltas, as a customer pays only such a settler.
     */
    private Verdict judgeLockTime(InvoiceView invoice, Instant now) {
        Instant limit = now.plus(ctx.config.maxSettlementSpan()).plus(java.time.Duration.ofHours(1));
        if (invoice.expiresAt().isAfter(limit)) {
            return Verdict.ignore("the network invoice would lock our payment until " + invoice.expiresAt()
                    + ", beyond our maximum settlement span " + ctx.config.maxSettlementSpan());
        }
        return Verdict.accept();
    }

    /** The previous hop's invoice is for this reply's network payment hash and at least the settler's amount. */
    static Verdict matchesPromise(InvoiceView invoice, ReplyFrame frame) {
        var promise = frame.settlementPromise().body();
        if (!invoice.paymentHash().equals(promise.networkPaymentHash())) {
            return Verdict.reject(Reason.INVOICE_MISMATCH, Severity.FATAL,
                    "network invoice has another payment hash than the promise");
        }
        if (invoice.amountMsat() < promise.networkAmountMsat()) {
            return Verdict.reject(Reason.INVOICE_MISMATCH, Severity.FATAL,
                    "network invoice below the settler's amount");
        }
        return Verdict.accept();
    }

    /**
     * Issues our hold invoice for {@code downstream}'s payment hash, our fee on
     * top and {@code invoiceExpiryDelta} later, then forwards {@code frame} with
     * it to {@code next} (the replier starts here too, with the settler's invoice).
     */
    void forward(ReplyFrame frame, InvoiceView downstream, PublicKey next, byte[] innerOnion, PublicKey settler) {
        if (hops.containsKey(downstream.paymentHash())) {
            // One invoice per payment hash and node (as in LND): a route through us twice ends here.
            ctx.emit(new AppEvent.ForwardFailed(downstream.paymentHash(), "a reply with this payment hash went through us"));
            return;
        }
        long fee = ctx.config.replyFeeMsat();
        Instant expiry = downstream.expiresAt().plus(ctx.config.invoiceExpiryDelta());
        Hop hop = new Hop(downstream.paymentHash(), downstream, settler, fee, expiry);
        hop.frame = frame;
        hop.next = next;
        hop.onion = innerOnion;
        hops.put(hop.hash, hop);
        long call = ctx.nextId();
        creating.put(call, hop);
        ctx.wallet(new WalletRequest.CreateHoldInvoice(call, hop.hash, downstream.amountMsat() + fee, expiry,
                "gig-gossip reply fee"));
    }

    /** Handles the wallet events of our reply chains; returns whether the event was ours. */
    boolean onWallet(WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> {
                Hop hop = creating.remove(c.callId());
                if (hop == null) {
                    return false;
                }
                hop.state = State.OPEN;
                ctx.touch();
                ctx.send(hop.next, hop.frame.forwarded(hop.onion, c.bolt11()));
                ctx.emit(new AppEvent.ReplyForwarded(hop.hash, hop.feeMsat));
                hop.frame = null;
                hop.onion = null;
                armExpiry(hop);
                return true;
            }
            case WalletEvent.CallFailed f -> {
                Hop hop = creating.remove(f.callId());
                if (hop == null) {
                    return false;
                }
                hops.remove(hop.hash);
                ctx.emit(new AppEvent.ForwardFailed(hop.hash, "could not create our invoice: " + f.reason()));
                return true;
            }
            case WalletEvent.InvoiceAccepted a -> {
                Hop hop = hops.get(a.paymentHash());
                if (hop == null || hop.state != State.OPEN) {
                    return false;
                }
                hop.state = State.PAYING;
                ctx.touch();
                hop.payCall = ctx.nextId();
                ctx.wallet(new WalletRequest.Pay(hop.payCall, hop.downstream.bolt11(), hop.downstream.amountMsat()));
                armFetch(hop);
                return true;
            }
            case WalletEvent.PaymentSettled s -> {
                return settle(s.paymentHash(), s.preimage());
            }
            case WalletEvent.PaymentFailed f -> {
                Hop hop = f.paymentHash() == null ? null : hops.get(f.paymentHash());
                if (hop == null || hop.state != State.PAYING) {
                    return false;
                }
                if (f.isDuplicateRefusal() || f.callId() != hop.payCall) {
                    // A Pay we issued again after a restart was refused. If the wallet says we already
                    // pay this invoice, a Pay went through: nothing failed. Any other refusal (say, the
                    // invoice is gone because it settled while we were down) does not prove that our
                    // payment failed either: cancelling our invoice could lose what we paid. Our
                    // invoice is left to settle with the preimage (from the settler, asked now and
                    // again before our expiry) or to expire, which refunds our payer.
                    if (!f.isDuplicateRefusal()) {
                        ctx.settler(hop.settler, new SettlerRequest.FetchPreimage(ctx.nextId(), hop.hash));
                    }
                    return true;
                }
                hop.state = State.CANCELLING;
                ctx.touch();
                ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), hop.hash));
                return true;
            }
            case WalletEvent.InvoiceSettled s -> {
                Hop hop = hops.remove(s.paymentHash());
                if (hop == null) {
                    return false;
                }
                hop.state = State.DONE;
                ctx.touch();
                ctx.emit(new AppEvent.FeeEarned(hop.hash, s.amountMsat() - hop.downstream.amountMsat()));
                return true;
            }
            case WalletEvent.InvoiceCancelled c -> {
                Hop hop = hops.remove(c.paymentHash());
                if (hop == null) {
                    return false;
                }
                hop.state = State.DONE;
                ctx.touch();
                return true;
            }
            case WalletEvent.PaymentAccepted p -> {
                Hop hop = hops.get(p.paymentHash());
                if (hop == null) {
                    return false;
                }
                if (hop.state == State.PAYING && p.callId() != hop.payCall) {
                    hop.payCall = p.callId(); // a Pay issued again after a restart went through
                    ctx.touch();
                }
                return true;
            }
            case WalletEvent.InvoiceLookedUp l -> {
                return false; // a node looks up no invoice: only a settler does
            }
        }
    }

    /** The preimage of one of our chains is known (from the next hop or the settler): settle ours. */
    boolean settle(Hash32 hash, Preimage preimage) {
        Hop hop = hops.get(hash);
        if (hop == null || hop.state != State.PAYING || !preimage.matches(hash)) {
            return false;
        }
        hop.state = State.SETTLING;
        hop.preimage = preimage;
        ctx.touch();
        ctx.wallet(new WalletRequest.Settle(ctx.nextId(), hash, preimage));
        return true;
    }

    /** Forgets the chain when our invoice expires (the wallet cancels it then, refunding any payer). */
    private void armExpiry(Hop hop) {
        ctx.timers.at(hop.expiresAt, () -> {
            if (hops.remove(hop.hash, hop)) {
                ctx.touch();
            }
        });
    }

    /**
     * Should the next hop's settlement not reach us (a crashed peer, a broken chain), ask the
     * settler's public record for the preimage before our own invoice expires.
     */
    private void armFetch(Hop hop) {
        Instant fetchAt = hop.expiresAt.minus(ctx.config.invoiceExpiryDelta().dividedBy(2));
        ctx.timers.at(fetchAt, () -> {
            if (hop.state == State.PAYING) {
                ctx.settler(hop.settler, new SettlerRequest.FetchPreimage(ctx.nextId(), hop.hash));
            }
        });
    }

    // ---- durable state (docs/architecture.md, "Durable state") ----

    /** Adds the chains holding an invoice of ours to {@code b}, in order of payment hash. */
    void snapshot(EngineState.Builder b) {
        var durable = hops.values().stream().filter(h -> h.state != State.CREATING && h.state != State.DONE).toList();
        for (Hop h : EngineSnapshot.sorted(durable, h -> h.hash.bytes())) {
            var p = RouterHop.newBuilder().setDownstream(EngineSnapshot.toProto(h.downstream))
                    .setSettler(EngineSnapshot.bytes(h.settler.bytes())).setFeeMsat(h.feeMsat)
                    .setExpiresAt(EngineSnapshot.nanos(h.expiresAt)).setState(switch (h.state) {
                        case OPEN -> RouterHop.State.OPEN;
                        case PAYING -> RouterHop.State.PAYING;
                        case SETTLING -> RouterHop.State.SETTLING;
                        case CANCELLING -> RouterHop.State.CANCELLING;
                        case CREATING, DONE -> throw new AssertionError(h.state);
                    });
            if (h.preimage != null) {
                p.setPreimage(EngineSnapshot.bytes(h.preimage.bytes()));
            }
            if (h.state == State.PAYING) {
                p.setPayCallId(h.payCall);
            }
            b.addHops(p);
        }
    }

    /**
     * Takes the chains of a snapshot, on a fresh engine: re-arms their timers, and issues again
     * what a crash may have lost after the state was stored (write-ahead): the Pay of a chain in
     * PAYING (a refusal as a duplicate then means the first went through) with a FetchPreimage,
     * the Settle of one in SETTLING, the Cancel of one in CANCELLING. All are idempotent.
     */
    void restore(EngineState s) {
        for (RouterHop p : s.getHopsList()) {
            InvoiceView downstream = EngineSnapshot.fromProto(p.getDownstream());
            Hop hop = new Hop(downstream.paymentHash(), downstream, EngineSnapshot.publicKey(p.getSettler()),
                    p.getFeeMsat(), EngineSnapshot.instant(p.getExpiresAt()));
            hops.put(hop.hash, hop);
            armExpiry(hop);
            switch (p.getState()) {
                case OPEN -> hop.state = State.OPEN;
                case PAYING -> {
                    hop.state = State.PAYING;
                    hop.payCall = p.getPayCallId();
                    ctx.wallet(new WalletRequest.Pay(ctx.nextId(), downstream.bolt11(), downstream.amountMsat()));
                    ctx.settler(hop.settler, new SettlerRequest.FetchPreimage(ctx.nextId(), hop.hash));
                    armFetch(hop);
                }
                case SETTLING -> {
                    hop.state = State.SETTLING;
                    hop.preimage = Preimage.of(p.getPreimage().toByteArray());
                    ctx.wallet(new WalletRequest.Settle(ctx.nextId(), hop.hash, hop.preimage));
                }
                case CANCELLING -> {
                    hop.state = State.CANCELLING;
                    ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), hop.hash));
                }
                default -> throw new IllegalArgumentException("hop state " + p.getState());
            }
        }
    }

    int stateSize() {
        return hops.size();
    }
}
