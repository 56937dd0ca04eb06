package org.giggossip.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * Hostile and random input for the BOLT 8 state machines: random bytes into each
 * act and into the transport reader never throw and are rejected; sessions built
 * from our identities agree; random messages survive random TCP splits.
 */
class Bolt8PropertyTest {
    private static final byte[] RESPONDER_SECRET = Bolt8Vectors.hex("21".repeat(32));
    private static final byte[] RESPONDER_STATIC =
        Bolt8Vectors.hex("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7");
    private static final byte[] INITIATOR_SECRET = Bolt8Vectors.hex("11".repeat(32));
    private static final byte[] E1 = Bolt8Vectors.hex("12".repeat(32));
    private static final byte[] E2 = Bolt8Vectors.hex("22".repeat(32));

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(120),
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_ONE_SIZE),
            Arbitraries.bytes().array(byte[].class).ofSize(Bolt8Handshake.ACT_THREE_SIZE),
            // a valid version byte and a valid key, so the tag check is reached
            Arbitraries.bytes().array(byte[].class).ofSize(16).map(tag -> {
                byte[] m = new byte[Bolt8Handshake.ACT_ONE_SIZE];
                System.arraycopy(RESPONDER_STATIC, 0, m, 1, 33);
                System.arraycopy(tag, 0, m, 34, 16);
                return m;
            }));
    }

    @Property(tries = 300)
    void randomActOneIsRejected(@ForAll("junk") byte[] junk) {
        Bolt8Handshake responder = Bolt8Handshake.responder(RESPONDER_SECRET, E2);
        assertThat(responder.receive(junk)).isInstanceOf(HandshakeResult.Failed.class);
        assertThat(responder.hasFailed()).isTrue();
        assertThat(responder.receive(junk)).isInstanceOf(HandshakeResult.Failed.class);
    }

    @Property(tries = 300)
    void randomActTwoIsRejected(@ForAll("junk") byte[] junk) {
        Bolt8Handshake initiator = Bolt8Handshake.initiator(INITIATOR_SECRET, RESPONDER_STATIC, E1);
        initiator.start();
        assertThat(initiator.receive(junk)).isInstanceOf(HandshakeResult.Failed.class);
    }

    @Property(tries = 300)
    void randomActThreeIsRejected(@ForAll("junk") byte[] junk) {
        Bolt8Handshake initiator = Bolt8Handshake.initiator(INITIATOR_SECRET, RESPONDER_STATIC, E1);
        Bolt8Handshake responder = Bolt8Handshake.responder(RESPONDER_SECRET, E2);
        assertThat(responder.receive(initiator.start())).isInstanceOf(HandshakeResult.Send.class);
        assertThat(responder.receive(junk)).isInstanceOf(HandshakeResult.Failed.class);
    }

    @Test
    void nullAndLateInputAreRejected() {
        Bolt8Handshake initiator = Bolt8Handshake.initiator(INITIATOR_SECRET, RESPONDER_STATIC, E1);
        assertThat(initiator.receive(new byte[50])).isInstanceOf(HandshakeResult.Failed.class); // before start
        Bolt8Handshake responder = Bolt8Handshake.responder(RESPONDER_SECRET, E2);
        assertThat(responder.receive(null)).isEqualTo(
            new HandshakeResult.Failed(HandshakeError.ACT1_READ_FAILED, "got no bytes"));
    }

    @Property(tries = 200)
    void randomBytesIntoTheTransportAreRejected(@ForAll @Size(max = 200) List<@Size(max = 80) byte[]> chunks) {
        Session s = Session.handshake(new Random(chunks.size()));
        Bolt8Reader reader = new Bolt8Reader(s.responder);
        Bolt8Reader.Batch last = null;
        int fed = 0;
        for (byte[] c : chunks) {
            last = reader.feed(c);
            fed += c.length;
            assertThat(last.messages()).isEmpty();
        }
        if (fed >= Bolt8Transport.HEADER_SIZE) {
            assertThat(last.failed()).isTrue();
        }
    }

    @Property(tries = 200)
    void aTamperedByteIsRejected(@ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 9999) int where) {
        Session s = Session.handshake(new Random(where));
        byte[] wire = s.initiator.encrypt(message);
        wire[where % wire.length] ^= 1;
        Bolt8Reader.Batch batch = new Bolt8Reader(s.responder).feed(wire);
        assertThat(batch.messages()).isEmpty();
        assertThat(batch.failed()).isTrue();
    }

    @Property(tries = 100)
    void randomMessagesSurviveRandomSplits(@ForAll @Size(max = 40) List<@Size(max = 2000) byte[]> messages,
                                           @ForAll long seed) {
        Random random = new Random(seed);
        Session s = Session.handshake(random);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            stream.writeBytes(s.initiator.encrypt(m));
        }
        byte[] wire = stream.toByteArray();
        Bolt8Reader reader = new Bolt8Reader(s.responder);
        List<byte[]> got = new ArrayList<>();
        int at = 0;
        while (at < wire.length) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 3000));
            Bolt8Reader.Batch batch = reader.feed(wire, at, n);
            assertThat(batch.failed()).isFalse();
            got.addAll(batch.messages());
            at += n;
        }
        assertThat(got).containsExactlyElementsOf(messages);
        // and the other way, across a key rotation
        for (int i = 0; i < 600; i++) {
            byte[] m = {(byte) i};
            assertThat(new Bolt8Reader(s.initiator).feed(s.responder.encrypt(m)).messages()).containsExactly(m);
        }
    }

    @Test
    void anOversizedLengthIsRefusedBeforeItsBody() {
        Session s = Session.handshake(new Random(1));
        s.responder.limitMessageSize(100);
        byte[] wire = s.initiator.encrypt(new byte[101]);
        Bolt8Reader.Batch batch = new Bolt8Reader(s.responder).feed(wire, 0, Bolt8Transport.HEADER_SIZE);
        assertThat(batch.failure().error()).isEqualTo(TransportError.LENGTH_TOO_LARGE);
    }

    @Property(tries = 30)
    void identitiesHandshakeWithTheirEvenYPoints(@ForAll long seed) {
        SecureRandom random = deterministic(seed);
        PrivateKey a = PrivateKey.generate(random);
        PrivateKey b = PrivateKey.generate(random);
        Session s = Session.handshake(a, b, random);
        assertThat(s.responderSaw).isEqualTo(a.publicKey().compressed());
        assertThat(s.initiatorSaw).isEqualTo(b.publicKey().compressed());
        byte[] m = {1, 2, 3};
        assertThat(RoundTrip.deliver(s.initiator, s.responder, m)).isEqualTo(m);
        assertThat(RoundTrip.deliver(s.responder, s.initiator, m)).isEqualTo(m);
    }

    private static SecureRandom deterministic(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Both ends of a finished handshake between two random keys. */
    private record Session(Bolt8Transport initiator, Bolt8Transport responder, byte[] initiatorSaw,
                           byte[] responderSaw) {
        static Session handshake(Random random) {
            SecureRandom sr = deterministic(random.nextLong());
            return handshake(PrivateKey.generate(sr), PrivateKey.generate(sr), sr);
        }

        static Session handshake(PrivateKey a, PrivateKey b, SecureRandom sr) {
            Bolt8Handshake i = Bolt8Handshake.initiator(a, b.publicKey(), sr);
            Bolt8Handshake r = Bolt8Handshake.responder(b, sr);
            var two = (HandshakeResult.Send) r.receive(i.start());
            var three = (HandshakeResult.Complete) i.receive(two.bytes());
            var done = (HandshakeResult.Complete) r.receive(three.bytes());
            return new Session(three.transport(), done.transport(), three.remoteStatic(), done.remoteStatic());
        }
    }
}
