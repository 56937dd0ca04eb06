package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.engine.HandNetwork.T0;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.onion.BackwardOnion;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ProofOfWork;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * The engine never throws on what a peer sends (docs/protocol.md, "Hostile peers"): a
 * customer C, a middleman M and a worker W in a line run one job to its end on a
 * {@link HandNetwork}, and at a random point of it (which puts the engines in any state a
 * job goes through: asked, granted, solving, relaying, replied, paid, settled, expired) a
 * hostile peer X, linked to all three, sends one node a random, replayed, mutated or crafted
 * frame of any kind. No exception may escape any engine, the job's run goes on, and money is
 * conserved. A rejection with a penalty is fine.
 */
class EnginePropertiesTest {
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(20)));
    static final int ONION = BackwardOnion.DEFAULT.format().size();

    /** What X sends. */
    enum Attack {
        /** Random bytes, delivered if they decode as a frame. */
        RANDOM_BYTES,
        /** A frame seen on the wire, unchanged, from X or from its first sender. */
        REPLAY,
        /** A frame seen on the wire with a few bytes changed, delivered if it still decodes. */
        FLIPPED_BYTES,
        /**
         * A frame seen on the wire with one field, at any depth, changed: a bytes field (an onion, a
         * key, a signature, an invoice) cut, extended, replaced or flipped, or a number replaced.
         */
        FIELD_CHANGED,
        /** A broadcast with valid proof of work for conditions the node granted X, and a crafted onion. */
        CRAFTED_BROADCAST
    }

    /** One attack: what, when (deliveries into the run), at which node, and the seed of its bytes. */
    record Case(Attack attack, int at, int target, long seed) {}

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(Attack.class), Arbitraries.integers().between(0, 90),
                Arbitraries.integers().between(0, 2), Arbitraries.longs()).as(Case::new);
    }

    @Property(tries = 150)
    void noInputFromAPeerMakesAnEngineThrow(@ForAll("cases") Case k) {
        HandNetwork net = new HandNetwork(11, SettlerConfig.of(500, Duration.ofMinutes(10), Duration.ofHours(1)));
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        Node c = net.node("C", base);
        Node m = net.node("M", base.toBuilder().replyFeeMsat(1_000).build());
        Node w = net.node("W", base.toBuilder().replyFeeMsat(3_000).settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(50_000,
                        "on my way".getBytes(StandardCharsets.UTF_8))))
                .build());
        Node x = net.node("X", base);
        HandNetwork.line(c, m, w);
        List<Node> honest = List.of(c, m, w);
        honest.forEach(n -> HandNetwork.link(x, n));
        SecureRandom r = TestRandom.seeded(k.seed());
        List<String> injected = new ArrayList<>();
        net.beforeStep = step -> {
            if (step == k.at()) {
                injected.add(attack(net, k, honest.get(k.target()), x, r));
            }
        };

        c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        net.advance(EngineConfig.defaults().offerWindow().plusSeconds(1));
        net.advance(Duration.ofHours(3));
        if (injected.isEmpty()) { // the run was shorter than k.at(): attack the quiet network
            net.beforeStep = step -> { };
            injected.add(attack(net, k, honest.get(k.target()), x, r));
            net.advance(Duration.ofHours(3));
        }

        assertThat(injected).hasSize(1);
        var conservation = net.ledger.checkConservation();
        assertThat(conservation.holds()).as(conservation.toString()).isTrue();
    }

    /** Sends {@code target} one hostile frame as {@code k} says; returns what was sent, for the report. */
    private static String attack(HandNetwork net, Case k, Node target, Node x, SecureRandom r) {
        return switch (k.attack()) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[r.nextInt(4 * ONION)];
                r.nextBytes(bytes);
                yield deliver(x, target, bytes);
            }
            case REPLAY, FLIPPED_BYTES, FIELD_CHANGED -> {
                if (net.wire.isEmpty()) {
                    yield "nothing on the wire yet";
                }
                HandNetwork.Sent seen = net.wire.get(r.nextInt(net.wire.size()));
                byte[] bytes = seen.bytes().clone();
                if (k.attack() == Attack.FLIPPED_BYTES) {
                    for (int i = 1 + r.nextInt(4); i > 0; i--) {
                        bytes[r.nextInt(bytes.length)] ^= (byte) (1 + r.nextInt(255));
                    }
                } else if (k.attack() == Attack.FIELD_CHANGED) {
                    bytes = changeField(bytes, r, 0);
                }
                // from X, or as if the node that first sent it sent it again
                Node from = r.nextBoolean() || seen.from() == target ? x : seen.from();
                if (!target.engine.peers().contains(from.id())) {
                    from = x;
                }
                yield deliver(from, target, bytes);
            }
            case CRAFTED_BROADCAST -> craftedBroadcast(net, target, x, r);
        };
    }

    /**
     * {@code message} (protobuf) with one field changed, found by descending at random into
     * fields that parse as messages; the result is still well-formed protobuf.
     */
    static byte[] changeField(byte[] message, SecureRandom r, int depth) {
        UnknownFieldSet set;
        try {
            set = UnknownFieldSet.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            return mutateBytes(message, r);
        }
        var fields = new ArrayList<>(set.asMap().entrySet());
        if (fields.isEmpty()) {
            return mutateBytes(message, r);
        }
        var chosen = fields.get(r.nextInt(fields.size()));
        UnknownFieldSet.Field field = chosen.getValue();
        UnknownFieldSet.Field.Builder changed = UnknownFieldSet.Field.newBuilder();
        if (!field.getLengthDelimitedList().isEmpty()) {
            byte[] inner = field.getLengthDelimitedList().getFirst().toByteArray();
            byte[] next = depth < 4 && r.nextInt(3) > 0 ? changeField(inner, r, depth + 1) : mutateBytes(inner, r);
            changed.addLengthDelimited(ByteString.copyFrom(next));
        } else {
            changed.addVarint(r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(1 << 16));
        }
        return UnknownFieldSet.newBuilder(set).clearField(chosen.getKey()).addField(chosen.getKey(), changed.build())
                .build().toByteArray();
    }

    private static byte[] mutateBytes(byte[] bytes, SecureRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)); // cut
            case 1 -> java.util.Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(64)); // extended with zeros
            case 2 -> {
                byte[] b = new byte[r.nextInt(2 * bytes.length + 2)];
                r.nextBytes(b);
                yield b;
            }
            default -> {
                byte[] b = bytes.clone();
                if (b.length > 0) {
                    b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
                yield b;
            }
        };
    }

    private static String deliver(Node from, Node to, byte[] bytes) {
        var decoded = FrameCodec.decode(bytes).toOptional();
        if (decoded.isEmpty()) {
            return "undecodable, not delivered";
        }
        Frame frame = decoded.get();
        to.engine.onFrame(from.id(), frame);
        return frame.kind() + " from " + from + " to " + to;
    }

    /**
     * X asks {@code target} to relay its own request (or one seen on the wire), takes the
     * conditions granted, and answers with a payload whose onion is of a random length, random,
     * sealed to another node, valid, or valid with a byte changed, and whose timestamp may be
     * old, with a proof of work that meets the target.
     */
    private static String craftedBroadcast(HandNetwork net, Node target, Node x, SecureRandom r) {
        SignedRequestPayload request = net.wire.stream().map(HandNetwork.Sent::frame)
                .filter(AskForBroadcastFrame.class::isInstance).map(f -> ((AskForBroadcastFrame) f)
                        .signedRequestPayload())
                .filter(q -> r.nextInt(4) == 0).findFirst()
                .orElseGet(() -> SignedRequestPayload.sign(new RequestPayload(PayloadId.random(r),
                        new TaxiTopic("r3gx2g5", "r3gx2u", net.clock.instant().plus(Duration.ofMinutes(5)),
                                net.clock.instant().plus(Duration.ofMinutes(20))),
                        x.identity.certificate()), x.identity.signer()));
        AskForBroadcastFrame ask = new AskForBroadcastFrame(AskId.random(r), request);
        target.engine.onFrame(x.id(), ask);
        Optional<POWBroadcastConditionsFrame> conditions = target.outputs.stream()
                .filter(o -> o instanceof Output.Send s && s.peer().equals(x.id())
                        && s.frame() instanceof POWBroadcastConditionsFrame f && f.askId().equals(ask.askId()))
                .map(o -> (POWBroadcastConditionsFrame) ((Output.Send) o).frame()).findFirst();
        if (conditions.isEmpty()) {
            return "ask declined";
        }
        byte[] onion = switch (r.nextInt(5)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(2 * ONION + 1)];
                r.nextBytes(b);
                yield b;
            }
            case 1 -> {
                byte[] b = new byte[ONION];
                r.nextBytes(b);
                yield b;
            }
            case 2 -> BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(x.id(), r), x.id(), x.id(), r);
            case 3 -> BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(x.id(), r), x.id(), target.id(), r);
            default -> {
                byte[] b = BackwardOnion.DEFAULT.wrap(BackwardOnion.DEFAULT.origin(x.id(), r), x.id(), target.id(),
                        r);
                b[r.nextInt(b.length)] ^= 1;
                yield b;
            }
        };
        var now = net.clock.instant().minusSeconds(r.nextBoolean() ? 0 : r.nextInt(120));
        BroadcastPayload payload = BroadcastPayload.create(request, onion, now);
        Target powTarget = Target.parse(conditions.get().workRequest().powTarget()).orElseThrow();
        PowHasher h = new PowHasher();
        h.setPayload(payload.encoded());
        long nonce = 0;
        while (!h.meets(nonce, powTarget)) {
            nonce++;
        }
        target.engine.onFrame(x.id(), new POWBroadcastFrame(ask.askId(), payload,
                new ProofOfWork(conditions.get().workRequest().powScheme(), powTarget.toByteArray(), nonce)));
        return "broadcast with a " + onion.length + "-byte onion to " + target;
    }
}
