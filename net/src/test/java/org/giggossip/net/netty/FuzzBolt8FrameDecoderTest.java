package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.net.noise.Bolt8Handshake;
import org.giggossip.net.noise.Bolt8Transport;
import org.junit.jupiter.api.Test;

/**
 * Fuzz of the {@link Bolt8FrameDecoder} after a real handshake between two
 * {@link EmbeddedChannel}s (issue 4, deliverable 7): valid messages, then one
 * corruption (garbage, a truncated frame followed by more, an oversized length, a
 * flipped bit in the length or the body, a replayed frame), all cut at random
 * points as TCP would. Bob's channel must deliver exactly the valid messages sent
 * before the corruption, intact, then close with a {@link ConnectionClosed} whose
 * reason names the failure; nothing after the corruption gets through.
 */
class FuzzBolt8FrameDecoderTest {
    private static final int LIMIT = 1000;
    private static final String READ_FAILED = "BOLT 8 read failed: ";

    /** How the stream is corrupted after the valid messages. */
    enum Corruption { GARBAGE, TRUNCATED_THEN_MORE, OVERSIZED_LENGTH, FLIP_IN_LENGTH, FLIP_IN_BODY, REPLAY }

    private final SecureRandom random = new SecureRandom();
    private final PrivateKey alice = PrivateKey.generate(random);
    private final PrivateKey bob = PrivateKey.generate(random);
    // fresh per try (jqwik may reuse the instance across tries): set by handshake()
    private Bolt8HandlersTest.Events bobEvents;
    private EmbeddedChannel a;
    private EmbeddedChannel b;

    /** New channels for Alice (no receive limit) and Bob (LIMIT), handshaken. */
    private void handshake() {
        bobEvents = new Bolt8HandlersTest.Events();
        a = new EmbeddedChannel(new Bolt8HandshakeHandler(
            Bolt8Handshake.initiator(alice, bob.publicKey(), random), Bolt8Transport.MAX_MESSAGE_SIZE));
        b = new EmbeddedChannel(new Bolt8HandshakeHandler(Bolt8Handshake.responder(bob, random), LIMIT), bobEvents);
        boolean moved = true;
        while (moved) {
            byte[] ab = drain(a);
            if (ab.length > 0) {
                b.writeInbound(Unpooled.wrappedBuffer(ab));
            }
            byte[] ba = drain(b);
            if (ba.length > 0) {
                a.writeInbound(Unpooled.wrappedBuffer(ba));
            }
            moved = ab.length > 0 || ba.length > 0;
        }
        assertThat(b.pipeline().get(Bolt8FrameDecoder.class)).isNotNull();
        assertThat(bobEvents.events).singleElement().isInstanceOf(HandshakeCompleted.class);
    }

    private static byte[] drain(EmbeddedChannel from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    /** Alice's wire bytes for one message. */
    private byte[] frame(byte[] message) {
        a.writeOutbound(Unpooled.wrappedBuffer(message));
        return drain(a);
    }

    private static List<byte[]> received(EmbeddedChannel ch) {
        List<byte[]> got = new ArrayList<>();
        for (ByteBuf buf; (buf = ch.readInbound()) != null; ) {
            got.add(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return got;
    }

    /** Feeds {@code wire} to Bob in random pieces, while his channel is open. */
    private void feed(byte[] wire, Random cut) {
        int at = 0;
        while (at < wire.length && b.isOpen()) {
            int n = Math.min(wire.length - at, 1 + cut.nextInt(cut.nextBoolean() ? 20 : 400));
            b.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
            at += n;
        }
    }

    @Property(tries = 150)
    void corruptionClosesAfterTheValidPrefixAndDeliversNothingCorrupt(
            @ForAll @Size(max = 6) List<@Size(max = 300) byte[]> before,
            @ForAll Corruption corruption,
            @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll long seed) {
        handshake();
        Random r = new Random(seed);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] firstFrame = null;
        for (byte[] m : before) {
            byte[] f = frame(m);
            firstFrame = firstFrame == null ? f : firstFrame;
            wire.writeBytes(f);
        }
        byte[] next = new byte[1 + r.nextInt(200)];
        r.nextBytes(next);
        String expected;
        switch (corruption) {
            case GARBAGE -> {
                byte[] junk = new byte[Bolt8Transport.HEADER_SIZE + r.nextInt(300)];
                r.nextBytes(junk);
                wire.writeBytes(junk);
                expected = "LENGTH_BAD_TAG";
            }
            case TRUNCATED_THEN_MORE -> {
                byte[] f = frame(next);
                int cut = Bolt8Transport.HEADER_SIZE + where % (f.length - Bolt8Transport.HEADER_SIZE);
                wire.write(f, 0, cut);       // the body is cut short...
                wire.writeBytes(frame(next)); // ...and the next frame is read as its rest
                expected = "BODY_BAD_TAG";
            }
            case OVERSIZED_LENGTH -> {
                byte[] f = frame(new byte[LIMIT + 1 + where % (Bolt8Transport.MAX_MESSAGE_SIZE - LIMIT)]);
                wire.writeBytes(f);
                expected = "LENGTH_TOO_LARGE";
            }
            case FLIP_IN_LENGTH -> {
                byte[] f = frame(next);
                f[where % Bolt8Transport.HEADER_SIZE] ^= (byte) (1 << r.nextInt(8));
                wire.writeBytes(f);
                expected = "LENGTH_BAD_TAG";
            }
            case FLIP_IN_BODY -> {
                byte[] f = frame(next);
                f[Bolt8Transport.HEADER_SIZE + where % (f.length - Bolt8Transport.HEADER_SIZE)] ^= (byte) (1 << r.nextInt(8));
                wire.writeBytes(f);
                expected = "BODY_BAD_TAG";
            }
            case REPLAY -> {
                wire.writeBytes(firstFrame != null ? firstFrame : frame(next));
                if (firstFrame == null) {
                    wire.writeBytes(wire.toByteArray()); // the one frame, twice
                    before = List.of(next);
                }
                expected = "LENGTH_BAD_TAG";
            }
            default -> throw new AssertionError(corruption);
        }
        wire.writeBytes(frame("after the corruption".getBytes())); // must never be delivered
        feed(wire.toByteArray(), r);

        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).startsWith(READ_FAILED).contains(expected);
        List<byte[]> got = received(b);
        assertThat(got).hasSize(before.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).as("message %d intact", i).isEqualTo(before.get(i));
        }
    }

    @Property(tries = 100)
    void anyOversizedLengthIsRefusedFromTheEighteenByteHeaderAlone(
            @ForAll @IntRange(min = LIMIT + 1, max = Bolt8Transport.MAX_MESSAGE_SIZE) int size) {
        handshake();
        byte[] f = frame(new byte[size]);
        b.writeInbound(Unpooled.wrappedBuffer(f, 0, Bolt8Transport.HEADER_SIZE - 1));
        assertThat(b.isOpen()).as("17 bytes are not yet a header").isTrue();
        b.writeInbound(Unpooled.wrappedBuffer(f, Bolt8Transport.HEADER_SIZE - 1, 1));
        // closed on the header: the body was neither awaited nor buffered
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).isEqualTo(READ_FAILED + "LENGTH_TOO_LARGE " + size + " > " + LIMIT);
        assertThat(received(b)).isEmpty();
    }

    @Test
    void aTruncatedFrameAloneIsHeldNotDeliveredAndTheNextValidOneStillWorks() {
        handshake();
        byte[] f = frame("whole".getBytes());
        b.writeInbound(Unpooled.wrappedBuffer(f, 0, f.length - 1));
        assertThat(received(b)).isEmpty();
        assertThat(b.isOpen()).as("a slow peer is the deadline's and idle timer's job").isTrue();
        b.writeInbound(Unpooled.wrappedBuffer(f, f.length - 1, 1));
        assertThat(received(b)).singleElement().isEqualTo("whole".getBytes());
    }

    @Test
    void bytesAfterTheCloseAreDiscardedAndNeverDelivered() {
        handshake();
        byte[] bad = frame(new byte[] {1});
        bad[bad.length - 1] ^= 1;
        byte[] good = frame(new byte[] {2});
        byte[] both = Arrays.copyOf(bad, bad.length + good.length);
        System.arraycopy(good, 0, both, bad.length, good.length);
        b.writeInbound(Unpooled.wrappedBuffer(both));
        assertThat(b.isOpen()).isFalse();
        assertThat(received(b)).isEmpty();
        assertThat(bobEvents.events.stream().filter(ConnectionClosed.class::isInstance)).hasSize(1);
    }
}
