package org.giggossip.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.CompressedKeys;
import org.giggossip.core.crypto.PrivateKey;

/**
 * Fuzz of the BOLT 8 handshake state machines (issue 4, deliverable 7): random,
 * truncated, extended, bit-flipped, reordered and replayed acts fed to
 * {@link Bolt8Handshake} initiators and responders. Whatever arrives, a step never
 * throws and never fails through the defensive catch (which would report
 * {@code UNEXPECTED_INPUT "internal: ..."}), a failure names the act it happened in,
 * a failed machine stays failed, and a handshake that completes has the right keys
 * on both sides. Tries are bounded so the class runs in a few seconds.
 */
class FuzzBolt8HandshakeTest {

    /** The acts of one honest run, and the parties' keys. */
    private record Run(Bolt8Handshake initiator, Bolt8Handshake responder, PrivateKey alice, PrivateKey bob,
                       byte[] act1, byte[] act2, byte[] act3) {
        byte[] act(int n) {
            return switch (n) {
                case 1 -> act1.clone();
                case 2 -> act2.clone();
                default -> act3.clone();
            };
        }
    }

    /** Fresh parties (deterministic per seed) and the three acts of an honest handshake between other instances. */
    private static Run honest(long seed) {
        SecureRandom r = deterministic(seed);
        PrivateKey alice = PrivateKey.generate(r);
        PrivateKey bob = PrivateKey.generate(r);
        byte[] e1 = PrivateKey.generate(r).secretBytes();
        byte[] e2 = PrivateKey.generate(r).secretBytes();
        Bolt8Handshake i = initiator(alice, bob, e1);
        Bolt8Handshake rsp = responder(bob, e2);
        byte[] act1 = i.start();
        byte[] act2 = ((HandshakeResult.Send) rsp.receive(act1)).bytes();
        byte[] act3 = ((HandshakeResult.Complete) i.receive(act2)).bytes();
        assertThat(rsp.receive(act3)).isInstanceOf(HandshakeResult.Complete.class);
        // fresh machines with the same ephemeral keys reproduce the same acts
        return new Run(initiator(alice, bob, e1), responder(bob, e2), alice, bob, act1, act2, act3);
    }

    private static Bolt8Handshake initiator(PrivateKey self, PrivateKey peer, byte[] ephemeral) {
        return Bolt8Handshake.initiator(CompressedKeys.noiseSecret(self), CompressedKeys.evenY(peer.publicKey()),
            ephemeral);
    }

    private static Bolt8Handshake responder(PrivateKey self, byte[] ephemeral) {
        return Bolt8Handshake.responder(CompressedKeys.noiseSecret(self), ephemeral);
    }

    private static SecureRandom deterministic(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A failure that is stated (not the defensive catch) and belongs to act {@code act}. */
    private static void assertFailedAt(HandshakeResult result, int act) {
        assertThat(result).isInstanceOf(HandshakeResult.Failed.class);
        HandshakeResult.Failed f = (HandshakeResult.Failed) result;
        assertThat(f.detail()).as("no exception escaped into the defensive catch").doesNotStartWith("internal");
        assertThat(f.error().name()).startsWith("ACT" + act + "_");
    }

    /** After a failure the machine refuses everything, with UNEXPECTED_INPUT. */
    private static void assertStaysFailed(Bolt8Handshake machine, byte[] more) {
        assertThat(machine.hasFailed()).isTrue();
        assertThat(machine.expectedLength()).isZero();
        HandshakeResult again = machine.receive(more);
        assertThat(again).isInstanceOf(HandshakeResult.Failed.class);
        assertThat(((HandshakeResult.Failed) again).error()).isEqualTo(HandshakeError.UNEXPECTED_INPUT);
    }

    /** Both sides completed with each other's real static keys, and their transports talk both ways. */
    private static void assertRightKeys(Run run, HandshakeResult.Complete atInitiator, HandshakeResult.Complete atResponder) {
        assertThat(atInitiator.remoteStatic()).isEqualTo(run.bob.publicKey().compressed());
        assertThat(atResponder.remoteStatic()).isEqualTo(run.alice.publicKey().compressed());
        byte[] m = {7, 8, 9};
        assertThat(RoundTrip.deliver(atInitiator.transport(), atResponder.transport(), m)).isEqualTo(m);
        assertThat(RoundTrip.deliver(atResponder.transport(), atInitiator.transport(), m)).isEqualTo(m);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_ONE_SIZE),
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_THREE_SIZE),
            // version 0 and a valid point, so parsing reaches the tag
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_ONE_SIZE).map(m -> {
                m[0] = 0;
                System.arraycopy(PrivateKey.generate(new SecureRandom()).publicKey().compressed(), 0, m, 1, 33);
                return m;
            }),
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_THREE_SIZE).map(m -> {
                m[0] = 0;
                return m;
            }));
    }

    @Property(tries = 80)
    void randomBytesAtEveryStepFailWithThatActsError(@ForAll("junk") byte[] junk,
                                                     @ForAll @IntRange(min = 1, max = 3) int act,
                                                     @ForAll long seed) {
        Run run = honest(seed);
        Bolt8Handshake victim = advanceTo(run, act);
        if (act == 1 || act == 3) {
            assertThat(victim.expectedLength()).isEqualTo(act == 1 ? Bolt8Handshake.ACT_ONE_SIZE
                : Bolt8Handshake.ACT_THREE_SIZE);
        }
        HandshakeResult result = victim.receive(junk);
        assertFailedAt(result, act);
        assertStaysFailed(victim, run.act(act));
    }

    /** The machine that receives act {@code act}, with the earlier acts of the honest run already fed. */
    private static Bolt8Handshake advanceTo(Run run, int act) {
        switch (act) {
            case 1 -> {
                return run.responder;
            }
            case 2 -> {
                assertThat(run.initiator.start()).isEqualTo(run.act1);
                return run.initiator;
            }
            default -> {
                assertThat(run.responder.receive(run.act1)).isInstanceOf(HandshakeResult.Send.class);
                return run.responder;
            }
        }
    }

    @Property(tries = 80)
    void aMutatedByteAnywhereInAValidActFailsTheHandshake(@ForAll @IntRange(min = 1, max = 3) int act,
                                                          @ForAll @IntRange(min = 0, max = 65) int where,
                                                          @ForAll @IntRange(min = 1, max = 255) int xor,
                                                          @ForAll long seed) {
        Run run = honest(seed);
        Bolt8Handshake victim = advanceTo(run, act);
        byte[] bad = run.act(act);
        bad[where % bad.length] ^= (byte) xor;
        assertFailedAt(victim.receive(bad), act);
        assertStaysFailed(victim, run.act(act));
    }

    @Property(tries = 40)
    void aTruncatedOrExtendedActIsAReadFailure(@ForAll @IntRange(min = 1, max = 3) int act,
                                               @ForAll @IntRange(min = 0, max = 200) int length,
                                               @ForAll long seed) {
        Run run = honest(seed);
        byte[] good = run.act(act);
        if (length == good.length) {
            length++;
        }
        Bolt8Handshake victim = advanceTo(run, act);
        HandshakeResult result = victim.receive(Arrays.copyOf(good, length)); // cut short, or zero-padded
        assertFailedAt(result, act);
        assertThat(((HandshakeResult.Failed) result).error().name()).endsWith("_READ_FAILED");
    }

    @Property(tries = 40)
    void onlyTheHonestOrderCompletesAndThenWithTheRightKeys(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3) Integer> order,
                                                           @ForAll long seed) {
        // the responder is fed acts of the honest run in any order: only [1, 3] completes
        Run run = honest(seed);
        List<HandshakeResult> results = new ArrayList<>();
        for (int act : order) {
            if (run.responder.hasFailed()) {
                break;
            }
            results.add(run.responder.receive(run.act(act)));
        }
        boolean honestOrder = order.size() >= 2 && order.get(0) == 1 && order.get(1) == 3;
        if (honestOrder) {
            assertThat(results.get(1)).isInstanceOf(HandshakeResult.Complete.class);
            // and the initiator, run honestly, agrees
            run.initiator.start();
            var done = (HandshakeResult.Complete) run.initiator.receive(run.act2);
            assertRightKeys(run, done, (HandshakeResult.Complete) results.get(1));
            if (order.size() > 2) {
                assertThat(((HandshakeResult.Failed) results.get(2)).error()).isEqualTo(HandshakeError.UNEXPECTED_INPUT);
            }
        } else {
            assertThat(results).noneMatch(HandshakeResult.Complete.class::isInstance);
            HandshakeResult last = results.getLast();
            if (!(order.size() == 1 && order.get(0) == 1)) {
                assertThat(last).isInstanceOf(HandshakeResult.Failed.class);
                assertThat(((HandshakeResult.Failed) last).detail()).doesNotStartWith("internal");
            }
        }
    }

    @Property(tries = 40)
    void theInitiatorRefusesItsOwnActsAndActThree(@ForAll @IntRange(min = 1, max = 3) int act, @ForAll long seed) {
        Run run = honest(seed);
        run.initiator.start();
        // its own Act One reflected back, Act Three, or Act Two of another session
        byte[] input = act == 2 ? honest(seed + 17).act2 : run.act(act);
        assertFailedAt(run.initiator.receive(input), 2);
        assertStaysFailed(run.initiator, run.act2);
    }

    @Property(tries = 40)
    void aReplayedTranscriptFailsAtActThree(@ForAll long seed) {
        // an eavesdropper replays an old session's Act One and Act Three to the same responder
        Run old = honest(seed);
        Bolt8Handshake responder = Bolt8Handshake.responder(old.bob, new SecureRandom());
        HandshakeResult two = responder.receive(old.act1);
        assertThat(two).as("Act One alone carries no proof of freshness").isInstanceOf(HandshakeResult.Send.class);
        assertThat(((HandshakeResult.Send) two).bytes()).isNotEqualTo(old.act2);
        HandshakeResult three = responder.receive(old.act3);
        assertFailedAt(three, 3);
        assertThat(((HandshakeResult.Failed) three).error()).isEqualTo(HandshakeError.ACT3_BAD_CIPHERTEXT);
    }

    @Property(tries = 40)
    void anInitiatorDialingTheWrongKeyNeverCompletes(@ForAll long seed) {
        // Alice thinks she dials Carol but reaches Bob: Bob cannot read Act One
        Run run = honest(seed);
        PrivateKey carol = PrivateKey.generate(deterministic(seed + 99));
        Bolt8Handshake toCarol = Bolt8Handshake.initiator(run.alice, carol.publicKey(), new SecureRandom());
        assertFailedAt(run.responder.receive(toCarol.start()), 1);
        assertThat(((HandshakeResult.Failed) run.responder.receive(new byte[0])).error())
            .isEqualTo(HandshakeError.UNEXPECTED_INPUT);
    }

    @Property(tries = 40)
    void randomSequencesNeverThrowAndNeverCompleteWithWrongKeys(
            @ForAll @Size(max = 6) List<@Size(max = 80) byte[]> chunks, @ForAll long seed) {
        Run run = honest(seed);
        run.initiator.start();
        for (Bolt8Handshake machine : List.of(run.initiator, run.responder)) {
            for (byte[] chunk : chunks) {
                HandshakeResult r = machine.receive(chunk);
                assertThat(r).isNotInstanceOf(HandshakeResult.Complete.class);
                if (r instanceof HandshakeResult.Failed f) {
                    assertThat(f.detail()).doesNotStartWith("internal");
                }
            }
        }
        // no chunk can be a valid act, so a machine fed any is failed for good
        if (!chunks.isEmpty()) {
            assertThat(run.initiator.hasFailed()).isTrue();
            assertThat(run.responder.hasFailed()).isTrue();
        }
    }
}
