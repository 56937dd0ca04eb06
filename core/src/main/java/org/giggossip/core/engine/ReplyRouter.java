package org.giggossip.core.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.validation.Penalty;
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
    private enum State { CREATING, OPEN, ACCEPTED, PAYING, SETTLING, DONE }

    /** One reply chain through us, keyed by its network payment hash. */
    private static final class Hop {
        final Hash32 hash;
        final InvoiceView downstream;
        final PublicKey settler;
        final long feeMsat;
        final Instant expiresAt;
        State state = State.CREATING;
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
            ctx.judge(from, FrameKind.REPLY, Verdict.reject(
                    "the settlement promise does not cover this encrypted reply payload", Penalty.FATAL));
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
                if (!ctx.judge(from, FrameKind.REPLY, matches)) {
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

    /** The previous hop's invoice is for this reply's network payment hash and at least the settler's amount. */
    static Verdict matchesPromise(InvoiceView invoice, ReplyFrame frame) {
        var promise = frame.settlementPromise().body();
        if (!invoice.paymentHash().equals(promise.networkPaymentHash())) {
            return Verdict.reject("network invoice has another payment hash than the promise", Penalty.FATAL);
        }
        if (invoice.amountMsat() < promise.networkAmountMsat()) {
            return Verdict.reject("network invoice below the settler's amount", Penalty.FATAL);
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
                ctx.send(hop.next, hop.frame.forwarded(hop.onion, c.bolt11()));
                ctx.emit(new AppEvent.ReplyForwarded(hop.hash, hop.feeMsat));
                hop.frame = null;
                hop.onion = null;
                ctx.timers.at(hop.expiresAt, () -> hops.remove(hop.hash, hop));
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
                ctx.wallet(new WalletRequest.Pay(ctx.nextId(), hop.downstream.bolt11(), hop.downstream.amountMsat()));
                // Should the next hop's settlement not reach us (a crashed peer, a broken chain),
                // ask the settler's public record for the preimage before our own invoice expires.
                Instant fetchAt = hop.expiresAt.minus(ctx.config.invoiceExpiryDelta().dividedBy(2));
                ctx.timers.at(fetchAt, () -> {
                    if (hop.state == State.PAYING) {
                        ctx.settler(hop.settler, new SettlerRequest.FetchPreimage(ctx.nextId(), hop.hash));
                    }
                });
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
                hop.state = State.DONE;
                ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), hop.hash));
                return true;
            }
            case WalletEvent.InvoiceSettled s -> {
                Hop hop = hops.remove(s.paymentHash());
                if (hop == null) {
                    return false;
                }
                hop.state = State.DONE;
                ctx.emit(new AppEvent.FeeEarned(hop.hash, s.amountMsat() - hop.downstream.amountMsat()));
                return true;
            }
            case WalletEvent.InvoiceCancelled c -> {
                Hop hop = hops.remove(c.paymentHash());
                return hop != null;
            }
            case WalletEvent.PaymentAccepted p -> {
                return hops.containsKey(p.paymentHash());
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
        ctx.wallet(new WalletRequest.Settle(ctx.nextId(), hash, preimage));
        return true;
    }

    int stateSize() {
        return hops.size();
    }
}
