package org.giggossip.bench.net;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.engine.Engine;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.Output;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.WorkRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One middleman {@link Engine} (B, fanout 2) fed valid POWBroadcast frames from
 * a peer A (seed 000, 3.6), with two more peers C and D to relay to. Each
 * iteration is one batch of {@value #TOPICS} distinct topics, prepared in the
 * set-up by a real customer engine A (signed request, certificate, onion, proof
 * of work) and kept as wire bytes; the measured part is B's work only:
 * <ul>
 *   <li>{@code stage=broadcast}: decode each POWBroadcast and pass it to B, which
 *       checks it (open conditions, proof of work, timestamp window, payload id,
 *       signature, certificate) and relays it: an AskForBroadcast to C and to D,
 *       encoded for the wire. B answered the asks in the set-up.
 *   <li>{@code stage=middleman}: all of B's work per topic: A's ask (conditions
 *       back), A's POWBroadcast (checked, asks to C and D), C's and D's conditions
 *       (an onion layer sealed to each, a proof of work to solve), both proofs
 *       solved on this thread, and a POWBroadcast to C and to D. Frames cross the
 *       wire as bytes, as in the daemon.
 * </ul>
 * Every node's proof-of-work target is difficulty {@value #EASY} (every nonce
 * meets it) so that the numbers are verification and relaying, not solving; the
 * check itself (hashing the ~3 KB payload) costs the same at any difficulty.
 * Each op is one topic; the tear-down fails the run unless every topic was
 * accepted and relayed to both peers. Single-shot batches, so run with several
 * iterations, e.g. {@code bench/jmh.sh RelayBenchmark -wi 3 -i 5}, or {@code bench/net.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class RelayBenchmark {
    static final int TOPICS = 1000;
    static final double EASY = 1;
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** {@code broadcast} or {@code middleman}, as above. */
    @Param({"broadcast", "middleman"})
    String stage;

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final EngineConfig config = EngineConfig.builder().fanout(2).powDifficulty(EASY).build();
    private final ArrayDeque<Output> outbox = new ArrayDeque<>();
    private final PowHasher hasher = new PowHasher();
    private Engine b;
    private PublicKey a;
    private PublicKey c;
    private PublicKey d;
    private List<byte[]> asks;
    private List<byte[]> broadcasts;
    private int accepted;
    private int asksRelayed;
    private int broadcastsRelayed;
    private long wireBytes;

    @Setup(Level.Iteration)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = new CertificateAuthority(Signer.of(PrivateKey.generate(random), random),
                "https://settler.example/");
        CertificateValidator validator = new CertificateValidator(new TrustStore(Set.of(ca.id())), clock);
        PrivateKey aKey = PrivateKey.generate(random);
        PrivateKey bKey = PrivateKey.generate(random);
        NodeIdentity bIdentity = identity(ca, 2, bKey, random);
        List<Output> toA = new ArrayList<>();
        List<Output> fromTwin = new ArrayList<>();
        Engine customer = new Engine(config, identity(ca, 1, aKey, random), clock, random, validator, toA::add);
        // B's twin (same identity and policy) answers A's asks in the set-up, so that B sees them fresh
        Engine twin = new Engine(config, bIdentity, clock, random, validator, fromTwin::add);
        b = new Engine(config, bIdentity, clock, random, validator, outbox::add);
        a = aKey.publicKey();
        c = PrivateKey.generate(random).publicKey();
        d = PrivateKey.generate(random).publicKey();
        customer.peerConnected(bKey.publicKey());
        twin.peerConnected(a);
        for (PublicKey peer : List.of(a, c, d)) {
            b.peerConnected(peer);
        }
        asks = new ArrayList<>(TOPICS);
        broadcasts = new ArrayList<>(TOPICS);
        for (int i = 0; i < TOPICS; i++) {
            customer.postJob(new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
                    T0.plus(Duration.ofMinutes(20))));
            AskForBroadcastFrame ask = only(toA, AskForBroadcastFrame.class);
            asks.add(FrameCodec.encode(ask));
            twin.onFrame(a, ask);
            customer.onFrame(bKey.publicKey(), only(fromTwin, Frame.class));
            Output.SolvePow task = toA.stream().filter(o -> o instanceof Output.SolvePow)
                    .map(o -> (Output.SolvePow) o).findFirst().orElseThrow();
            toA.clear();
            customer.onPowResult(task.taskId(), solve(task));
            broadcasts.add(FrameCodec.encode(only(toA, POWBroadcastFrame.class)));
        }
        if (stage.equals("broadcast")) {
            for (byte[] ask : asks) {
                b.onFrame(a, FrameCodec.decode(ask).orElseThrow());
            }
            outbox.clear();
        }
        accepted = 0;
        asksRelayed = 0;
        broadcastsRelayed = 0;
    }

    private NodeIdentity identity(CertificateAuthority ca, long serial, PrivateKey key, SecureRandom random) {
        return new NodeIdentity(key, Signer.of(key, random), ca.issue(serial, key.publicKey(), Map.of(),
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(365))));
    }

    /** The one frame of {@code kind} sent in {@code outs}, which is then cleared. */
    private static <F extends Frame> F only(List<Output> outs, Class<F> kind) {
        List<F> frames = outs.stream().filter(o -> o instanceof Output.Send s && kind.isInstance(s.frame()))
                .map(o -> kind.cast(((Output.Send) o).frame())).toList();
        if (frames.size() != 1) {
            throw new IllegalStateException("expected one " + kind.getSimpleName() + ", got " + outs);
        }
        outs.clear();
        return frames.getFirst();
    }

    /** B's work on one batch of topics. */
    @Benchmark
    @OperationsPerInvocation(TOPICS)
    public long relay() {
        boolean middleman = stage.equals("middleman");
        for (int i = 0; i < TOPICS; i++) {
            if (middleman) {
                b.onFrame(a, FrameCodec.decode(asks.get(i)).orElseThrow());
                drain(true);
            }
            b.onFrame(a, FrameCodec.decode(broadcasts.get(i)).orElseThrow());
            drain(middleman);
        }
        return wireBytes;
    }

    /**
     * Runs B's outputs as a host would, after the call that made them: encodes
     * each frame sent; when {@code answer}, has C and D grant conditions on B's
     * asks (delivered as bytes) and solves B's proofs of work.
     */
    private void drain(boolean answer) {
        for (Output out = outbox.poll(); out != null; out = outbox.poll()) {
            switch (out) {
                case Output.Send s -> {
                    byte[] bytes = FrameCodec.encode(s.frame());
                    wireBytes += bytes.length;
                    if (s.frame() instanceof AskForBroadcastFrame ask) {
                        asksRelayed++;
                        if (answer) {
                            var conditions = ask.conditions(T0.plus(Duration.ofSeconds(10)),
                                    new WorkRequest(PowScheme.SHA256.wireName(), config.powTarget().toByteArray()),
                                    Duration.ofSeconds(30), 1_000);
                            b.onFrame(s.peer(), FrameCodec.decode(FrameCodec.encode(conditions)).orElseThrow());
                        }
                    } else if (s.frame() instanceof POWBroadcastFrame) {
                        broadcastsRelayed++;
                    }
                }
                case Output.SolvePow task -> b.onPowResult(task.taskId(), solve(task));
                case Output.Event e -> {
                    if (e.event() instanceof AppEvent.TopicReceived) {
                        accepted++;
                    } else if (e.event() instanceof AppEvent.FrameRejected r) {
                        throw new IllegalStateException("B rejected a frame: " + r);
                    }
                }
                case Output.Disconnect x -> throw new IllegalStateException("B disconnected: " + x);
                case Output.WakeUp w -> { }
                case Output.Wallet w -> { }
                case Output.Settler x -> { }
            }
        }
    }

    private PowResult solve(Output.SolvePow task) {
        hasher.setPayload(task.payload());
        Target target = task.target();
        for (long nonce = 0; ; nonce++) {
            if (hasher.meets(nonce, target)) {
                return new PowResult.Found(nonce, hasher.copyWork(), nonce + 1);
            }
        }
    }

    @TearDown(Level.Iteration)
    public void check() {
        int relays = stage.equals("middleman") ? broadcastsRelayed : asksRelayed;
        if (accepted != TOPICS || relays != 2 * TOPICS) {
            throw new IllegalStateException(stage + ": " + accepted + " of " + TOPICS + " accepted, "
                    + asksRelayed + " asks and " + broadcastsRelayed + " broadcasts relayed");
        }
    }
}
