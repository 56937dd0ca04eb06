package org.giggossip.core.engine;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.engine.proto.CustomerJob;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.JobPaymentStatement;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.JobPaymentEvidence;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * The customer's jobs (seed 000, 3.3 and 3.9; docs/architecture.md "The life of a
 * job", steps 1 and 6): post a signed request, collect the offers that come back
 * along the onion, choose one when the offer window closes, pay its network and
 * job invoices, open the reply with the revealed preimage and then with our own
 * key, and release or dispute the job payment.
 */
final class CustomerJobs {
    /**
     * COLLECTING also after paying the chosen offer failed (before it was paid): the customer
     * may take an offer again, that one or another. CANCELLED: the customer withdrew the job before
     * any offer was paid ({@link #cancel}).
     */
    private enum State { COLLECTING, PAYING, PAID, OPENED, CLOSED, CANCELLED }

    private static final class OfferState {
        final Offer offer;
        /** The reply payload encrypted under the network preimage's key: all we need of the frame. */
        final byte[] encryptedReply;
        final InvoiceView network;
        final InvoiceView job;
        /**
         * The worker's certificate the settler's promise names, judged before the offer was listed: the
         * reply must open with this one. Null when the promise names none (a settler that predates the
         * field) or the job was restored from a state stored before it.
         */
        final Certificate workerCertificate;
        boolean networkLocked;
        boolean jobLocked;
        /**
         * The call ids of our Pay of each invoice that the wallet accepted, or else of the first one
         * issued: a refusal carrying another id is of a Pay issued again after an earlier restart.
         */
        long networkPayCall;
        long jobPayCall;
        /** We asked the offer's settler to call its gig off ({@link #callOff}): it cannot be taken any more. */
        boolean calledOff;
        /** The worker withdrew the offer (its settler told us, {@link #onSettler}): it cannot be taken. */
        String withdrawn;
        /**
         * The settler's promise names {@code CUSTOMER_STATEMENT}: it cannot see the job invoice, and
         * reveals only once we sign that our job payment is locked.
         */
        boolean statementRequired;

        OfferState(Offer offer, byte[] encryptedReply, InvoiceView network, InvoiceView job,
                Certificate workerCertificate) {
            this.offer = offer;
            this.encryptedReply = encryptedReply;
            this.network = network;
            this.job = job;
            this.workerCertificate = workerCertificate;
        }
    }

    private static final class Job {
        final SignedRequestPayload request;
        /** The key of our terminal onion, which names the job when a reply arrives. */
        ByteBuffer onionKey;
        final List<OfferState> offers = new ArrayList<>();
        State state = State.COLLECTING;
        OfferState chosen;
        /** The chosen offer was taken by our autoChoose policy, not by the customer. */
        boolean chosenByPolicy;
        /** The offer window closed while our autoChoose policy found no offer within its limits. */
        boolean windowClosed;
        /**
         * We asked the settler to hold the job payment. Our automatic confirmation must then not
         * release it (the settler releases a disputed payment on ConfirmJob: that is how a customer
         * withdraws a dispute); it used to, as soon as {@code autoConfirmAfter} passed.
         */
        boolean disputed;
        /** We opened the chosen reply, or tried to: once, with the first copy of the preimage we got. */
        boolean opened;
        /** When we confirm automatically (set when the reply opens), or null. */
        Instant confirmAt;
        /** We asked the settler to release the job payment. */
        boolean confirmed;
        /** The opened reply: the worker and its message (kept while the job payment is pending). */
        PublicKey worker;
        byte[] message;
        /** After a restart: Pay calls issued again, which the wallet refuses if the first went through. */
        final java.util.Set<Long> repays = new java.util.HashSet<>();

        Job(SignedRequestPayload request) {
            this.request = request;
        }

        PayloadId id() {
            return request.payloadId();
        }
    }

    private final NodeContext ctx;
    private final Broadcaster broadcaster;
    private final Map<PayloadId, Job> jobs = new HashMap<>();
    private final Map<ByteBuffer, Job> byOnion = new HashMap<>();
    private final Map<Hash32, Job> byPaymentHash = new HashMap<>();
    /**
     * Our disputed jobs by job payment hash, to name the job of a settler's DisputeResolved notice
     * even after its payment ended (the job may be forgotten by then); the oldest of more than
     * {@link #MAX_DISPUTED} are forgotten.
     */
    private final Map<Hash32, PayloadId> disputedJobs = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash32, PayloadId> eldest) {
            return size() > MAX_DISPUTED;
        }
    };
    private static final int MAX_DISPUTED = 1024;
    /** Jobs whose network preimage we asked the settler for, by callId. */
    private final Map<Long, Job> fetching = new HashMap<>();
    /** The call ids of our CancelGig calls not answered yet ({@link #callOffFailed}), oldest first. */
    private final java.util.LinkedHashSet<Long> callingOff = new java.util.LinkedHashSet<>();
    /** At most this many unanswered CancelGig calls are remembered (their answers are only acknowledged). */
    private static final int MAX_CALLING_OFF = 1024;

    CustomerJobs(NodeContext ctx, Broadcaster broadcaster) {
        this.ctx = ctx;
        this.broadcaster = broadcaster;
    }

    /** Signs a request for {@code topic} and starts its broadcast; returns the job's id. */
    PayloadId post(Topic topic) {
        Instant now = ctx.now();
        Verdict policy = ctx.config.topicPolicy().evaluate(topic, now);
        if (!policy.isAccepted()) {
            throw new IllegalArgumentException("topic refused by our own policy: " + policy);
        }
        RequestPayload payload = new RequestPayload(PayloadId.random(ctx.random), topic, ctx.identity.certificate());
        SignedRequestPayload request = SignedRequestPayload.sign(payload, ctx.identity.signer());
        Job job = new Job(request);
        jobs.put(job.id(), job);
        byte[] origin = ReturnPath.origin(ctx.self(), ctx.random);
        job.onionKey = ReturnPath.jobKey(origin);
        byOnion.put(job.onionKey, job);
        broadcaster.markOwn(job.id(), now.plus(ctx.config.seenRetention()));
        ctx.emit(new AppEvent.JobPosted(job.id(), topic));
        broadcaster.relay(request, origin, null);
        ctx.timers.at(now.plus(ctx.config.offerWindow()), () -> {
            if (ctx.config.autoChoose() && job.state == State.COLLECTING) {
                choose(job);
            }
        });
        return job.id();
    }

    /** A reply whose onion ended here; {@code onion} is the terminal layer that names the job. */
    void onArrived(ReplyFrame frame, byte[] onion) {
        Job job = byOnion.get(ReturnPath.jobKey(onion));
        if (job == null) {
            ctx.emit(new AppEvent.OfferRejected(null, "reply for no job of ours"));
            return;
        }
        Instant now = ctx.now();
        var promise = frame.settlementPromise().body();
        var network = InvoiceView.read(frame.networkInvoice(), now);
        var jobInvoice = InvoiceView.read(promise.replyInvoice(), now);
        String problem = null;
        if (job.state == State.CANCELLED) {
            problem = "job cancelled";
        } else if (job.state != State.COLLECTING) {
            problem = "offer window closed";
        } else if (network instanceof InvoiceView.Read.Bad b) {
            problem = "network invoice: " + b.verdict();
        } else if (jobInvoice instanceof InvoiceView.Read.Bad b) {
            problem = "job invoice: " + b.verdict();
        }
        if (problem != null) {
            ctx.emit(new AppEvent.OfferRejected(job.id(), problem));
            return;
        }
        InvoiceView net = ((InvoiceView.Read.Ok) network).invoice();
        InvoiceView jobInv = ((InvoiceView.Read.Ok) jobInvoice).invoice();
        Verdict v = ReplyRouter.matchesPromise(net, frame);
        if (!jobInv.paymentHash().equals(promise.replyPaymentHash()) || jobInv.amountMsat() != promise.replyAmountMsat()) {
            v = Verdict.ignore("job invoice does not match the promise");
        } else if (net.amountMsat() > ctx.config.maxNetworkFeeMsat()) {
            v = Verdict.ignore("network fee " + net.amountMsat() + " msat above our limit");
        } else {
            v = judgeDisputeTerms(promise, jobInv, v);
        }
        if (!v.isAccepted()) {
            ctx.emit(new AppEvent.OfferRejected(job.id(), v.toString()));
            return;
        }
        // Screening before payment (seed 000, 3.9): the promise names the worker's certificate, the one the
        // reply opens with, so an offer from a worker without the properties we require (or whose certificate
        // is untrusted, expired or revoked) is dropped here, not paid for and disputed once opened.
        Certificate worker = promise.replierCertificate().orElse(null);
        if (worker == null && !ctx.config.requiredWorkerProperties().isEmpty()) {
            ctx.emit(new AppEvent.OfferRejected(job.id(), "dropped before payment: the settler's promise names no"
                    + " worker certificate to check the required properties against"));
            return;
        }
        Verdict screened = worker == null ? Verdict.accept()
                : ctx.validator.validate(worker, ctx.config.requiredWorkerProperties());
        if (!screened.isAccepted()) {
            ctx.emit(new AppEvent.OfferRejected(job.id(), "dropped before payment: worker certificate: "
                    + why(screened)));
            return;
        }
        // The offer is dead as soon as any part of its chain is: the settler's invoice (which expires with
        // the promise) is the first network invoice to go, long before the one we are asked to pay.
        Instant expires = earliest(promise.expiresAt(), net.expiresAt(), jobInv.expiresAt());
        Offer offer = new Offer(job.offers.size() + 1, jobInv.amountMsat(), net.amountMsat(),
                promise.settlerCertificate().subject(), expires,
                worker == null ? Map.of() : worker.body().properties());
        OfferState state = new OfferState(offer, frame.encryptedReplyPayload(), net, jobInv, worker);
        state.statementRequired = promise.jobPaymentEvidence() == JobPaymentEvidence.CUSTOMER_STATEMENT;
        job.offers.add(state);
        ctx.emit(new AppEvent.OfferReceived(job.id(), offer.number(), offer.jobPriceMsat(), offer.networkFeeMsat(),
                offer.settler(), net.paymentHash(), offer.workerProperties()));
        ctx.timers.at(expires, () -> lapse(job, offer));
        if (job.windowClosed) {
            // the window closed with offers, none within the policy's limits: a later one within them is taken
            ctx.config.offerChooser().choose(List.of(offer)).ifPresent(o -> accept(job, o.number(), true));
        }
    }

    /** What a refusal says, without the record's wrapping: the reason, or the penalty's label and detail. */
    private static String why(Verdict v) {
        return switch (v) {
            case Verdict.Ignore i -> i.reason();
            case Verdict.Reject r -> r.penalty().toString();
            case Verdict.Accept a -> "accepted";
        };
    }

    /**
     * The settler's dispute terms, as its promise states them (docs/settler.md, "Dispute window
     * and invoice lifetimes"): stated, not longer than we let a job payment wait, and a job invoice that
     * outlives them ({@code settle by} plus {@link DisputeTerms#SETTLE_MARGIN}). A job invoice expiring
     * earlier would be cancelled by the worker's wallet, refunding us while the settler still holds it for
     * the worker: a customer that never confirms would never pay, and any dispute would end in its favour.
     */
    private Verdict judgeDisputeTerms(SettlementPromiseBody promise, InvoiceView jobInvoice, Verdict ok) {
        if (!promise.statesDisputeTerms()) {
            return Verdict.ignore("the promise states no dispute window");
        }
        java.time.Duration span = java.time.Duration.between(ctx.now(), promise.settleBy());
        if (span.compareTo(ctx.config.maxSettlementSpan()) > 0) {
            return Verdict.ignore("the settler may hold the job payment " + span + " (its dispute window "
                    + promise.disputeWindow() + " and deadline " + promise.disputeDeadline() + "), above our maximum "
                    + ctx.config.maxSettlementSpan());
        }
        Instant needed = promise.settleBy().plus(DisputeTerms.SETTLE_MARGIN);
        if (jobInvoice.expiresAt().isBefore(needed)) {
            return Verdict.ignore("the job invoice expires at " + jobInvoice.expiresAt()
                    + ", before the dispute window and deadline end (" + needed + ")");
        }
        return ok;
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant ab = a.isBefore(b) ? a : b;
        return ab.isBefore(c) ? ab : c;
    }

    /**
     * An offer we have not taken lapsed: tell the app, and end the job once every
     * offer has lapsed (docs/architecture.md "The life of a job", step 7). Without this
     * a customer that does not choose at once ({@code autoChoose} false) never
     * learnt that its offers had died, and kept the job collecting forever.
     */
    private void lapse(Job job, Offer offer) {
        if (job.state != State.COLLECTING) {
            return; // an offer was taken (the others were reported then), or the job already ended
        }
        ctx.emit(new AppEvent.OfferExpired(job.id(), offer.number()));
        if (job.offers.stream().noneMatch(o -> o.offer.expiresAt().isAfter(ctx.now()))) {
            job.state = State.CLOSED;
            callOffFailed(job);
            ctx.emit(new AppEvent.JobExpired(job.id(), "every offer expired unpaid"));
            forgetIfDone(job);
        }
    }

    /** The offers received so far for a job. */
    List<Offer> offers(PayloadId id) {
        Job job = jobs.get(id);
        return job == null ? List.of() : job.offers.stream().map(o -> o.offer).toList();
    }

    /**
     * The offer window closed with {@code autoChoose}: takes the offer the policy picks. With no live
     * offer the job ends; with live offers of which the policy takes none (all above its limits), the
     * job keeps collecting: the customer may still take one, and a later offer within the limits is
     * taken when it arrives ({@link #onArrived}).
     */
    private void choose(Job job) {
        List<Offer> live = job.offers.stream().map(o -> o.offer).filter(o -> o.expiresAt().isAfter(ctx.now())).toList();
        Optional<Offer> pick = ctx.config.offerChooser().choose(live);
        if (pick.isPresent()) {
            accept(job, pick.get().number(), true);
        } else if (!live.isEmpty()) {
            job.windowClosed = true;
        } else {
            job.state = State.CLOSED;
            callOffFailed(job);
            ctx.emit(new AppEvent.JobExpired(job.id(), job.offers.isEmpty() ? "no offers" : "no acceptable offer"));
            forgetIfDone(job);
        }
    }

    /** The customer takes an offer: pays its network and job invoices (seed 000, 3.9, Figure 15). */
    void accept(PayloadId id, int number) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new IllegalArgumentException("no open offer " + number + " for job " + id);
        }
        accept(job, number, false);
    }

    /** Takes an offer, by the customer or by our policy ({@code byPolicy}). */
    private void accept(Job job, int number, boolean byPolicy) {
        PayloadId id = job.id();
        if (job.state != State.COLLECTING || number < 1 || number > job.offers.size()) {
            throw new IllegalArgumentException("no open offer " + number + " for job " + id);
        }
        OfferState chosen = job.offers.get(number - 1);
        if (!chosen.offer.expiresAt().isAfter(ctx.now())) {
            throw new IllegalArgumentException("offer " + number + " for job " + id + " expired at "
                    + chosen.offer.expiresAt());
        }
        if (chosen.withdrawn != null) {
            throw new IllegalArgumentException("offer " + number + " for job " + id + " was withdrawn: "
                    + chosen.withdrawn);
        }
        if (chosen.calledOff) {
            throw new IllegalArgumentException("offer " + number + " for job " + id
                    + " was called off at its settler after paying it failed");
        }
        if (job.chosen != chosen) {
            callOffFailed(job); // another offer is taken: the one whose payment failed is abandoned
        }
        job.chosen = chosen;
        job.chosenByPolicy = byPolicy;
        job.state = State.PAYING;
        ctx.touch();
        ctx.emit(new AppEvent.OfferChosen(id, number, chosen.offer.totalMsat(), byPolicy));
        // Taken again after paying it failed: what is still pending or accepted is not paid twice.
        boolean payNetwork = !byPaymentHash.containsKey(chosen.network.paymentHash());
        boolean payJob = !byPaymentHash.containsKey(chosen.job.paymentHash());
        byPaymentHash.put(chosen.network.paymentHash(), job);
        byPaymentHash.put(chosen.job.paymentHash(), job);
        if (payNetwork) {
            chosen.networkLocked = false;
            chosen.networkPayCall = ctx.nextId();
            ctx.wallet(new WalletRequest.Pay(chosen.networkPayCall, chosen.network.bolt11(),
                    chosen.network.amountMsat()));
        }
        if (payJob) {
            chosen.jobLocked = false;
            chosen.jobPayCall = ctx.nextId();
            ctx.wallet(new WalletRequest.Pay(chosen.jobPayCall, chosen.job.bolt11(), chosen.job.amountMsat()));
        }
        if (chosen.networkLocked && chosen.jobLocked) {
            paid(job);
        }
    }

    /**
     * Finds which offer of {@code job} a payment hash belongs to: the chosen one, or
     * one taken earlier whose payment failed while its other invoice was still pending.
     */
    private static OfferState offerOf(Job job, Hash32 hash) {
        OfferState c = job.chosen;
        if (c != null && (c.network.paymentHash().equals(hash) || c.job.paymentHash().equals(hash))) {
            return c;
        }
        for (OfferState o : job.offers) {
            if (o.network.paymentHash().equals(hash) || o.job.paymentHash().equals(hash)) {
                return o;
            }
        }
        return null;
    }

    /** Releases the job payment to the worker now (the job is done). */
    void confirm(PayloadId id) {
        Job job = paidJob(id);
        job.confirmed = true;
        ctx.touch();
        ctx.settler(job.chosen.offer.settler(), new SettlerRequest.ConfirmJob(ctx.nextId(), job.chosen.job.paymentHash()));
    }

    /** Holds the job payment until the settler resolves the dispute. */
    void dispute(PayloadId id, String reason) {
        Job job = paidJob(id);
        job.disputed = true;
        disputedJobs.put(job.chosen.job.paymentHash(), id);
        ctx.touch();
        ctx.settler(job.chosen.offer.settler(),
                new SettlerRequest.OpenDispute(ctx.nextId(), job.chosen.job.paymentHash(), reason));
        ctx.emit(new AppEvent.DisputeOpened(id, reason));
    }

    private Job paidJob(PayloadId id) {
        Job job = jobs.get(id);
        if (job == null || job.chosen == null || job.state == State.COLLECTING) {
            throw new IllegalArgumentException("no paid job " + id);
        }
        return job;
    }

    /** Handles the wallet events of our payments; returns whether it was ours. */
    boolean onWallet(WalletEvent event) {
        switch (event) {
            case WalletEvent.PaymentAccepted a -> {
                Job job = byPaymentHash.get(a.paymentHash());
                if (job == null) {
                    return false;
                }
                OfferState o = offerOf(job, a.paymentHash());
                if (o == null) {
                    return false;
                }
                if (a.paymentHash().equals(o.network.paymentHash()) && o.networkPayCall != a.callId()) {
                    o.networkPayCall = a.callId(); // a Pay issued again after a restart went through
                    ctx.touch();
                } else if (a.paymentHash().equals(o.job.paymentHash()) && o.jobPayCall != a.callId()) {
                    o.jobPayCall = a.callId();
                    ctx.touch();
                }
                locked(job, o, a.paymentHash());
                return true;
            }
            case WalletEvent.PaymentSettled s -> {
                Job job = byPaymentHash.get(s.paymentHash());
                if (job == null) {
                    return false;
                }
                byPaymentHash.remove(s.paymentHash());
                ctx.touch();
                if (offerOf(job, s.paymentHash()) != job.chosen || job.state == State.CANCELLED) {
                    forgetIfDone(job); // an offer given up after its other payment failed: nothing to open
                    return true;
                }
                if (!s.paymentHash().equals(job.chosen.network.paymentHash())) {
                    job.state = State.CLOSED; // the job is over: no confirmation or dispute may follow
                    ctx.emit(new AppEvent.JobSettled(job.id(), s.amountMsat()));
                    if (!job.opened && byPaymentHash.containsKey(job.chosen.network.paymentHash())) {
                        // Released while the preimage has not come back to us: a hop is down, perhaps past
                        // its invoice's expiry (seed 000, 4.2). The settler published the preimage before it
                        // released; without it we paid for a reply we never opened (FaultInjectionTest).
                        fetchPreimage(job);
                    }
                } else if (!job.opened) {
                    // Also when the job payment ended meanwhile (the job invoice expired, or was cancelled,
                    // while a hop held the preimage): we paid for this preimage, so we open the reply. This
                    // used to be refused once the job was CLOSED (FaultInjectionTest).
                    open(job, s.preimage());
                }
                forgetIfDone(job);
                return true;
            }
            case WalletEvent.PaymentFailed f -> {
                Job job = f.paymentHash() == null ? null : byPaymentHash.get(f.paymentHash());
                if (job == null) {
                    return false;
                }
                OfferState o = offerOf(job, f.paymentHash());
                if (o == null) {
                    return false;
                }
                if (f.isDuplicateRefusal()) {
                    // a Pay issued again after a restart: an earlier one went through, nothing failed
                    locked(job, o, f.paymentHash());
                    return true;
                }
                boolean networkPayment = f.paymentHash().equals(o.network.paymentHash());
                long payCall = networkPayment ? o.networkPayCall : o.jobPayCall;
                boolean repay = job.repays.remove(f.callId());
                if (f.callId() != payCall && !repay) {
                    return true; // the refusal of a Pay issued again before an earlier restart: not ours to judge
                }
                byPaymentHash.remove(f.paymentHash());
                ctx.touch();
                ctx.emit(new AppEvent.PaymentFailed(f.paymentHash(), f.reason()));
                if (o != job.chosen || job.state == State.COLLECTING || job.state == State.CANCELLED) {
                    // the other half of an offer whose payment failed already: its money came back
                    forgetIfDone(job);
                    return true;
                }
                if (job.state == State.PAYING) {
                    reopen(job, f.reason());
                    forgetIfDone(job);
                    return true;
                }
                if (!networkPayment) {
                    // the job payment came back unsettled (cancelled or expired): the worker is not paid
                    ctx.emit(new AppEvent.JobRefunded(job.id(), o.offer.number(), o.job.amountMsat(), f.reason()));
                }
                if (job.state == State.PAID || !networkPayment) {
                    job.state = State.CLOSED;
                }
                if (f.paymentHash().equals(job.chosen.network.paymentHash()) && (job.chosen.networkLocked || repay)
                        && !job.opened) {
                    // Our accepted network payment came back, maybe before our invoice expired: a hop
                    // further down lost its own (it was down past its expiry, 4.2) and the hop we paid
                    // cancelled ours. The settler may have revealed and released our job payment all the
                    // same; the fetch timer no longer fires for a payment that ended (FaultInjectionTest).
                    fetchPreimage(job);
                }
                forgetIfDone(job);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * The wallet locked our payment for {@code hash} of offer {@code o}: once both of the
     * chosen offer's are, the job is paid. Idempotent.
     */
    private void locked(Job job, OfferState o, Hash32 hash) {
        boolean network = hash.equals(o.network.paymentHash());
        if (network ? o.networkLocked : o.jobLocked) {
            return;
        }
        if (network) {
            o.networkLocked = true;
        } else {
            o.jobLocked = true;
            stateJobPaymentLocked(o);
        }
        ctx.touch();
        if (o == job.chosen && o.networkLocked && o.jobLocked && job.state == State.PAYING) {
            paid(job);
        }
    }

    /**
     * Our job payment is locked: a settler that cannot see the job invoice (its promise names
     * {@code CUSTOMER_STATEMENT}) gets our signed statement of it, the evidence it needs besides the
     * worker's claim before it reveals. Harmless to send again.
     */
    private void stateJobPaymentLocked(OfferState o) {
        if (o.statementRequired) {
            ctx.settler(o.offer.settler(), JobPaymentStatement.sign(ctx.nextId(), o.offer.settler(),
                    o.job.paymentHash(), o.job.amountMsat(), ctx.identity.signer()));
        }
    }

    /** Both invoices of the chosen offer are accepted: the job is paid, and the other offers are given up. */
    private void paid(Job job) {
        OfferState o = job.chosen;
        job.state = State.PAID;
        ctx.touch();
        ctx.emit(new AppEvent.JobPaid(job.id(), o.offer.number(), o.network.amountMsat(), o.job.amountMsat()));
        for (OfferState other : job.offers) {
            if (other != o) {
                // Its settler cancels its gig at once: the worker cancels its job invoice and learns that
                // the offer was not taken, and a half of it we paid before comes back, instead of both
                // waiting for the invoices to lapse.
                if (other.offer.expiresAt().isAfter(ctx.now())) {
                    callOff(other); // a lapsed offer's gig ends by itself
                }
                ctx.emit(new AppEvent.OfferExpired(job.id(), other.offer.number()));
            }
        }
        fetchPreimageIfWithheld(job);
    }

    /**
     * Paying the chosen offer failed before it was paid: the job collects again, so that the
     * customer may take that offer again or another one. It used to be closed and
     * forgotten, while the app showed it open with the offer gone, and no offer could be taken.
     * What of the failed offer is still pending (the other invoice) stays, so that taking the
     * offer again pays only what failed; it never settles alone, and once the customer takes
     * another offer or the job ends it is called off ({@link #callOffFailed}) and comes back at
     * once. Offers that lapsed meanwhile are reported now;
     * if none is left, the job ends.
     */
    private void reopen(Job job, String reason) {
        OfferState failed = job.chosen;
        job.state = State.COLLECTING;
        ctx.touch();
        ctx.emit(new AppEvent.OfferFailed(job.id(), failed.offer.number(), reason));
        Instant now = ctx.now();
        for (OfferState o : job.offers) {
            if (!o.offer.expiresAt().isAfter(now)) {
                ctx.emit(new AppEvent.OfferExpired(job.id(), o.offer.number()));
            }
        }
        if (job.offers.stream().noneMatch(o -> o.offer.expiresAt().isAfter(now))) {
            job.state = State.CLOSED;
            callOffFailed(job);
            ctx.emit(new AppEvent.JobExpired(job.id(), "payment failed: " + reason + "; no offer left"));
        }
    }

    /**
     * The customer abandons the offer whose payment failed ({@code job.chosen} while the job
     * collects again): it takes another offer, or the job ends. Half of that payment may be
     * pending or accepted, locked until its invoice lapses; the settler, which holds both
     * preimages and reveals nothing until both payments are accepted, may call the gig off before
     * the reveal (seed 000, 3.9; {@code CancelGig}): it cancels its network invoice, whose payer
     * hop then cancels its own and so on back to us, and tells the worker, who cancels the job
     * invoice. So the locked half comes back now. Taking the failed offer again, which pays only
     * what failed, stays possible until the customer moves on.
     */
    private void callOffFailed(Job job) {
        OfferState o = job.chosen;
        if (o == null || !(byPaymentHash.containsKey(o.network.paymentHash())
                || byPaymentHash.containsKey(o.job.paymentHash()))) {
            return;
        }
        callOff(o);
    }

    /**
     * Asks the settler of offer {@code o} to cancel its gig (we are the gig's customer; the settler
     * refuses anyone but its customer and its worker): before the reveal it cancels its network invoice
     * and tells the worker, who cancels the job invoice. Once per offer; not for an offer its worker
     * withdrew (the worker called it off).
     */
    private void callOff(OfferState o) {
        if (o.calledOff || o.withdrawn != null) {
            return;
        }
        o.calledOff = true;
        long call = ctx.nextId();
        if (callingOff.size() == MAX_CALLING_OFF) {
            callingOff.removeFirst();
        }
        callingOff.add(call);
        ctx.settler(o.offer.settler(), new SettlerRequest.CancelGig(call, o.job.paymentHash()));
    }

    /**
     * The customer withdraws a job that has no paid offer (docs/operations.md, "Cancelling"): no
     * offer may be taken any more, later offers are refused, and the settler of every offer
     * received is asked to call its gig off, so that each worker learns at once that it was not
     * taken and a half of a failed payment still locked comes back. Refused once an offer is being
     * paid or was paid: the settler reveals as soon as both payments are accepted, and the job
     * then goes on to its confirmation or dispute.
     *
     * @throws IllegalArgumentException for a job we do not know (or have forgotten)
     * @throws IllegalStateException    for a job being paid, paid, or ended
     */
    void cancel(PayloadId id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new IllegalArgumentException("no open job " + id);
        }
        switch (job.state) {
            case COLLECTING -> { }
            case PAYING -> throw new IllegalStateException("job " + id
                    + " is being paid (offer " + job.chosen.offer.number() + "); wait for the payment to end");
            case PAID, OPENED -> throw new IllegalStateException("job " + id
                    + " is paid; confirm it or open a dispute instead");
            case CLOSED, CANCELLED -> throw new IllegalStateException("job " + id + " has already ended");
        }
        job.state = State.CANCELLED;
        ctx.touch();
        callOffFailed(job); // a half of a failed payment still pending, even if its offer lapsed meanwhile
        for (OfferState o : job.offers) {
            if (o.offer.expiresAt().isAfter(ctx.now())) {
                callOff(o);
            }
        }
        ctx.emit(new AppEvent.JobCancelled(id));
        forgetIfDone(job);
    }

    /**
     * Should the preimage not come back along the chain before our network invoice
     * expires (a middleman withholds it or is down), ask the settler, which
     * publishes it (end of seed 000, 3.9), and open the reply with that. Without
     * this the job payment, already locked, was released to the worker at the end
     * of the dispute window while we never learnt who the worker was. The hop
     * that withheld the preimage is not paid: our network payment lapses.
     */
    private void fetchPreimageIfWithheld(Job job) {
        OfferState o = job.chosen;
        Instant fetchAt = o.network.expiresAt().minus(ctx.config.invoiceExpiryDelta().dividedBy(2));
        // A settler that holds the chain until the job is done (docs/settler.md, "Network settlement") makes its
        // network invoice outlive the dispute terms, so ours expires long after the offer's deadline (at the
        // reveal, the preimage came back along the chain within a delta per hop); it gives the preimage to us
        // alone by that deadline: a lost notice is fetched a delta after it, not days later.
        Instant heldFetchAt = o.offer.expiresAt().plus(ctx.config.invoiceExpiryDelta());
        if (o.network.expiresAt().isAfter(o.offer.expiresAt().plus(DisputeTerms.SETTLE_MARGIN))
                && heldFetchAt.isBefore(fetchAt)) {
            fetchAt = heldFetchAt;
        }
        ctx.timers.at(fetchAt.isAfter(ctx.now()) ? fetchAt : ctx.now(), () -> {
            // not "still PAID": the job payment may have been released or cancelled meanwhile
            if (!job.opened && byPaymentHash.containsKey(o.network.paymentHash())) {
                fetchPreimage(job);
            }
        });
    }

    private void fetchPreimage(Job job) {
        long call = ctx.nextId();
        fetching.put(call, job);
        ctx.settler(job.chosen.offer.settler(), new SettlerRequest.FetchPreimage(call,
                job.chosen.network.paymentHash()));
    }

    /**
     * Forgets a job that can change no more: no longer collecting offers and
     * none of its payments pending. Jobs used to be kept for ever, so a customer
     * node's memory grew with every job it posted. A reply that arrives later is
     * refused as one for no job of ours.
     */
    private void forgetIfDone(Job job) {
        boolean paying = job.chosen != null && (byPaymentHash.containsKey(job.chosen.network.paymentHash())
                || byPaymentHash.containsKey(job.chosen.job.paymentHash()))
                || job.offers.stream().anyMatch(o -> byPaymentHash.containsKey(o.network.paymentHash())
                        || byPaymentHash.containsKey(o.job.paymentHash()));
        if (job.state != State.COLLECTING && !paying) {
            jobs.remove(job.id());
            if (job.onionKey != null) {
                byOnion.remove(job.onionKey);
            }
            ctx.touch();
        }
    }

    /** Handles a settler's answer about our jobs: a network preimage we fetched. Returns whether it was ours. */
    boolean onSettler(SettlerResponse response) {
        switch (response) {
            case SettlerResponse.PreimageRevealed r -> {
                if (r.callId() == 0) {
                    return revealedToUs(r.paymentHash(), r.preimage());
                }
                // by callId: the network payment may have lapsed (and the job been forgotten) meanwhile
                Job job = fetching.remove(r.callId());
                if (job == null) {
                    return false;
                }
                if (!job.opened && r.paymentHash().equals(job.chosen.network.paymentHash())
                        && r.preimage().matches(r.paymentHash())) {
                    open(job, r.preimage());
                    forgetIfDone(job);
                }
                return true;
            }
            case SettlerResponse.Refused r -> {
                // a CancelGig refused: the gig was revealed or is gone meanwhile; the half then lapses
                return fetching.remove(r.callId()) != null || callingOff.remove(r.callId());
            }
            case SettlerResponse.Done d -> {
                return callingOff.remove(d.callId());
            }
            case SettlerResponse.DisputeResolved r -> {
                // the settler tells both parties; ours if we disputed that job payment
                PayloadId job = disputedJobs.remove(r.replyPaymentHash());
                if (job == null) {
                    return false;
                }
                ctx.emit(new AppEvent.DisputeResolved(Optional.of(job), r.replyPaymentHash(), r.outcome(),
                        r.decidedBy(), r.reason()));
                return true;
            }
            case SettlerResponse.ReplyCancelled c -> {
                return c.callId() == 0 && withdrawn(c.replyPaymentHash(), c.reason());
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A settler that settles its network chain once the job is done gave the network preimage to us
     * alone (docs/settler.md, "Network settlement: on reveal or on job done"): we open the reply at once,
     * while every network payment, ours included, stays accepted until the job is confirmed, its window
     * ends, or a dispute refunds the whole chain.
     */
    private boolean revealedToUs(Hash32 networkHash, Preimage preimage) {
        Job job = byPaymentHash.get(networkHash);
        if (job == null || job.chosen == null || !networkHash.equals(job.chosen.network.paymentHash())
                || !preimage.matches(networkHash)) {
            return false;
        }
        if (!job.opened) {
            open(job, preimage);
        }
        return true;
    }

    /**
     * The settler of an offer for a job we are collecting for tells us its worker withdrew it (the
     * worker called its gig off): the offer cannot be taken any more. A notice for an offer we are
     * paying changes nothing here: that payment fails and its money comes back.
     */
    private boolean withdrawn(Hash32 replyHash, String reason) {
        for (Job job : jobs.values()) {
            if (job.state != State.COLLECTING) {
                continue;
            }
            for (OfferState o : job.offers) {
                if (o.job.paymentHash().equals(replyHash) && o.withdrawn == null && !o.calledOff) {
                    o.withdrawn = reason;
                    ctx.emit(new AppEvent.OfferWithdrawn(job.id(), o.offer.number(), reason));
                    return true;
                }
            }
        }
        return false;
    }

    /** Opens the chosen reply with the network preimage, then the worker's message with our key (3.9). */
    private void open(Job job, Preimage preimage) {
        job.opened = true;
        ctx.touch();
        // the job payment may have ended first (released, cancelled or expired): then there is nothing
        // left to confirm or dispute, and the job may already be forgotten
        boolean jobPaymentPending = byPaymentHash.containsKey(job.chosen.job.paymentHash());
        OfferState o = job.chosen;
        String problem = null;
        ReplyPayload reply = null;
        var plain = SymmetricBox.open(preimage.replyKey(), o.encryptedReply);
        if (plain.isEmpty()) {
            problem = "the preimage does not open the reply payload";
        } else {
            var decoded = ReplyPayload.decode(plain.get());
            if (decoded.errorIfAny().isPresent()) {
                problem = "reply payload undecodable: " + decoded.errorIfAny().get();
            } else {
                reply = decoded.orElseThrow();
                if (!reply.signedRequestPayload().equals(job.request)) {
                    problem = "the reply answers another request";
                } else if (!reply.replyInvoice().equals(o.job.bolt11())) {
                    problem = "the reply's job invoice is not the promised one";
                } else if (o.workerCertificate != null && !reply.replierCertificate().equals(o.workerCertificate)) {
                    problem = "the reply opens with another worker certificate than the offer showed";
                } else {
                    Verdict cert = ctx.validator.validate(reply.replierCertificate(),
                            ctx.config.requiredWorkerProperties());
                    if (!cert.isAccepted()) {
                        problem = "worker certificate: " + cert;
                    }
                }
            }
        }
        Optional<byte[]> message = problem == null
                ? SealedBox.open(ctx.identity.key(), reply.encryptedReplyMessage()) : Optional.empty();
        if (problem == null && message.isEmpty()) {
            problem = "the worker's message is not sealed to us";
        }
        if (problem != null) {
            job.state = State.CLOSED;
            ctx.emit(new AppEvent.OfferRejected(job.id(), problem));
            if (jobPaymentPending) {
                dispute(job.id(), problem);
            }
            return;
        }
        job.state = jobPaymentPending ? State.OPENED : State.CLOSED;
        PublicKey worker = reply.replierCertificate().subject();
        if (job.state == State.OPENED) {
            job.worker = worker;
            job.message = message.get();
        }
        ctx.emit(new AppEvent.ReplyOpened(job.id(), o.offer.number(), worker, message.get(),
                reply.replierCertificate().body().properties()));
        ctx.config.autoConfirmAfter().ifPresent(after -> {
            job.confirmAt = ctx.now().plus(after);
            armConfirm(job);
        });
    }

    private void armConfirm(Job job) {
        ctx.timers.at(job.confirmAt, () -> {
            if (job.state == State.OPENED && !job.disputed && !job.confirmed) {
                confirm(job.id());
            }
        });
    }

    int stateSize() {
        return jobs.size() + byOnion.size() + byPaymentHash.size() + fetching.size() + callingOff.size();
    }

    // ---- durable state (docs/architecture.md, "Durable state") ----

    /** Adds our jobs with a chosen offer and a payment pending to {@code b}, in order of payload id. */
    void snapshot(EngineState.Builder b) {
        // a job collecting again after a failed payment is not durable, as no collecting job is
        var durable = jobs.values().stream().filter(j -> j.chosen != null && j.state != State.COLLECTING
                && pending(j)).toList();
        for (Job j : EngineSnapshot.sorted(durable, j -> j.id().bytes())) {
            OfferState o = j.chosen;
            var p = CustomerJob.newBuilder().setRequest(EngineSnapshot.bytes(j.request.encode()))
                    .setState(switch (j.state) {
                        case PAYING -> CustomerJob.State.PAYING;
                        case PAID -> CustomerJob.State.PAID;
                        case OPENED -> CustomerJob.State.OPENED;
                        case CLOSED -> CustomerJob.State.CLOSED;
                        case CANCELLED -> CustomerJob.State.CANCELLED;
                        case COLLECTING -> throw new AssertionError("a chosen offer while collecting");
                    })
                    .setOfferNumber(o.offer.number()).setSettler(EngineSnapshot.bytes(o.offer.settler().bytes()))
                    .setOfferExpiresAt(EngineSnapshot.nanos(o.offer.expiresAt()))
                    .setEncryptedReplyPayload(EngineSnapshot.bytes(o.encryptedReply))
                    .setNetworkInvoice(EngineSnapshot.toProto(o.network)).setJobInvoice(EngineSnapshot.toProto(o.job))
                    .setNetworkLocked(o.networkLocked).setJobLocked(o.jobLocked)
                    .setNetworkPending(byPaymentHash.containsKey(o.network.paymentHash()))
                    .setJobPending(byPaymentHash.containsKey(o.job.paymentHash()))
                    .setNetworkPayCallId(o.networkPayCall).setJobPayCallId(o.jobPayCall)
                    .setChosenByPolicy(j.chosenByPolicy).setJobStatementRequired(o.statementRequired)
                    .setDisputed(j.disputed).setOpened(j.opened).setConfirmed(j.confirmed)
                    .setConfirmAt(j.confirmAt == null ? 0 : EngineSnapshot.nanos(j.confirmAt));
            if (o.workerCertificate != null) {
                p.setWorkerCertificate(EngineSnapshot.bytes(o.workerCertificate.encode()));
            }
            if (j.state == State.OPENED && j.worker != null) {
                p.setWorker(EngineSnapshot.bytes(j.worker.bytes())).setMessage(EngineSnapshot.bytes(j.message));
            }
            b.addJobs(p);
        }
    }

    private boolean pending(Job j) {
        return byPaymentHash.containsKey(j.chosen.network.paymentHash())
                || byPaymentHash.containsKey(j.chosen.job.paymentHash());
    }

    /**
     * Takes the jobs of a snapshot, on a fresh engine, re-arms their timers and issues again what
     * a crash may have lost after the state was stored: a Pay not yet reported accepted (the wallet
     * refuses it as a duplicate if the first went through, and that refusal counts as accepted),
     * the fetch of a preimage that may have come while we were down, a confirmation or a dispute;
     * and tells the app again of each unfinished job ({@link #announce}), since its view may have
     * died with the process.
     */
    void restore(EngineState s) {
        for (CustomerJob p : s.getJobsList()) {
            Job job = new Job(SignedRequestPayload.decode(p.getRequest().toByteArray()).orElseThrow());
            InvoiceView network = EngineSnapshot.fromProto(p.getNetworkInvoice());
            InvoiceView jobInvoice = EngineSnapshot.fromProto(p.getJobInvoice());
            // a state stored before promises named the worker's certificate has none: its reply is judged on opening
            Certificate worker = p.getWorkerCertificate().isEmpty() ? null
                    : Certificate.decode(p.getWorkerCertificate().toByteArray()).orElseThrow();
            Offer offer = new Offer(p.getOfferNumber(), jobInvoice.amountMsat(), network.amountMsat(),
                    EngineSnapshot.publicKey(p.getSettler()), EngineSnapshot.instant(p.getOfferExpiresAt()),
                    worker == null ? Map.of() : worker.body().properties());
            OfferState o = new OfferState(offer, p.getEncryptedReplyPayload().toByteArray(), network, jobInvoice,
                    worker);
            o.networkLocked = p.getNetworkLocked();
            o.jobLocked = p.getJobLocked();
            o.networkPayCall = p.getNetworkPayCallId();
            o.jobPayCall = p.getJobPayCallId();
            o.statementRequired = p.getJobStatementRequired();
            job.chosen = o;
            job.chosenByPolicy = p.getChosenByPolicy();
            job.state = switch (p.getState()) {
                case PAYING -> State.PAYING;
                case PAID -> State.PAID;
                case OPENED -> State.OPENED;
                case CLOSED -> State.CLOSED;
                case CANCELLED -> State.CANCELLED;
                default -> throw new IllegalArgumentException("job state " + p.getState());
            };
            job.disputed = p.getDisputed();
            if (job.disputed) {
                disputedJobs.put(jobInvoice.paymentHash(), job.id());
            }
            job.opened = p.getOpened();
            job.confirmed = p.getConfirmed();
            job.confirmAt = p.getConfirmAt() == 0 ? null : EngineSnapshot.instant(p.getConfirmAt());
            if (job.state == State.OPENED) {
                job.worker = EngineSnapshot.publicKey(p.getWorker());
                job.message = p.getMessage().toByteArray();
            }
            jobs.put(job.id(), job);
            if (p.getNetworkPending()) {
                byPaymentHash.put(network.paymentHash(), job);
            }
            if (p.getJobPending()) {
                byPaymentHash.put(jobInvoice.paymentHash(), job);
            }
            resume(job, p.getNetworkPending(), p.getJobPending());
        }
    }

    /**
     * Tells the app again what it knew of a restored job, with the events it knows, since its own
     * view may have died with the process: posted, the chosen offer, paid, and the opened reply.
     * A finished job (its payment released or cancelled) is not announced.
     */
    private void announce(Job job) {
        if (job.state == State.CLOSED) {
            return;
        }
        OfferState o = job.chosen;
        ctx.emit(new AppEvent.JobPosted(job.id(), job.request.payload().topic()));
        if (job.state == State.CANCELLED) {
            ctx.emit(new AppEvent.JobCancelled(job.id()));
            return;
        }
        ctx.emit(new AppEvent.OfferReceived(job.id(), o.offer.number(), o.offer.jobPriceMsat(),
                o.offer.networkFeeMsat(), o.offer.settler(), o.network.paymentHash(), o.offer.workerProperties()));
        ctx.emit(new AppEvent.OfferChosen(job.id(), o.offer.number(), o.offer.totalMsat(), job.chosenByPolicy));
        if (job.state == State.PAID || job.state == State.OPENED) {
            ctx.emit(new AppEvent.JobPaid(job.id(), o.offer.number(), o.network.amountMsat(), o.job.amountMsat()));
        }
        if (job.state == State.OPENED) {
            ctx.emit(new AppEvent.ReplyOpened(job.id(), o.offer.number(), job.worker, job.message,
                    o.offer.workerProperties()));
        }
    }

    private void resume(Job job, boolean networkPending, boolean jobPending) {
        OfferState o = job.chosen;
        announce(job);
        switch (job.state) {
            case PAYING -> {
                for (InvoiceView inv : List.of(o.network, o.job)) {
                    boolean locked = inv == o.network ? o.networkLocked : o.jobLocked;
                    if (!locked && (inv == o.network ? networkPending : jobPending)) {
                        long call = ctx.nextId();
                        job.repays.add(call);
                        ctx.wallet(new WalletRequest.Pay(call, inv.bolt11(), inv.amountMsat()));
                    }
                }
                if (o.jobLocked) {
                    stateJobPaymentLocked(o); // it may have been lost in the crash
                }
            }
            case PAID -> {
                stateJobPaymentLocked(o); // it may have been lost in the crash
                fetchPreimageIfWithheld(job);
            }
            case OPENED -> {
                if (job.confirmed) {
                    ctx.settler(o.offer.settler(), new SettlerRequest.ConfirmJob(ctx.nextId(), o.job.paymentHash()));
                } else if (job.disputed) {
                    ctx.settler(o.offer.settler(), new SettlerRequest.OpenDispute(ctx.nextId(), o.job.paymentHash(),
                            "dispute restated after a restart"));
                } else if (job.confirmAt != null) {
                    armConfirm(job);
                }
            }
            case CLOSED -> {
                if (!job.opened && networkPending) {
                    fetchPreimage(job);
                }
            }
            // the CancelGig of the failed offer's pending half may have been lost in the crash
            case CANCELLED -> callOff(o);
            case COLLECTING -> throw new AssertionError("not durable");
        }
    }
}
