package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.net.noise.Bolt8Handshake;
import org.junit.jupiter.api.Test;

/** The BOLT 8 handlers on {@link EmbeddedChannel}s wired back to back; no sockets. */
class Bolt8HandlersTest {
    private static final int LIMIT = 1000;

    private final SecureRandom random = new SecureRandom();
    private final PrivateKey alice = PrivateKey.generate(random);
    private final PrivateKey bob = PrivateKey.generate(random);
    private final Events aliceEvents = new Events();
    private final Events bobEvents = new Events();
    private final EmbeddedChannel a = new EmbeddedChannel(
        new Bolt8HandshakeHandler(Bolt8Handshake.initiator(alice, bob.publicKey(), random), LIMIT), aliceEvents);
    private final EmbeddedChannel b = new EmbeddedChannel(
        new Bolt8HandshakeHandler(Bolt8Handshake.responder(bob, random), LIMIT), bobEvents);

    /** Records user events and passes everything on. */
    static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
            ctx.fireUserEventTriggered(evt);
        }

        ConnectionClosed closed() {
            return events.stream().filter(ConnectionClosed.class::isInstance).map(ConnectionClosed.class::cast)
                .findFirst().orElseThrow();
        }
    }

    /** Everything {@code from} has written so far, as one array. */
    private static byte[] drain(EmbeddedChannel from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    /** Moves bytes between the channels until both are quiet, in chunks of {@code chunk} bytes. */
    private void pump(int chunk) {
        boolean moved = true;
        while (moved) {
            moved = deliver(a, b, chunk) | deliver(b, a, chunk);
        }
    }

    private static boolean deliver(EmbeddedChannel from, EmbeddedChannel to, int chunk) {
        byte[] bytes = drain(from);
        for (int i = 0; i < bytes.length; i += chunk) {
            to.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return bytes.length > 0;
    }

    private static byte[] readMessage(EmbeddedChannel ch) {
        ByteBuf buf = ch.readInbound();
        assertThat(buf).as("a message").isNotNull();
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void handshakeInstallsTheSessionAndMessagesFlowBothWays() {
        pump(Integer.MAX_VALUE);
        assertThat(aliceEvents.events).singleElement().isInstanceOf(HandshakeCompleted.class);
        assertThat(((HandshakeCompleted) bobEvents.events.get(0)).remoteStatic())
            .isEqualTo(alice.publicKey().compressed());
        assertThat(a.pipeline().get(Bolt8HandshakeHandler.class)).isNull();
        assertThat(a.pipeline().names()).startsWith(Bolt8HandshakeHandler.DECODER, Bolt8HandshakeHandler.ENCODER);

        a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        b.writeOutbound(Unpooled.wrappedBuffer(new byte[] {4, 5}));
        pump(Integer.MAX_VALUE);
        assertThat(readMessage(b)).containsExactly(1, 2, 3);
        assertThat(readMessage(a)).containsExactly(4, 5);
    }

    @Test
    void bytesSplitOneByOneAndBytesBehindActThreeAreKept() {
        deliver(a, b, 1);                     // Act One
        deliver(b, a, 1);                     // Act Two; Alice finishes and writes Act Three
        a.writeOutbound(Unpooled.wrappedBuffer("hi".getBytes()));
        a.writeOutbound(Unpooled.wrappedBuffer("there".getBytes()));
        // Act Three and both messages arrive in one buffer
        b.writeInbound(Unpooled.wrappedBuffer(drain(a)));
        assertThat(readMessage(b)).isEqualTo("hi".getBytes());
        assertThat(readMessage(b)).isEqualTo("there".getBytes());
        assertThat(b.isOpen()).isTrue();
    }

    @Test
    void aBadActOneClosesWithItsReason() {
        byte[] act = new byte[Bolt8Handshake.ACT_ONE_SIZE];
        act[0] = 1;
        b.writeInbound(Unpooled.wrappedBuffer(act));
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).contains("ACT1_BAD_VERSION");
    }

    @Test
    void anOversizedFrameIsRefusedFromItsLengthPrefix() {
        pump(Integer.MAX_VALUE);
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[LIMIT + 1]));
        byte[] wire = drain(a);
        b.writeInbound(Unpooled.wrappedBuffer(wire, 0, 18)); // the length prefix alone
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).contains("LENGTH_TOO_LARGE");
    }

    @Test
    void aTamperedFrameCloses() {
        pump(Integer.MAX_VALUE);
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        byte[] wire = drain(a);
        wire[wire.length - 1] ^= 1;
        b.writeInbound(Unpooled.wrappedBuffer(wire));
        assertThat((Object) b.readInbound()).isNull();
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).contains("BODY_BAD_TAG");
    }

    @Test
    void anExceptionClosesWithItsKind() {
        b.pipeline().fireExceptionCaught(new java.io.IOException("reset by peer"));
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).isEqualTo("I/O: reset by peer");
    }
}
