package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;
import org.giggossip.net.admission.Admission;
import org.giggossip.net.admission.AdmissionCodec;
import org.giggossip.net.admission.AdmissionError;
import org.giggossip.net.admission.AdmissionMessage;
import org.giggossip.net.admission.AdmissionOutput;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.noise.Bolt8Handshake;

/**
 * Fuzz of the proof-of-work admission (issue 4, deliverable 7): random, mutated and
 * out-of-order frames, to the {@link Admission} state machine and, after a real
 * BOLT 8 handshake, to a responder's {@link AdmissionHandler}. No frame throws;
 * a frame that is not a well-formed admission message closes with
 * {@code MALFORMED}; once closed, the admission stays closed; no hostile sequence
 * is ever admitted, and no frame reaches the application.
 *
 * <p>We demand 2^40 expected attempts, so a random answer never passes, but
 * agree to solve at most 64, so a well-formed challenge is answered at once.
 */
class FuzzAdmissionTest {
    private static final AdmissionPolicy POLICY =
        new AdmissionPolicy(Target.fromDifficulty(0x1p40), Target.fromDifficulty(64), Duration.ofSeconds(10));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> ERRORS = Stream.of(AdmissionError.values()).map(Enum::name).toList();

    private final SecureRandom random = new SecureRandom();
    private final PrivateKey alice = PrivateKey.generate(random);
    private final PrivateKey bob = PrivateKey.generate(random);

    @Provide
    Arbitrary<byte[]> frame() {
        byte[] challenge = AdmissionCodec.encode(
            new AdmissionMessage.Challenge(PowScheme.SHA256, new byte[32], Target.fromDifficulty(8)));
        byte[] answer = AdmissionCodec.encode(new AdmissionMessage.Answer(PowScheme.SHA256, 12345));
        return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
            // the right size for a type, random content
            Arbitraries.bytes().array(byte[].class).ofSize(AdmissionCodec.CHALLENGE_SIZE)
                .map(b -> { b[0] = AdmissionCodec.CHALLENGE; return b; }),
            Arbitraries.bytes().array(byte[].class).ofSize(AdmissionCodec.ANSWER_SIZE)
                .map(b -> { b[0] = AdmissionCodec.ANSWER; return b; }),
            // a valid message with one byte changed, cut or extended
            Arbitraries.integers().between(0, challenge.length - 1).map(i -> flip(challenge, i)),
            Arbitraries.integers().between(0, challenge.length * 2).map(n -> Arrays.copyOf(challenge, n)),
            Arbitraries.integers().between(0, answer.length - 1).map(i -> flip(answer, i)),
            Arbitraries.just(answer),
            Arbitraries.just(challenge));
    }

    private static byte[] flip(byte[] valid, int at) {
        byte[] b = valid.clone();
        b[at] ^= (byte) (1 + at % 255);
        return b;
    }

    @Property(tries = 200)
    void theStateMachineNeverThrowsNeverAdmitsAndStaysClosed(@ForAll @Size(min = 1, max = 5) List<@From("frame") byte[]> frames) {
        Admission admission = Admission.of(Role.RESPONDER, bob.publicKey(), alice.publicKey(), POLICY, random, NOW);
        admission.start();
        AdmissionOutput.Closed closed = null;
        for (byte[] f : frames) {
            List<AdmissionOutput> out = admission.receive(f, NOW);
            assertThat(out).noneMatch(AdmissionOutput.Admitted.class::isInstance);
            if (closed != null) {
                assertThat(out).containsExactly(
                    new AdmissionOutput.Closed(AdmissionError.ALREADY_ENDED, "admission already ended"));
                continue;
            }
            if (AdmissionCodec.decode(f) instanceof AdmissionCodec.Decoded.Malformed) {
                assertThat(out).singleElement().isInstanceOf(AdmissionOutput.Closed.class);
                assertThat(((AdmissionOutput.Closed) out.get(0)).error()).isEqualTo(AdmissionError.MALFORMED);
            }
            for (AdmissionOutput o : out) {
                if (o instanceof AdmissionOutput.Closed c) {
                    assertThat(c.detail()).doesNotStartWith("internal");
                    closed = c;
                }
            }
        }
        assertThat(admission.isAdmitted()).isFalse();
    }

    @Property(tries = 40)
    void aResponderClosesOnHostileFramesWithAStatedReason(@ForAll @Size(min = 1, max = 4) List<@From("frame") byte[]> frames) {
        Bolt8HandlersTest.Events bobEvents = new Bolt8HandlersTest.Events();
        EmbeddedChannel a = new EmbeddedChannel(
            new Bolt8HandshakeHandler(Bolt8Handshake.initiator(alice, bob.publicKey(), random), 1000));
        EmbeddedChannel b = new EmbeddedChannel(new Bolt8HandshakeHandler(Bolt8Handshake.responder(bob, random), 1000),
            new AdmissionHandler(Role.RESPONDER, bob.publicKey(), POLICY, random, () -> NOW, AdmissionHandlerTest.NOW),
            bobEvents);
        AdmissionHandlerTest.pump(a, b);
        assertThat(b.isOpen()).isTrue();
        boolean mustClose = false;
        for (byte[] f : frames) {
            mustClose |= !(AdmissionCodec.decode(f) instanceof AdmissionCodec.Decoded.Ok(AdmissionMessage.Challenge c));
            a.writeOutbound(Unpooled.wrappedBuffer(f));
            AdmissionHandlerTest.pump(a, b);
            if (!b.isOpen()) {
                break;
            }
        }
        // a well-formed challenge is answered; anything else (or a second challenge) closes
        boolean twoChallenges = frames.stream().filter(f -> AdmissionCodec.decode(f)
            instanceof AdmissionCodec.Decoded.Ok(AdmissionMessage.Challenge c)).count() > 1;
        if (mustClose || twoChallenges) {
            assertThat(b.isOpen()).isFalse();
            String reason = bobEvents.closed().reason();
            assertThat(reason).startsWith("admission: ");
            assertThat(reason.substring("admission: ".length()).split(" ")[0]).isIn(ERRORS);
            assertThat(reason).doesNotContain("internal");
        }
        assertThat(bobEvents.events).noneMatch(PeerAdmitted.class::isInstance);
        assertThat((Object) b.readInbound()).as("nothing reaches the application").isNull();
    }
}
