package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;
import org.giggossip.net.noise.Bolt8Transport;

/**
 * Encrypts each outgoing {@link ByteBuf} (one message of at most 65535 bytes) as a
 * BOLT 8 length prefix and body. Runs on the channel's event loop, which alone
 * advances the session's sending nonce.
 */
public final class Bolt8FrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    private final Bolt8Transport transport;

    public Bolt8FrameEncoder(Bolt8Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(Unpooled.wrappedBuffer(transport.encrypt(ByteBufUtil.getBytes(msg))));
    }
}
