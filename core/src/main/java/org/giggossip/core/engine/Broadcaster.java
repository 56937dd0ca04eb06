package org.giggossip.core.engine;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.onion.OnionFormat;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.PowVerifier;
import org.giggossip.core.pow.Target;
import org.giggossip.core.pow.TimestampWindow;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ProofOfWork;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.WorkRequest;

/**
 * The broadcast half of the protocol (seed 000, 3.3 to 3.6): asking peers for
 * conditions, answering asks, solving and checking proofs of work, and relaying
 * accepted topics to {@code fanout} peers with the backward onion grown by one
 * layer sealed to each. Accepted topics go to a listener (the worker and the
 * reply router need their onion).
 */
final class Broadcaster {

    /**
     * Conditions we gave a peer and wait for the proof of work on (3.6), with the SHA-256 of the
     * request payload asked about: the broadcast must carry that very request, not only its id.
     */
    private record Granted(PublicKey peer, PayloadId payloadId, byte[] requestDigest, Target target,
            Duration tolerance, Instant validTill) {}

    /** A topic we are relaying: who to ask next and how many acceptances we still need. */
    private static final class Relay {
        final SignedRequestPayload request;
        final byte[] onion;
        final ArrayDeque<PublicKey> candidates;
        int wanted;
        int sent;

        Relay(SignedRequestPayload request, byte[] onion, List<PublicKey> candidates, int wanted) {
            this.request = request;
            this.onion = onion;
            this.candidates = new ArrayDeque<>(candidates);
            this.wanted = wanted;
        }
    }

    /** An ask we sent and wait for the answer to until {@code deadline}. */
    private record Asked(PublicKey peer, Relay relay, Instant deadline) {}

    /** A proof of work being solved for a peer's conditions. */
    private record Solving(AskId askId, PublicKey peer, Relay relay, BroadcastPayload payload, Target target) {}

    /**
     * What we know of a payload id (3.3, 3.6): times relayed, copies handed to the listener (each
     * came over another route), whether the listener answers the topic (and so takes further
     * copies, up to {@code repliesPerTopic}), and when to forget it.
     */
    private static final class Seen {
        int relays;
        int copies;
        boolean answering;
        final Instant forgetAt;

        Seen(Instant forgetAt) {
            this.forgetAt = forgetAt;
        }
    }

    private final NodeContext ctx;
    private final TopicListener onAccepted;
    private final Map<AskId, Granted> granted = new HashMap<>();
    private final Map<AskId, Asked> asked = new HashMap<>();
    private final Map<Long, Solving> solving = new HashMap<>();
    private final Map<PayloadId, Seen> seen = new HashMap<>();
    private final SenderLimiter limiter;
    /** When the one pending sweep runs, or null. */
    private Instant sweepAt;
    /** How late a sweep may run after the first deadline it serves, to batch deadlines. */
    static final java.time.Duration SWEEP_SLACK = java.time.Duration.ofSeconds(1);

    /** Receives the topics we accept: the first copy of each, and further copies of those it answers. */
    interface TopicListener {
        /** The first copy of a topic; returns whether we answer it, and so take further copies of it. */
        boolean first(PublicKey from, BroadcastPayload payload);

        /** Another copy of a topic we answer, over another route (at most {@code repliesPerTopic - 1}). */
        void again(PublicKey from, BroadcastPayload payload);
    }

    Broadcaster(NodeContext ctx, TopicListener onAccepted) {
        this.ctx = ctx;
        this.onAccepted = onAccepted;
        this.limiter = new SenderLimiter(ctx.config.senderTopicsPerWindow(), ctx.config.senderWindow());
    }

    // ---- originator side ----

    /**
     * Starts relaying {@code request} with {@code onion} (sealed to us) to
     * {@code fanout} random peers other than {@code from} (3.6).
     */
    void relay(SignedRequestPayload request, byte[] onion, PublicKey from) {
        List<PublicKey> candidates = ctx.peers.shuffledExcept(from == null ? Set.of() : Set.of(from), ctx.random);
        Relay relay = new Relay(request, onion, candidates, ctx.config.fanout());
        int asks = Math.min(relay.wanted, candidates.size());
        for (int i = 0; i < asks; i++) {
            askNext(relay);
        }
    }

    private void askNext(Relay relay) {
        PublicKey peer = relay.candidates.pollFirst();
        if (peer == null) {
            return;
        }
        AskId askId = AskId.random(ctx.random);
        Instant deadline = ctx.now().plus(ctx.config.askTimeout());
        asked.put(askId, new Asked(peer, relay, deadline));
        ctx.send(peer, new AskForBroadcastFrame(askId, relay.request));
        sweepBy(deadline);
    }

    void onConditions(PublicKey from, POWBroadcastConditionsFrame conditions) {
        Asked a = asked.get(conditions.askId());
        if (a == null || !a.peer.equals(from)) {
            ctx.judge(from, FrameKind.POW_BROADCAST_CONDITIONS, Verdict.ignore("conditions for no ask of ours"));
            return;
        }
        asked.remove(conditions.askId());
        Instant now = ctx.now();
        Verdict acceptable = acceptable(conditions, now);
        if (!acceptable.isAccepted()) {
            ctx.judge(from, FrameKind.POW_BROADCAST_CONDITIONS, acceptable);
            askNext(a.relay);
            return;
        }
        Target target = Target.parse(conditions.workRequest().powTarget()).orElseThrow();
        byte[] layer = ReturnPath.wrap(a.relay.onion, ctx.self(), from, ctx.random);
        BroadcastPayload payload = BroadcastPayload.create(a.relay.request, layer, now);
        long task = ctx.nextId();
        solving.put(task, new Solving(conditions.askId(), from, a.relay, payload, target));
        ctx.solve(new Output.SolvePow(task, payload.encoded(), target, conditions.validTill()));
    }

    /** Whether we will do the work a peer asks (scheme, difficulty, fee, times). */
    private Verdict acceptable(POWBroadcastConditionsFrame c, Instant now) {
        if (PowScheme.fromWireName(c.workRequest().powScheme()).isEmpty()) {
            return Verdict.ignore("unknown proof-of-work scheme " + c.workRequest().powScheme());
        }
        var target = Target.parse(c.workRequest().powTarget());
        if (target.isEmpty()) {
            return Verdict.reject(Reason.BAD_POW, Severity.MAJOR, "malformed proof-of-work target");
        }
        if (target.get().difficulty() > ctx.config.maxPowDifficulty()) {
            return Verdict.ignore("proof of work too hard: difficulty " + (long) target.get().difficulty()
                    + " > " + (long) ctx.config.maxPowDifficulty());
        }
        if (c.replyFeeMsat() > ctx.config.maxPeerFeeMsat()) {
            return Verdict.ignore("reply fee too high: " + c.replyFeeMsat() + " msat");
        }
        if (!c.validTill().isAfter(now)) {
            return Verdict.ignore("conditions already expired");
        }
        return Verdict.accept();
    }

    void onDeclined(PublicKey from, AskDeclinedFrame declined) {
        Asked a = asked.get(declined.askId());
        if (a == null || !a.peer.equals(from)) {
            ctx.judge(from, FrameKind.ASK_DECLINED, Verdict.ignore("decline for no ask of ours"));
            return;
        }
        asked.remove(declined.askId());
        ctx.emit(new AppEvent.AskDeclined(a.relay.request.payloadId(), from,
                declined.reason() + (declined.text().isEmpty() ? "" : ": " + declined.text())));
        askNext(a.relay);
    }

    void onPowResult(long taskId, PowResult result) {
        Solving s = solving.remove(taskId);
        if (s == null) {
            return;
        }
        switch (result) {
            case PowResult.Found f -> {
                var proof = new ProofOfWork(PowScheme.SHA256.wireName(), s.target.toByteArray(), f.nonce());
                ctx.send(s.peer, new POWBroadcastFrame(s.askId, s.payload, proof));
                s.relay.sent++;
                if (s.relay.sent == 1 || s.relay.sent == s.relay.wanted) {
                    ctx.emit(new AppEvent.TopicRelayed(s.relay.request.payloadId(), s.relay.sent));
                }
            }
            case PowResult.Expired e -> {
                ctx.emit(new AppEvent.PowFailed(s.relay.request.payloadId(), "conditions expired before the work"));
                askNext(s.relay);
            }
            case PowResult.Cancelled c -> askNext(s.relay);
        }
    }

    // ---- middleman side ----

    void onAsk(PublicKey from, AskForBroadcastFrame ask) {
        if (granted.containsKey(ask.askId())) {
            ctx.judge(from, FrameKind.ASK_FOR_BROADCAST,
                    Verdict.reject(Reason.REPLAY, Severity.MINOR, "ask id reused"));
            return;
        }
        Instant now = ctx.now();
        SignedRequestPayload request = ask.signedRequestPayload();
        Verdict policy = ctx.config.topicPolicy().evaluate(request.payload().topic(), now);
        if (!policy.isAccepted()) {
            ctx.send(from, ask.decline(declineReason(request, policy), reason(policy)));
            return;
        }
        Seen s = seen.get(request.payloadId());
        if (s != null && !wanted(s)) {
            ctx.send(from, ask.decline(DeclineReason.ALREADY_BROADCAST, "relayed " + s.relays + " times"));
            return;
        }
        // only tested here: the ask's sender is not verified yet, the verified broadcast counts
        if (s == null && !limiter.wouldAllow(request.payload().senderCertificate().subject(), now)) {
            ctx.send(from, ask.decline(DeclineReason.OVERLOADED, "too many topics from this sender"));
            return;
        }
        Instant validTill = now.plus(ctx.config.conditionsTtl());
        Target target = ctx.config.powTarget();
        granted.put(ask.askId(), new Granted(from, request.payloadId(), requestDigest(request), target,
                ctx.config.timestampTolerance(), validTill));
        sweepBy(validTill);
        ctx.send(from, ask.conditions(validTill, new WorkRequest(PowScheme.SHA256.wireName(), target.toByteArray()),
                ctx.config.timestampTolerance(), ctx.config.replyFeeMsat()));
    }

    private static byte[] requestDigest(SignedRequestPayload request) {
        return Sha256.hash(request.bodyBytes());
    }

    private static DeclineReason declineReason(SignedRequestPayload request, Verdict policy) {
        String reason = reason(policy);
        if (request.payload().topic() instanceof TaxiTopic && reason.contains("precis")) {
            return DeclineReason.GEOHASH_TOO_PRECISE;
        }
        return DeclineReason.TOPIC_NOT_ACCEPTED;
    }

    private static String reason(Verdict v) {
        return switch (v) {
            case Verdict.Accept a -> "";
            case Verdict.Ignore i -> i.reason();
            case Verdict.Reject r -> r.penalty().detail();
        };
    }

    /**
     * Checks a broadcast, cheapest first (docs/style.md 7): our open conditions,
     * proof of work, timestamp window, that it carries the request asked about
     * (its id and its bytes), that its onion is a layer the sending peer sealed
     * to us, then signature, certificate and revocation, the topic policy again,
     * the per-sender limit (counted only now, for a verified sender), then dedup
     * by payload id. Never throws on what the peer sent: every fault is a
     * verdict.
     */
    void onBroadcast(PublicKey from, POWBroadcastFrame frame) {
        Granted g = granted.get(frame.askId());
        if (g == null || !g.peer.equals(from)) {
            ctx.judge(from, FrameKind.POW_BROADCAST, Verdict.reject(Reason.UNSOLICITED, Severity.MINOR,
                    "no open conditions for this ask"));
            return;
        }
        granted.remove(frame.askId());
        if (ctx.now().isAfter(g.validTill)) {
            ctx.judge(from, FrameKind.POW_BROADCAST, Verdict.ignore("conditions expired at " + g.validTill));
            return;
        }
        BroadcastPayload payload = frame.broadcastPayload();
        var pow = frame.proofOfWork();
        Verdict v = new PowVerifier(PowScheme.SHA256, g.target)
                .verify(payload.encoded(), pow.powScheme(), pow.powTarget(), pow.nonce())
                .and(() -> new TimestampWindow(ctx.clock, g.tolerance).check(payload.timestamp()))
                .and(() -> payload.signedRequestPayload().payloadId().equals(g.payloadId)
                        && MessageDigest.isEqual(requestDigest(payload.signedRequestPayload()), g.requestDigest)
                        ? Verdict.accept()
                        : Verdict.reject(Reason.PAYLOAD_MISMATCH, Severity.MAJOR,
                                "broadcast payload is not the one asked about"))
                .and(() -> ReturnPath.sealedToUsBy(payload.backwardOnion(), ctx.identity.key(), from)
                        ? Verdict.accept()
                        : Verdict.reject(Reason.BAD_ONION, Severity.FATAL,
                                "the onion is not a " + OnionFormat.DEFAULT.size()
                                        + "-byte layer sealed to us by the sender"))
                .and(() -> ctx.validator.validateRequestPayload(payload.signedRequestPayload(),
                        ctx.config.requiredSenderProperties()))
                .and(() -> ctx.config.topicPolicy().evaluate(payload.signedRequestPayload().payload().topic(),
                        ctx.now()));
        if (!ctx.judge(from, FrameKind.POW_BROADCAST, v)) {
            return;
        }
        PayloadId id = g.payloadId;
        Seen s = seen.get(id);
        if (s == null && !limiter.allow(payload.signedRequestPayload().payload().senderCertificate().subject(),
                ctx.now())) {
            ctx.judge(from, FrameKind.POW_BROADCAST, Verdict.ignore("too many topics from this sender"));
            return;
        }
        if (s == null) {
            Instant forget = ctx.now().plus(ctx.config.seenRetention());
            s = new Seen(forget);
            seen.put(id, s);
            sweepBy(forget);
        }
        if (!wanted(s)) {
            ctx.judge(from, FrameKind.POW_BROADCAST, Verdict.ignore("payload relayed already"));
            return;
        }
        if (s.copies == 0) {
            s.copies++;
            s.answering = onAccepted.first(from, payload);
        } else if (takesCopy(s)) {
            s.copies++;
            onAccepted.again(from, payload);
        }
        if (s.relays < ctx.config.multibroadcast()) {
            s.relays++;
            relay(payload.signedRequestPayload(), payload.backwardOnion(), from);
        }
    }

    /**
     * Whether we take another copy of a payload we saw: to relay it again ({@code multibroadcast},
     * the routes of one topic through us), or to answer it once more over this copy's route
     * ({@code repliesPerTopic}). Both counts only grow, so a flood of copies gets no further.
     */
    private boolean wanted(Seen s) {
        return s.relays < ctx.config.multibroadcast() || takesCopy(s);
    }

    private boolean takesCopy(Seen s) {
        return s.answering && s.copies < ctx.config.repliesPerTopic();
    }

    /** Marks our own payload as seen so that it is not relayed back to us (3.3). */
    void markOwn(PayloadId id, Instant until) {
        Seen s = new Seen(until);
        s.relays = ctx.config.multibroadcast();
        s.copies = 1;
        seen.put(id, s);
        sweepBy(until);
    }

    /**
     * Makes sure a sweep runs at {@code deadline} or up to {@link #SWEEP_SLACK}
     * later. One timer per node serves every ask, grant and seen payload id, so
     * a flood through a million simulated nodes does not hold a timer (and the
     * onion it captured) per entry.
     */
    private void sweepBy(Instant deadline) {
        if (sweepAt != null && !sweepAt.isAfter(deadline.plus(SWEEP_SLACK))) {
            return;
        }
        Instant at = deadline.plus(SWEEP_SLACK);
        sweepAt = at;
        ctx.timers.at(at, () -> {
            if (at.equals(sweepAt)) {
                sweepAt = null;
                sweep();
            }
        });
    }

    /** Expires what is due: unanswered asks (asking the next peer), stale grants, forgotten payload ids. */
    private void sweep() {
        Instant now = ctx.now();
        Instant next = null;
        List<Relay> retry = new java.util.ArrayList<>();
        for (var it = asked.values().iterator(); it.hasNext(); ) {
            Asked a = it.next();
            if (!now.isBefore(a.deadline)) {
                it.remove();
                retry.add(a.relay);
            } else {
                next = earlier(next, a.deadline);
            }
        }
        for (var it = granted.values().iterator(); it.hasNext(); ) {
            Granted g = it.next();
            if (now.isAfter(g.validTill)) {
                it.remove();
            } else {
                next = earlier(next, g.validTill);
            }
        }
        for (var it = seen.values().iterator(); it.hasNext(); ) {
            Seen s = it.next();
            if (!now.isBefore(s.forgetAt)) {
                it.remove();
            } else {
                next = earlier(next, s.forgetAt);
            }
        }
        retry.forEach(this::askNext);
        if (next != null) {
            sweepBy(next);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** Entries held, for memory accounting. */
    int stateSize() {
        return granted.size() + asked.size() + solving.size() + seen.size();
    }
}
