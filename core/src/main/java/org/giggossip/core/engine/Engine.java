package org.giggossip.core.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * One Gig-gossip node's protocol: a deterministic, sans-I/O state machine
 * (docs/architecture.md, "One engine, three hosts"; seed 000, section 3). Inputs are
 * method calls (a frame from a peer, a timer, a proof-of-work result, a wallet
 * or settler event, an application command); outputs go, in order, to the
 * {@link Output} sink given at construction. Time comes from the injected
 * clock, randomness from the injected source; the engine starts no thread and
 * opens no socket. The simulator, the daemon and the tests drive this same class.
 *
 * <p>Not thread-safe: one event loop owns an engine (docs/style.md 8). A host must
 * not call the engine from inside its output sink: it queues its reactions
 * (a frame to deliver, a wallet answer) and runs them after the call returns.
 */
public final class Engine {
    private final NodeContext ctx;
    private final Broadcaster broadcaster;
    private final ReplyRouter router;
    private final Replier replier;
    private final CustomerJobs jobs;

    /**
     * @param config    the node's policy
     * @param identity  its key, signer and certificate
     * @param clock     the only source of time
     * @param random    the only source of randomness (ask ids, onion keys, nonces)
     * @param validator judges certificates against the node's trusted settlers
     * @param out       receives every output, in order
     */
    public Engine(EngineConfig config, NodeIdentity identity, Clock clock, SecureRandom random,
            CertificateValidator validator, Consumer<Output> out) {
        this.ctx = new NodeContext(Objects.requireNonNull(config, "config"), Objects.requireNonNull(identity),
                Objects.requireNonNull(clock), Objects.requireNonNull(random), Objects.requireNonNull(validator),
                Objects.requireNonNull(out));
        this.broadcaster = new Broadcaster(ctx, new Broadcaster.TopicListener() {
            @Override
            public boolean first(PublicKey from, BroadcastPayload payload) {
                return onTopic(payload);
            }

            @Override
            public void again(PublicKey from, BroadcastPayload payload) {
                onCopy(payload);
            }
        });
        this.jobs = new CustomerJobs(ctx, broadcaster);
        this.router = new ReplyRouter(ctx, jobs::onArrived);
        this.replier = new Replier(ctx, router);
    }

    /**
     * An engine restored from {@code snapshot} (docs/architecture.md, "Durable state"): the node
     * resumes its money and accepted jobs where the snapshot left them. While
     * restoring, the engine emits to {@code out}: the {@link Output.WakeUp} for
     * its re-armed timers (invoice expiries, the FetchPreimage fallback,
     * automatic confirmation), and again every request a crash may have lost
     * after the snapshot was stored, all idempotent: a middleman in PAYING pays
     * the downstream invoice again (a wallet that refuses it as already paid, see
     * {@link org.giggossip.core.payment.WalletEvent.PaymentFailed#isDuplicateRefusal()},
     * confirms the first payment; that refusal cancels nothing) and asks the
     * settler for the preimage; a Settle or Cancel in progress is issued again;
     * a worker with an accepted job invoice tells the settler again and fetches
     * the job preimage; a customer pays again what the wallet has not reported
     * accepted, and tells the app again of an opened reply.
     *
     * <p>The host must treat restoring as an input: store {@link #snapshot()}
     * after it returns and before it executes those outputs (see {@link #snapshot()}).
     *
     * @param snapshot the last snapshot stored, or {@link EngineSnapshot#empty()}
     */
    public static Engine restore(EngineConfig config, NodeIdentity identity, Clock clock, SecureRandom random,
            CertificateValidator validator, Consumer<Output> out, EngineSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Engine engine = new Engine(config, identity, clock, random, validator, out);
        EngineState s = snapshot.state();
        engine.ctx.restoreNextId(s.getNextId());
        engine.router.restore(s);
        engine.replier.restore(s);
        engine.jobs.restore(s);
        engine.ctx.touch();
        return engine;
    }

    /**
     * The durable part of this engine's state now (docs/architecture.md, "Durable state"):
     * money and accepted jobs, and the id counter; not broadcast state, seen ids,
     * asks, offers not chosen, nor replies still being set up.
     *
     * <p>The write-ahead contract of a host that persists it:
     * <ol>
     *   <li>after every input (a call of any method of this engine that takes one, {@link #restore}
     *       included), if {@link #durableVersion()} changed, store {@code snapshot().encode()}
     *       durably (fsync, or a committed transaction) <em>before</em> executing any output of that
     *       input; an output may be executed, in order, only once the snapshot taken after its
     *       input is stored. A crash may then lose outputs, never state: the engine issues again
     *       what matters when restored;</li>
     *   <li>deliver wallet events at least once: acknowledge one to the wallet (or advance its
     *       subscription index) only once the snapshot after its input is stored, and after a
     *       restart deliver again those not acknowledged (InvoiceAccepted, InvoiceSettled,
     *       InvoiceCancelled, PaymentAccepted, PaymentSettled, PaymentFailed of this node's invoices
     *       and payments). The engine handles a repeated event as a no-op;</li>
     *   <li>on start, build the engine with {@link #restore} from the last stored snapshot (or
     *       {@link EngineSnapshot#empty()}), then follow rule 1 for it.</li>
     * </ol>
     * Frames, settler answers, proof-of-work results and timers of the crashed process need not
     * be delivered again; answers to calls made before the crash are ignored (ids are never reused).
     */
    public EngineSnapshot snapshot() {
        EngineState.Builder b = EngineState.newBuilder().setVersion(EngineSnapshot.VERSION)
                .setNextId(ctx.idCeiling());
        router.snapshot(b);
        replier.snapshot(b);
        jobs.snapshot(b);
        return new EngineSnapshot(b.build());
    }

    /**
     * A number that changes whenever the durable state ({@link #snapshot()}) may have changed: a
     * host stores a snapshot after an input only if this moved. Not stored itself; starts anew
     * with every engine.
     */
    public long durableVersion() {
        return ctx.durableVersion();
    }

    /** This node's id. */
    public PublicKey id() {
        return ctx.self();
    }

    // ---- inputs from the host ----

    /** A link to {@code peer} is up. */
    public void peerConnected(PublicKey peer) {
        ctx.peers.add(peer);
    }

    /** The link to {@code peer} is down. */
    public void peerDisconnected(PublicKey peer) {
        ctx.peers.remove(peer);
    }

    /** The peers connected now. */
    public List<PublicKey> peers() {
        return ctx.peers.all();
    }

    /** A decoded frame from a connected peer; frames from unknown peers are ignored. */
    public void onFrame(PublicKey from, Frame frame) {
        if (!ctx.peers.contains(from)) {
            return;
        }
        switch (frame) {
            case AskForBroadcastFrame f -> broadcaster.onAsk(from, f);
            case POWBroadcastConditionsFrame f -> broadcaster.onConditions(from, f);
            case AskDeclinedFrame f -> broadcaster.onDeclined(from, f);
            case POWBroadcastFrame f -> broadcaster.onBroadcast(from, f);
            case ReplyFrame f -> router.onReply(from, f);
        }
    }

    /** The result of a {@link Output.SolvePow} task. */
    public void onPowResult(long taskId, PowResult result) {
        broadcaster.onPowResult(taskId, result);
    }

    /** The host's wake-up call after an {@link Output.WakeUp}: runs due timers. */
    public void onWake() {
        ctx.timers.run(ctx.now());
    }

    /** An answer or notice from this node's wallet. */
    public void onWallet(WalletEvent event) {
        if (!jobs.onWallet(event) && !replier.onWallet(event)) {
            router.onWallet(event);
        }
    }

    /** An answer or notice from a settler. */
    public void onSettler(SettlerResponse response) {
        if (!replier.onSettler(response) && !jobs.onSettler(response)
                && response instanceof SettlerResponse.Refused r) {
            // e.g. a dispute or a confirmation the settler would not take: the user must know
            ctx.emit(new AppEvent.SettlerRefused(r.reason()));
        }
    }

    // ---- application commands ----

    /** Customer: post a job; returns its id. Offers arrive as {@link AppEvent.OfferReceived}. */
    public PayloadId postJob(Topic topic) {
        return jobs.post(topic);
    }

    /** Customer: the offers received so far. */
    public List<Offer> offers(PayloadId job) {
        return jobs.offers(job);
    }

    /** Customer: take an offer now (instead of waiting for the offer window with {@code autoChoose}). */
    public void acceptOffer(PayloadId job, int offer) {
        jobs.accept(job, offer);
    }

    /**
     * Customer: withdraw a job no offer of which is paid or being paid ({@link AppEvent.JobCancelled}).
     * The settlers of its offers are asked to call their gigs off.
     *
     * @throws IllegalArgumentException for a job this engine does not know (never posted, or ended and forgotten)
     * @throws IllegalStateException    for a job being paid, paid, or already ended
     */
    public void cancelJob(PayloadId job) {
        jobs.cancel(job);
    }

    /** Customer: the job is done; release the worker's payment. */
    public void confirmJob(PayloadId job) {
        jobs.confirm(job);
    }

    /**
     * Worker: answer the customer's open dispute of our job invoice {@code replyPaymentHash} with our
     * statement, kept by the settler as evidence for its administrator.
     *
     * @return false if we hold no live job invoice of that hash
     */
    public boolean answerDispute(org.giggossip.core.wire.Hash32 replyPaymentHash, String statement) {
        return replier.answerDispute(replyPaymentHash, statement);
    }

    /** Customer: dispute the job; the settler holds the payment. */
    public void openDispute(PayloadId job, String reason) {
        jobs.dispute(job, reason);
    }

    /** Worker: answer a topic received earlier ({@link AppEvent.TopicReceived}). */
    public boolean reply(PayloadId job, WorkerPolicy.Bid bid) {
        Received r = received.remove(job);
        if (r == null) {
            return false;
        }
        for (byte[] onion : r.onions) {
            replier.reply(r.request, onion, bid); // one offer per route the topic came by (3.6)
        }
        return true;
    }

    /**
     * Worker: withdraw our offer whose job invoice has payment hash {@code replyPaymentHash}
     * ({@link AppEvent.ReplySent}) before the customer pays it: our settler is asked to call the gig
     * off (it cancels its network invoice and tells the customer) and our job invoice is cancelled
     * ({@link AppEvent.JobPaymentCancelled}).
     *
     * @throws IllegalArgumentException for a payment hash that names no offer of ours still pending
     * @throws IllegalStateException    once the customer's job payment is accepted or the offer ended
     */
    public void withdrawReply(org.giggossip.core.wire.Hash32 replyPaymentHash) {
        replier.withdraw(replyPaymentHash);
    }

    // ---- internals ----

    /** A topic held for the application, with the onion of each copy taken (at most {@code repliesPerTopic}). */
    private record Received(SignedRequestPayload request, List<byte[]> onions) {}

    /** Topics the application may still answer, until they are forgotten. */
    private final java.util.Map<PayloadId, Received> received = new java.util.HashMap<>();

    /** The first copy of a topic; returns whether we answer it (and so take further copies of it). */
    private boolean onTopic(BroadcastPayload payload) {
        var request = payload.signedRequestPayload();
        Topic topic = request.payload().topic();
        ctx.emit(new AppEvent.TopicReceived(request.payloadId(), topic));
        var bid = ctx.config.workerPolicy().bid(topic, ctx.now());
        if (bid.isPresent()) {
            replier.reply(request, payload.backwardOnion(), bid.get());
            return true;
        } else if (ctx.config.appReplyWindow().isPresent() && ctx.config.settler().isPresent()) {
            PayloadId id = request.payloadId();
            List<byte[]> onions = new ArrayList<>();
            onions.add(payload.backwardOnion());
            received.put(id, new Received(request, onions));
            ctx.timers.at(ctx.now().plus(ctx.config.appReplyWindow().get()), () -> received.remove(id));
            return true;
        }
        return false;
    }

    /**
     * Another copy of a topic we answer, over another route: one more offer, with its own network
     * fee, for the customer to choose from (3.6). Our policy bids again (it may bid otherwise now);
     * for the application, the copy's onion is kept with the topic until it replies.
     */
    private void onCopy(BroadcastPayload payload) {
        var request = payload.signedRequestPayload();
        Received held = received.get(request.payloadId());
        if (held != null) {
            held.onions.add(payload.backwardOnion());
            return;
        }
        ctx.config.workerPolicy().bid(request.payload().topic(), ctx.now())
                .ifPresent(bid -> replier.reply(request, payload.backwardOnion(), bid));
    }

    /** Protocol state entries held (asks, seen ids, chains, jobs): for memory accounting. */
    public int stateSize() {
        return broadcaster.stateSize() + router.stateSize() + replier.stateSize() + jobs.stateSize()
                + received.size() + ctx.timers.size();
    }
}
