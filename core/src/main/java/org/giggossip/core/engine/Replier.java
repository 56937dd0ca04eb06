package org.giggossip.core.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.engine.proto.WorkerInvoice;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * The worker's side of a reply (seed 000, 3.9, Figure 15): ask the settler for
 * the job payment hash and its terms, issue the job hold invoice (sized to outlive
 * the settler's dispute window and deadline), seal the offer to the
 * customer, have the settler encrypt the reply payload and sign its promise,
 * then start the network invoice chain and send the reply back along the onion.
 * Afterwards: report the job invoice accepted to the settler, and settle it when
 * the settler releases the job preimage.
 */
final class Replier {
    private enum Stage { HASH, INVOICE, SEAL }

    private static final class Pending {
        final SignedRequestPayload request;
        final byte[] onion;
        final WorkerPolicy.Bid bid;
        final PublicKey settler;
        Stage stage = Stage.HASH;
        Hash32 replyHash;
        Instant expiresAt;

        Pending(SignedRequestPayload request, byte[] onion, WorkerPolicy.Bid bid, PublicKey settler) {
            this.request = request;
            this.onion = onion;
            this.bid = bid;
            this.settler = settler;
        }

        PayloadId job() {
            return request.payloadId();
        }
    }

    private final NodeContext ctx;
    private final ReplyRouter router;
    /** OPEN, ACCEPTED (the settler was told), SETTLING (we have the job preimage), CANCELLING: all durable. */
    private enum InvoiceState { OPEN, ACCEPTED, SETTLING, CANCELLING }

    /** One job invoice of ours, from its creation until it settles or is cancelled. */
    private static final class JobInvoice {
        final Hash32 hash;
        final PublicKey settler;
        final Instant expiresAt;
        /** The topic answered; null for an invoice restored from a snapshot that did not keep it. */
        final PayloadId job;
        InvoiceState state = InvoiceState.OPEN;
        Preimage preimage;

        JobInvoice(Hash32 hash, PublicKey settler, Instant expiresAt, PayloadId job) {
            this.hash = hash;
            this.settler = settler;
            this.expiresAt = expiresAt;
            this.job = job;
        }
    }

    private final Map<Long, Pending> calls = new HashMap<>();
    /** Our job invoices, by payment hash. */
    private final Map<Hash32, JobInvoice> jobInvoices = new HashMap<>();
    /** Job preimages we asked the settler for after a restart, by callId. */
    private final Map<Long, Hash32> fetching = new HashMap<>();

    Replier(NodeContext ctx, ReplyRouter router) {
        this.ctx = ctx;
        this.router = router;
    }

    /** Starts a reply to {@code request}, whose onion (sealed to us) leads back to its customer. */
    void reply(SignedRequestPayload request, byte[] onion, WorkerPolicy.Bid bid) {
        if (ctx.config.settler().isEmpty()) {
            ctx.emit(new AppEvent.ReplyFailed(request.payloadId(), "no settler configured"));
            return;
        }
        Pending p = new Pending(request, onion, bid, ctx.config.settler().get());
        long call = ctx.nextId();
        calls.put(call, p);
        ctx.settler(p.settler, new SettlerRequest.IssueReplyHash(call, request, bid.priceMsat()));
    }

    /**
     * Withdraws our offer with job invoice {@code hash} before it is paid: the settler is asked to call
     * the gig off (it cancels its network invoice, so no payment of the chain can complete, and tells
     * the customer), the reply is not sent if it is still being set up, and our job invoice is
     * cancelled. Refused once the customer's job payment is accepted: the settler may reveal as soon as
     * the network payment is too, and the job then goes on to its confirmation or dispute.
     */
    void withdraw(Hash32 hash) {
        JobInvoice inv = jobInvoices.get(java.util.Objects.requireNonNull(hash, "hash"));
        if (inv == null) {
            throw new IllegalArgumentException("no pending offer of ours with job payment hash " + hash.hex());
        }
        switch (inv.state) {
            case OPEN -> { }
            case ACCEPTED, SETTLING -> throw new IllegalStateException("the customer already paid the offer with"
                    + " job payment hash " + hash.hex());
            case CANCELLING -> throw new IllegalStateException("the offer with job payment hash " + hash.hex()
                    + " is already cancelled");
        }
        calls.values().removeIf(p -> hash.equals(p.replyHash));
        inv.state = InvoiceState.CANCELLING;
        ctx.touch();
        ctx.settler(inv.settler, new SettlerRequest.CancelGig(ctx.nextId(), hash));
        ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), hash));
    }

    /** Handles a settler answer or notice; returns whether it was ours. */
    boolean onSettler(SettlerResponse response) {
        switch (response) {
            case SettlerResponse.ReplyHashIssued r -> {
                Pending p = take(r.callId(), Stage.HASH);
                if (p == null) {
                    return false;
                }
                String refusal = judgeTerms(r.terms());
                if (refusal != null) {
                    // the gig the settler opened ends at its own deadline
                    ctx.emit(new AppEvent.ReplyFailed(p.job(), refusal));
                    return true;
                }
                p.replyHash = r.replyPaymentHash();
                p.stage = Stage.INVOICE;
                long call = ctx.nextId();
                calls.put(call, p);
                // outlives the settler's last moment to release or cancel it (docs/settler.md), or the wallet cancels
                // it at its expiry and the customer is refunded whatever the settler decides
                Instant expiry = ctx.now().plus(r.terms().span()).plus(ctx.config.jobInvoiceMargin());
                p.expiresAt = expiry;
                ctx.wallet(new WalletRequest.CreateHoldInvoice(call, p.replyHash, p.bid.priceMsat(), expiry,
                        "gig-gossip job"));
                return true;
            }
            case SettlerResponse.ReplySealed s -> {
                Pending p = take(s.callId(), Stage.SEAL);
                if (p == null) {
                    return false;
                }
                sendBack(p, s);
                return true;
            }
            case SettlerResponse.Refused r -> {
                if (fetching.remove(r.callId()) != null) {
                    return true; // not released yet: the settler tells us when it is
                }
                Pending p = calls.remove(r.callId());
                if (p == null) {
                    return false;
                }
                ctx.emit(new AppEvent.ReplyFailed(p.job(), "settler refused: " + r.reason()));
                return true;
            }
            case SettlerResponse.PreimageRevealed r -> {
                boolean ours = r.callId() == 0 || fetching.remove(r.callId()) != null;
                JobInvoice inv = ours ? jobInvoices.get(r.paymentHash()) : null;
                if (inv != null && r.preimage().matches(r.paymentHash())) {
                    if (inv.state == InvoiceState.OPEN || inv.state == InvoiceState.ACCEPTED) {
                        inv.state = InvoiceState.SETTLING;
                        inv.preimage = r.preimage();
                        ctx.touch();
                        ctx.wallet(new WalletRequest.Settle(ctx.nextId(), r.paymentHash(), r.preimage()));
                    }
                    return true;
                }
                return router.settle(r.paymentHash(), r.preimage());
            }
            case SettlerResponse.ReplyCancelled c -> {
                JobInvoice inv = jobInvoices.get(c.replyPaymentHash());
                if (inv == null) {
                    return false;
                }
                if (inv.state != InvoiceState.CANCELLING) {
                    inv.state = InvoiceState.CANCELLING;
                    ctx.touch();
                    ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), c.replyPaymentHash()));
                }
                return true;
            }
            case SettlerResponse.Done d -> {
                return false;
            }
        }
    }

    /** Why we do not make a job invoice on the settler's terms, or null if we do. */
    private String judgeTerms(DisputeTerms terms) {
        if (terms == null) {
            return "the settler states no dispute window: its job invoice could not be sized";
        }
        if (terms.span().compareTo(ctx.config.maxSettlementSpan()) > 0) {
            return "the settler's invoice lifetime, dispute window and dispute deadline (" + terms.span()
                    + ") exceed our maximum " + ctx.config.maxSettlementSpan();
        }
        return null;
    }

    private Pending take(long callId, Stage stage) {
        Pending p = calls.get(callId);
        if (p == null || p.stage != stage) {
            return null;
        }
        calls.remove(callId);
        return p;
    }

    private void sendBack(Pending p, SettlerResponse.ReplySealed sealed) {
        var read = InvoiceView.read(sealed.networkInvoice(), ctx.now());
        if (read instanceof InvoiceView.Read.Bad bad) {
            ctx.emit(new AppEvent.ReplyFailed(p.job(), "settler's network invoice unusable: " + bad.verdict()));
            return;
        }
        InvoiceView settlerInvoice = ((InvoiceView.Read.Ok) read).invoice();
        ReplyFrame frame = new ReplyFrame(sealed.encryptedReplyPayload(), sealed.promise(), p.onion,
                sealed.networkInvoice());
        if (!ReplyRouter.matchesPromise(settlerInvoice, frame).isAccepted()) {
            ctx.emit(new AppEvent.ReplyFailed(p.job(), "settler's invoice does not match its promise"));
            return;
        }
        switch (ReturnPath.peel(p.onion, ctx.identity.key(), ctx.random)) {
            case ReturnPath.Next.Hop hop -> {
                router.forward(frame, settlerInvoice, hop.hop(), hop.onion(), p.settler);
                ctx.emit(new AppEvent.ReplySent(p.job(), p.replyHash, p.bid.priceMsat()));
            }
            case ReturnPath.Next.Here h -> ctx.emit(new AppEvent.ReplyFailed(p.job(), "this is our own job"));
            case ReturnPath.Next.Invalid i -> ctx.emit(new AppEvent.ReplyFailed(p.job(), "onion: " + i.reason()));
        }
    }

    /** Handles wallet events of our job invoices and reply setup; returns whether it was ours. */
    boolean onWallet(WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> {
                Pending p = take(c.callId(), Stage.INVOICE);
                if (p == null) {
                    return false;
                }
                jobInvoices.put(p.replyHash, new JobInvoice(p.replyHash, p.settler, p.expiresAt, p.job()));
                ctx.touch();
                byte[] offer = SealedBox.seal(p.request.payload().senderCertificate().subject(), p.bid.message(),
                        ctx.random);
                byte[] payload = new ReplyPayload(ctx.identity.certificate(), p.request, offer, c.bolt11()).encode();
                p.stage = Stage.SEAL;
                long call = ctx.nextId();
                calls.put(call, p);
                ctx.settler(p.settler, new SettlerRequest.SealReply(call, p.replyHash, payload));
                return true;
            }
            case WalletEvent.CallFailed f -> {
                Pending p = calls.remove(f.callId());
                if (p == null) {
                    return false;
                }
                ctx.emit(new AppEvent.ReplyFailed(p.job(), "wallet: " + f.reason()));
                return true;
            }
            case WalletEvent.InvoiceAccepted a -> {
                JobInvoice inv = jobInvoices.get(a.paymentHash());
                if (inv == null) {
                    return false;
                }
                if (inv.state == InvoiceState.OPEN && holdsJob(inv)) {
                    // We answered this topic over several routes (repliesPerTopic), one offer each; a customer
                    // takes one. A second one paid is refunded: one topic, one job, one payment.
                    inv.state = InvoiceState.CANCELLING;
                    ctx.touch();
                    ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), inv.hash));
                } else if (inv.state == InvoiceState.OPEN) { // not again for a notice replayed after a restart
                    inv.state = InvoiceState.ACCEPTED;
                    ctx.touch();
                    ctx.emit(new AppEvent.JobPaymentAccepted(a.paymentHash(), a.amountMsat()));
                    ctx.settler(inv.settler, new SettlerRequest.ReplyInvoiceAccepted(ctx.nextId(), a.paymentHash()));
                }
                return true;
            }
            case WalletEvent.InvoiceSettled s -> {
                if (jobInvoices.remove(s.paymentHash()) == null) {
                    return false;
                }
                ctx.touch();
                ctx.emit(new AppEvent.JobPaymentReceived(s.paymentHash(), s.amountMsat()));
                return true;
            }
            case WalletEvent.InvoiceCancelled c -> {
                if (jobInvoices.remove(c.paymentHash()) == null) {
                    return false;
                }
                ctx.touch();
                ctx.emit(new AppEvent.JobPaymentCancelled(c.paymentHash(), c.reason()));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Whether another job invoice of ours for {@code inv}'s topic was paid: we took that job already. */
    private boolean holdsJob(JobInvoice inv) {
        if (inv.job == null) {
            return false;
        }
        for (JobInvoice other : jobInvoices.values()) {
            if (other != inv && inv.job.equals(other.job)
                    && (other.state == InvoiceState.ACCEPTED || other.state == InvoiceState.SETTLING)) {
                return true;
            }
        }
        return false;
    }

    int stateSize() {
        return calls.size() + jobInvoices.size() + fetching.size();
    }

    // ---- durable state (docs/architecture.md, "Durable state") ----

    /** Adds our job invoices to {@code b}, in order of payment hash. */
    void snapshot(EngineState.Builder b) {
        for (JobInvoice inv : EngineSnapshot.sorted(jobInvoices.values(), i -> i.hash.bytes())) {
            var p = WorkerInvoice.newBuilder().setPaymentHash(EngineSnapshot.bytes(inv.hash.bytes()))
                    .setSettler(EngineSnapshot.bytes(inv.settler.bytes()))
                    .setExpiresAt(EngineSnapshot.nanos(inv.expiresAt)).setState(switch (inv.state) {
                        case OPEN -> WorkerInvoice.State.OPEN;
                        case ACCEPTED -> WorkerInvoice.State.ACCEPTED;
                        case SETTLING -> WorkerInvoice.State.SETTLING;
                        case CANCELLING -> WorkerInvoice.State.CANCELLING;
                    });
            if (inv.preimage != null) {
                p.setPreimage(EngineSnapshot.bytes(inv.preimage.bytes()));
            }
            if (inv.job != null) {
                p.setPayloadId(EngineSnapshot.bytes(inv.job.bytes()));
            }
            b.addJobInvoices(p);
        }
    }

    /**
     * Takes the job invoices of a snapshot, on a fresh engine, and issues again what a crash may
     * have lost (all idempotent): for an ACCEPTED invoice, the notice to the settler and a fetch of
     * the job preimage (the settler may have released it while we were down: its notice is lost);
     * the Settle of a SETTLING one, the Cancel of a CANCELLING one.
     */
    void restore(EngineState s) {
        for (WorkerInvoice p : s.getJobInvoicesList()) {
            JobInvoice inv = new JobInvoice(EngineSnapshot.paymentHash(p.getPaymentHash()),
                    EngineSnapshot.publicKey(p.getSettler()), EngineSnapshot.instant(p.getExpiresAt()),
                    p.getPayloadId().isEmpty() ? null : PayloadId.of(p.getPayloadId().toByteArray()));
            jobInvoices.put(inv.hash, inv);
            switch (p.getState()) {
                case OPEN -> inv.state = InvoiceState.OPEN;
                case ACCEPTED -> {
                    inv.state = InvoiceState.ACCEPTED;
                    ctx.settler(inv.settler, new SettlerRequest.ReplyInvoiceAccepted(ctx.nextId(), inv.hash));
                    long call = ctx.nextId();
                    fetching.put(call, inv.hash);
                    ctx.settler(inv.settler, new SettlerRequest.FetchPreimage(call, inv.hash));
                }
                case SETTLING -> {
                    inv.state = InvoiceState.SETTLING;
                    inv.preimage = Preimage.of(p.getPreimage().toByteArray());
                    ctx.wallet(new WalletRequest.Settle(ctx.nextId(), inv.hash, inv.preimage));
                }
                case CANCELLING -> {
                    inv.state = InvoiceState.CANCELLING;
                    ctx.wallet(new WalletRequest.Cancel(ctx.nextId(), inv.hash));
                }
                default -> throw new IllegalArgumentException("job invoice state " + p.getState());
            }
        }
    }
}
