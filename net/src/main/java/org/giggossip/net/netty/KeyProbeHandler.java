package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * Answers the key probe on a responder's port, ahead of the BOLT 8 handshake. A
 * BOLT 8 initiator's first byte is the handshake version, 0; a probe starts with
 * the text {@link #REQUEST} instead and gets {@link #RESPONSE_PREFIX}, our key in
 * hex and a newline, and then the connection is closed. So a peer configured as a
 * bare {@code host:port} (the VoidPhone {@code bootstrapper} key, seed 003) can
 * learn the static key BOLT 8 needs before it dials (trust on first use: the
 * answer is not authenticated, see {@code org.giggossip.net.link.KeyProbe}).
 *
 * <p>Any first byte other than the probe's leaves the bytes to the handshake
 * handler behind, which judges them; the probe handler removes itself either way.
 * One instance per channel, owned by its event loop.
 */
public final class KeyProbeHandler extends ByteToMessageDecoder {
    /** What a prober sends: ASCII, eight bytes. */
    public static final byte[] REQUEST = "gg-key?\n".getBytes(StandardCharsets.US_ASCII);
    /** What the answer starts with, before 64 hex digits and a newline. */
    public static final String RESPONSE_PREFIX = "gg-key ";
    /** Length of the whole answer. */
    public static final int RESPONSE_SIZE = RESPONSE_PREFIX.length() + 64 + 1;

    private final byte[] response;

    /** Answers probes with {@code self}. */
    public KeyProbeHandler(PublicKey self) {
        this.response = (RESPONSE_PREFIX + Objects.requireNonNull(self, "self").hex() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Futures.onException(ctx, cause);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) != REQUEST[0]) {
            ctx.pipeline().remove(this); // the rest goes on to the handshake
            return;
        }
        if (in.readableBytes() < REQUEST.length) {
            return;
        }
        byte[] head = new byte[REQUEST.length];
        in.readBytes(head);
        if (!Arrays.equals(head, REQUEST)) {
            Futures.closeWith(ctx, "key probe: malformed request");
            return;
        }
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(ChannelFutureListener.CLOSE);
    }
}
