package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.onion.BackwardOnion;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.Target;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ProofOfWork;
import org.giggossip.core.wire.Signer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcast half of the engine (seed 000, 3.3 to 3.6), stepped by hand:
 * every frame between a customer A, a middleman B and B's other peers C and D,
 * and every check a middleman makes, cheapest first.
 */
class EngineBroadcastTest {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final double DIFFICULTY = 16;

    final FakeClock clock = new FakeClock(T0);
    final SecureRandom random = TestRandom.seeded(42);
    final PrivateKey caKey = PrivateKey.generate(random);
    final CertificateAuthority ca = new CertificateAuthority(Signer.of(caKey, random), "https://settler.example/");
    final TrustStore trust = new TrustStore(Set.of(ca.id()));
    final CertificateValidator validator = new CertificateValidator(trust, clock);
    final EngineConfig config = EngineConfig.builder().fanout(2).powDifficulty(DIFFICULTY).build();

    Node a;
    Node b;
    Node c;
    Node d;

    /** An engine and everything it emitted. */
    final class Node {
        final PrivateKey key = PrivateKey.generate(random);
        final List<Output> out = new ArrayList<>();
        final Engine engine;

        Node(EngineConfig cfg) {
            var cert = ca.issue(++serials, key.publicKey(), Map.of(), T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(365)));
            engine = new Engine(cfg, new NodeIdentity(key, Signer.of(key, random), cert), clock, random, validator,
                    out::add);
        }

        PublicKey id() {
            return key.publicKey();
        }

        <T extends Frame> List<T> sent(Class<T> kind, PublicKey to) {
            return out.stream().filter(o -> o instanceof Output.Send s && s.peer().equals(to)
                    && kind.isInstance(s.frame())).map(o -> kind.cast(((Output.Send) o).frame())).toList();
        }

        <T extends AppEvent> List<T> events(Class<T> kind) {
            return out.stream().filter(o -> o instanceof Output.Event e && kind.isInstance(e.event()))
                    .map(o -> kind.cast(((Output.Event) o).event())).toList();
        }

        Output.SolvePow lastSolve() {
            return out.stream().filter(o -> o instanceof Output.SolvePow).map(o -> (Output.SolvePow) o)
                    .reduce((x, y) -> y).orElseThrow();
        }
    }

    long serials;

    @BeforeEach
    void network() {
        a = new Node(config);
        b = new Node(config);
        c = new Node(config);
        d = new Node(config);
        link(a, b);
        link(b, c);
        link(b, d);
    }

    static void link(Node x, Node y) {
        x.engine.peerConnected(y.id());
        y.engine.peerConnected(x.id());
    }

    static TaxiTopic topic(String from) {
        return new TaxiTopic(from, "r3gx2u", T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(20)));
    }

    static PowResult.Found solve(Output.SolvePow task) {
        PowHasher h = new PowHasher();
        h.setPayload(task.payload());
        for (long nonce = 0; ; nonce++) {
            if (h.meets(nonce, task.target())) {
                return new PowResult.Found(nonce, h.copyWork(), nonce + 1);
            }
        }
    }

    /** A posts a job and B gets as far as receiving A's proof-of-work broadcast. */
    POWBroadcastFrame broadcastFromAToB() {
        a.engine.postJob(topic("r3gx2g5"));
        AskForBroadcastFrame ask = a.sent(AskForBroadcastFrame.class, b.id()).getFirst();
        b.engine.onFrame(a.id(), ask);
        POWBroadcastConditionsFrame conditions = b.sent(POWBroadcastConditionsFrame.class, a.id()).getFirst();
        a.engine.onFrame(b.id(), conditions);
        Output.SolvePow task = a.lastSolve();
        a.engine.onPowResult(task.taskId(), solve(task));
        return a.sent(POWBroadcastFrame.class, b.id()).getFirst();
    }

    @Test
    void aPostedJobAsksItsPeersAndTheMiddlemanAnswersWithItsConditions() {
        PayloadId job = a.engine.postJob(topic("r3gx2g5"));
        assertThat(a.events(AppEvent.JobPosted.class)).extracting(AppEvent.JobPosted::job).containsExactly(job);
        List<AskForBroadcastFrame> asks = a.sent(AskForBroadcastFrame.class, b.id());
        assertThat(asks).hasSize(1);
        assertThat(asks.getFirst().signedRequestPayload().payloadId()).isEqualTo(job);

        b.engine.onFrame(a.id(), asks.getFirst());
        POWBroadcastConditionsFrame conditions = b.sent(POWBroadcastConditionsFrame.class, a.id()).getFirst();
        assertThat(conditions.askId()).isEqualTo(asks.getFirst().askId());
        assertThat(conditions.validTill()).isEqualTo(T0.plus(config.conditionsTtl()));
        assertThat(conditions.timestampTolerance()).isEqualTo(config.timestampTolerance());
        assertThat(conditions.replyFeeMsat()).isEqualTo(config.replyFeeMsat());
        assertThat(Target.parse(conditions.workRequest().powTarget())).contains(config.powTarget());
    }

    @Test
    void theOriginatorSolvesOverAPayloadWithAFixedSizeOnionSealedToThePeer() {
        POWBroadcastFrame frame = broadcastFromAToB();
        BroadcastPayload payload = frame.broadcastPayload();
        assertThat(payload.backwardOnion()).hasSize(BackwardOnion.DEFAULT.format().size());
        assertThat(payload.timestamp()).isEqualTo(T0);
        assertThat(a.lastSolve().payload()).isEqualTo(payload.encoded());
        assertThat(a.events(AppEvent.TopicRelayed.class)).hasSize(1);
    }

    @Test
    void aMiddlemanAcceptsAValidBroadcastAndRelaysItToItsOtherPeers() {
        POWBroadcastFrame frame = broadcastFromAToB();
        b.engine.onFrame(a.id(), frame);
        assertThat(b.events(AppEvent.FrameRejected.class)).isEmpty();
        assertThat(b.events(AppEvent.TopicReceived.class)).hasSize(1);
        assertThat(b.sent(AskForBroadcastFrame.class, c.id())).hasSize(1);
        assertThat(b.sent(AskForBroadcastFrame.class, d.id())).hasSize(1);
        assertThat(b.sent(AskForBroadcastFrame.class, a.id())).as("never back to the sender").isEmpty();
    }

    @Test
    void aReplayedBroadcastIsRejectedBecauseItsConditionsWereUsed() {
        POWBroadcastFrame frame = broadcastFromAToB();
        b.engine.onFrame(a.id(), frame);
        b.engine.onFrame(a.id(), frame);
        assertThat(b.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.UNSOLICITED));
        assertThat(b.events(AppEvent.TopicReceived.class)).hasSize(1);
    }

    @Test
    void wrongWorkIsRejectedFatallyBeforeAnyOtherCheck() {
        POWBroadcastFrame frame = broadcastFromAToB();
        var pow = frame.proofOfWork();
        long bad = pow.nonce();
        PowHasher h = new PowHasher();
        h.setPayload(frame.broadcastPayload().encoded());
        do {
            bad++;
        } while (h.meets(bad, config.powTarget()));
        b.engine.onFrame(a.id(), new POWBroadcastFrame(frame.askId(), frame.broadcastPayload(),
                new ProofOfWork(pow.powScheme(), pow.powTarget(), bad)));
        assertThat(b.events(AppEvent.FrameRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.BAD_POW);
            assertThat(r.penalty().severity()).isEqualTo(Penalty.Severity.FATAL);
        });
        assertThat(b.out).anySatisfy(o -> assertThat(o).isEqualTo(new Output.Disconnect(a.id(),
                Penalty.fatal(Penalty.Reason.BAD_POW, "proof-of-work does not meet the required target"))));
        assertThat(b.events(AppEvent.TopicReceived.class)).isEmpty();
    }

    @Test
    void aBroadcastArrivingAfterItsTimestampToleranceIsRejected() {
        // E's conditions stay valid 10 s, but it accepts timestamps at most 2 s old
        Node e = new Node(config.toBuilder().timestampTolerance(Duration.ofSeconds(2)).build());
        link(a, e);
        a.engine.postJob(topic("r3gx2g5"));
        // A has two peers and a fanout of 2: it asks both
        AskForBroadcastFrame ask = a.sent(AskForBroadcastFrame.class, e.id()).getFirst();
        e.engine.onFrame(a.id(), ask);
        a.engine.onFrame(e.id(), e.sent(POWBroadcastConditionsFrame.class, a.id()).getFirst());
        Output.SolvePow task = a.lastSolve();
        a.engine.onPowResult(task.taskId(), solve(task));
        POWBroadcastFrame late = a.sent(POWBroadcastFrame.class, e.id()).getFirst();
        clock.advance(Duration.ofSeconds(3));
        e.engine.onFrame(a.id(), late);
        assertThat(e.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.STALE_TIMESTAMP));
        assertThat(e.events(AppEvent.TopicReceived.class)).isEmpty();
    }

    @Test
    void aSecondAskForARelayedPayloadIsDeclined() {
        POWBroadcastFrame frame = broadcastFromAToB();
        b.engine.onFrame(a.id(), frame);
        // C relays the same request back to B
        AskForBroadcastFrame again = new AskForBroadcastFrame(org.giggossip.core.wire.AskId.random(random),
                frame.broadcastPayload().signedRequestPayload());
        b.engine.onFrame(c.id(), again);
        assertThat(b.sent(AskDeclinedFrame.class, c.id())).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(DeclineReason.ALREADY_BROADCAST));
    }

    @Test
    void aTopicMorePreciseThanThePolicyAllowsIsDeclined() {
        a.engine.postJob(topic("r3gx2g5"));
        var signed = a.sent(AskForBroadcastFrame.class, b.id()).getFirst().signedRequestPayload();
        Node strict = new Node(config.toBuilder().topicPolicy(
                org.giggossip.core.topic.TopicPolicy.builder().maxTaxiPrecision(5).build()).build());
        link(a, strict);
        strict.engine.onFrame(a.id(), new AskForBroadcastFrame(org.giggossip.core.wire.AskId.random(random), signed));
        assertThat(strict.sent(AskDeclinedFrame.class, a.id())).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(DeclineReason.GEOHASH_TOO_PRECISE));
    }

    @Test
    void aRevokedSenderIsRejectedAfterTheWorkChecks() {
        POWBroadcastFrame frame = broadcastFromAToB();
        var cert = frame.broadcastPayload().signedRequestPayload().payload().senderCertificate();
        trust.offer(ca.revocationList(1, T0, List.of(cert.id())));
        b.engine.onFrame(a.id(), frame);
        assertThat(b.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.CERTIFICATE_REVOKED));
        assertThat(b.events(AppEvent.TopicReceived.class)).isEmpty();
    }

    @Test
    void theApplicationCanAnswerATopicWithinItsReplyWindowOnly() {
        PublicKey settlerId = caKey.publicKey();
        Node worker = new Node(config.toBuilder().settler(settlerId).appReplyWindow(Duration.ofMinutes(1)).build());
        Node plain = new Node(config.toBuilder().settler(settlerId).build());
        Node customer = new Node(config);
        for (Node x : List.of(worker, plain)) {
            link(customer, x); // its only two peers: with fanout 2 it asks both
        }
        PayloadId job = customer.engine.postJob(topic("r3gx2g5"));
        for (Node x : List.of(worker, plain)) {
            x.engine.onFrame(customer.id(), customer.sent(AskForBroadcastFrame.class, x.id()).getFirst());
            customer.engine.onFrame(x.id(), x.sent(POWBroadcastConditionsFrame.class, customer.id()).getFirst());
            Output.SolvePow task = customer.lastSolve();
            customer.engine.onPowResult(task.taskId(), solve(task));
            x.engine.onFrame(customer.id(), customer.sent(POWBroadcastFrame.class, x.id()).getFirst());
        }
        var bid = new WorkerPolicy.Bid(20_000_000, "on my way".getBytes());
        assertThat(plain.engine.reply(job, bid)).as("no window: the topic was not kept").isFalse();
        assertThat(worker.engine.reply(job, bid)).isTrue();
        assertThat(worker.out).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(Output.Settler.class, s -> {
            assertThat(s.settler()).isEqualTo(settlerId);
            assertThat(s.request()).isInstanceOf(org.giggossip.core.settler.SettlerRequest.IssueReplyHash.class);
        }));
        assertThat(worker.engine.reply(job, bid)).as("one reply per topic").isFalse();
    }

    /** Asks {@code to} on {@code from}'s behalf with {@code request} and returns the conditions granted. */
    POWBroadcastConditionsFrame conditionsFor(Node from, Node to, org.giggossip.core.wire.SignedRequestPayload request) {
        AskForBroadcastFrame ask = new AskForBroadcastFrame(org.giggossip.core.wire.AskId.random(random), request);
        to.engine.onFrame(from.id(), ask);
        return to.sent(POWBroadcastConditionsFrame.class, from.id()).stream()
                .filter(x -> x.askId().equals(ask.askId())).findFirst().orElseThrow();
    }

    /** A broadcast of {@code payload} answering {@code conditions}, its proof of work solved for real. */
    static POWBroadcastFrame solved(POWBroadcastConditionsFrame conditions, BroadcastPayload payload) {
        Target target = Target.parse(conditions.workRequest().powTarget()).orElseThrow();
        PowResult.Found f = solve(new Output.SolvePow(0, payload.encoded(), target, conditions.validTill()));
        return new POWBroadcastFrame(conditions.askId(), payload,
                new ProofOfWork(conditions.workRequest().powScheme(), target.toByteArray(), f.nonce()));
    }

    /** A's signed request for a fresh job, as its ask to B carries it. */
    org.giggossip.core.wire.SignedRequestPayload requestOfA(String pickup) {
        a.engine.postJob(topic(pickup));
        return a.sent(AskForBroadcastFrame.class, b.id()).getLast().signedRequestPayload();
    }

    @Test
    void aWrongSizedOnionWithValidWorkIsRejectedBeforeRelaying() {
        var request = requestOfA("r3gx2g5");
        POWBroadcastConditionsFrame conditions = conditionsFor(a, b, request);
        byte[] shortOnion = new byte[BackwardOnion.DEFAULT.format().size() - 1];
        random.nextBytes(shortOnion);
        b.engine.onFrame(a.id(), solved(conditions, BroadcastPayload.create(request, shortOnion, T0)));
        assertThat(b.events(AppEvent.FrameRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.BAD_ONION);
            assertThat(r.penalty().severity()).isEqualTo(Penalty.Severity.FATAL);
        });
        assertThat(b.events(AppEvent.TopicReceived.class)).isEmpty();
        assertThat(b.sent(AskForBroadcastFrame.class, c.id())).as("not relayed").isEmpty();
    }

    @Test
    void anOnionLayerThatDoesNotAuthenticateForUsIsRejected() {
        var request = requestOfA("r3gx2g5");
        POWBroadcastConditionsFrame conditions = conditionsFor(a, b, request);
        // the right size, sealed by A, but to C: B cannot open it
        byte[] toC = BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(a.id(), random), a.id(), c.id(), random);
        b.engine.onFrame(a.id(), solved(conditions, BroadcastPayload.create(request, toC, T0)));
        assertThat(b.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.BAD_ONION));
        assertThat(b.events(AppEvent.TopicReceived.class)).isEmpty();
    }

    @Test
    void aProofIsBoundToItsHop() {
        // A's broadcast to B, with its proof, replayed by A to E under E's conditions (same target):
        // the layer sealed to B is in the hashed payload and does not open for E
        POWBroadcastFrame toB = broadcastFromAToB();
        Node e = new Node(config);
        link(a, e);
        POWBroadcastConditionsFrame conditions = conditionsFor(a, e, toB.broadcastPayload().signedRequestPayload());
        assertThat(conditions.workRequest().powTarget()).isEqualTo(toB.proofOfWork().powTarget());
        e.engine.onFrame(a.id(), new POWBroadcastFrame(conditions.askId(), toB.broadcastPayload(), toB.proofOfWork()));
        assertThat(e.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.BAD_ONION));
        assertThat(e.events(AppEvent.TopicReceived.class)).isEmpty();
        // the same proof is still good where it was made for
        b.engine.onFrame(a.id(), toB);
        assertThat(b.events(AppEvent.TopicReceived.class)).hasSize(1);
    }

    @Test
    void forgedAsksInAVictimsNameDoNotUseUpItsQuota() {
        Node limited = new Node(config.toBuilder().senderTopicsPerWindow(1).build());
        Node mallory = new Node(config);
        link(a, limited);
        link(mallory, limited);
        a.engine.postJob(topic("r3gx2g5"));
        AskForBroadcastFrame genuineAsk = a.sent(AskForBroadcastFrame.class, limited.id()).getFirst();
        var genuine = genuineAsk.signedRequestPayload();
        // Mallory asks in A's name: A's certificate, Mallory's signature
        var body = new org.giggossip.core.wire.RequestPayload(PayloadId.random(random), topic("r3gx2g5"),
                genuine.payload().senderCertificate());
        byte[] bytes = body.encode();
        var forged = org.giggossip.core.wire.SignedRequestPayload.fromProto(
                org.giggossip.core.wire.proto.SignedRequestPayload.newBuilder()
                        .setRequestPayload(com.google.protobuf.ByteString.copyFrom(bytes))
                        .setSignature(com.google.protobuf.ByteString.copyFrom(Signer.of(mallory.key, random)
                                .signTagged(org.giggossip.core.wire.Tags.REQUEST_PAYLOAD, bytes)))
                        .build()).toOptional().orElseThrow();
        limited.engine.onFrame(mallory.id(), new AskForBroadcastFrame(org.giggossip.core.wire.AskId.random(random),
                forged));
        limited.engine.onFrame(a.id(), genuineAsk);
        assertThat(limited.sent(AskDeclinedFrame.class, a.id())).as("A's own topic is not declined").isEmpty();
        POWBroadcastConditionsFrame conditions = limited.sent(POWBroadcastConditionsFrame.class, a.id()).getFirst();
        a.engine.onFrame(limited.id(), conditions);
        Output.SolvePow task = a.lastSolve();
        a.engine.onPowResult(task.taskId(), solve(task));
        limited.engine.onFrame(a.id(), a.sent(POWBroadcastFrame.class, limited.id()).getFirst());
        assertThat(limited.events(AppEvent.TopicReceived.class)).hasSize(1);
        // a verified topic counts: A's next new topic is over the limit of one
        a.engine.postJob(topic("r3gx2g6"));
        limited.engine.onFrame(a.id(), a.sent(AskForBroadcastFrame.class, limited.id()).getLast());
        assertThat(limited.sent(AskDeclinedFrame.class, a.id())).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(DeclineReason.OVERLOADED));
    }

    @Test
    void aBroadcastMustCarryTheRequestItsAskWasAbout() {
        Node strict = new Node(config.toBuilder().topicPolicy(
                org.giggossip.core.topic.TopicPolicy.builder().maxTaxiPrecision(6).build()).build());
        link(a, strict);
        link(strict, c);
        // A asks with a topic the policy allows, then broadcasts another request under the same payload id
        var allowed = requestOfA("r3gx2g");
        POWBroadcastConditionsFrame conditions = conditionsFor(a, strict, allowed);
        var precise = org.giggossip.core.wire.SignedRequestPayload.sign(new org.giggossip.core.wire.RequestPayload(
                allowed.payloadId(), topic("r3gx2g5"), allowed.payload().senderCertificate()),
                Signer.of(a.key, random));
        byte[] onion = BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(a.id(), random), a.id(), strict.id(),
                random);
        strict.engine.onFrame(a.id(), solved(conditions, BroadcastPayload.create(precise, onion, T0)));
        assertThat(strict.events(AppEvent.FrameRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.penalty().reason()).isEqualTo(Penalty.Reason.PAYLOAD_MISMATCH));
        assertThat(strict.events(AppEvent.TopicReceived.class)).isEmpty();
        assertThat(strict.sent(AskForBroadcastFrame.class, c.id())).as("not relayed").isEmpty();
    }

    @Test
    void theTopicPolicyIsCheckedAgainOnTheBroadcast() {
        // a pickup window that ends 5 s after the ask: in policy then, over when the broadcast comes
        a.engine.postJob(new TaxiTopic("r3gx2g5", "r3gx2u", T0.minus(Duration.ofMinutes(5)),
                T0.plus(Duration.ofSeconds(5))));
        var request = a.sent(AskForBroadcastFrame.class, b.id()).getFirst().signedRequestPayload();
        POWBroadcastConditionsFrame conditions = conditionsFor(a, b, request);
        clock.advance(Duration.ofSeconds(6));
        byte[] onion = BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(a.id(), random), a.id(), b.id(),
                random);
        b.engine.onFrame(a.id(), solved(conditions, BroadcastPayload.create(request, onion, clock.instant())));
        assertThat(b.events(AppEvent.FrameIgnored.class)).singleElement()
                .satisfies(x -> assertThat(x.reason()).startsWith("pickup window ended"));
        assertThat(b.events(AppEvent.FrameRejected.class)).as("an honest race: no penalty").isEmpty();
        assertThat(b.events(AppEvent.TopicReceived.class)).isEmpty();
        assertThat(b.sent(AskForBroadcastFrame.class, c.id())).as("not relayed").isEmpty();
    }

    @Test
    void framesFromUnconnectedPeersAreIgnored() {
        POWBroadcastFrame frame = broadcastFromAToB();
        Node stranger = new Node(config);
        b.out.clear();
        b.engine.onFrame(stranger.id(), frame);
        assertThat(b.out).isEmpty();
    }

    @Test
    void sameSeedSameOutputs() {
        assertThat(run(7)).isEqualTo(run(7)).isNotEqualTo(run(8));
    }

    private static List<String> run(long seed) {
        SecureRandom r = TestRandom.seeded(seed);
        FakeClock clock = new FakeClock(T0);
        PrivateKey ca = PrivateKey.generate(r);
        CertificateAuthority authority = new CertificateAuthority(Signer.of(ca, r), "");
        PrivateKey key = PrivateKey.generate(r);
        var cert = authority.issue(1, key.publicKey(), Map.of(), T0, T0.plus(Duration.ofDays(1)));
        List<Output> out = new ArrayList<>();
        Engine e = new Engine(EngineConfig.defaults(), new NodeIdentity(key, Signer.of(key, r), cert), clock, r,
                new CertificateValidator(new TrustStore(Set.of(authority.id())), clock), out::add);
        for (int i = 0; i < 5; i++) {
            e.peerConnected(PrivateKey.generate(r).publicKey());
        }
        e.postJob(topic("r3gx2g5"));
        return out.stream().map(o -> o instanceof Output.Send s
                ? s.peer() + ":" + org.giggossip.core.util.Hex.encode(org.giggossip.core.wire.FrameCodec.encode(s.frame()))
                : o.toString()).toList();
    }
}
