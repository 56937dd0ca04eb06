package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import org.giggossip.net.noise.Bolt8Transport;
import org.giggossip.net.noise.TransportRead;

/**
 * Decrypts a BOLT 8 session's byte stream into messages (one {@link ByteBuf} each).
 * It reads the 18-byte encrypted length first and refuses a length over the
 * session's limit before reading or allocating the body (docs/style.md 4: hard
 * maximum, fail fast); then it discards all further input and closes with the
 * reason, fired as {@link ConnectionClosed}.
 */
public final class Bolt8FrameDecoder extends ByteToMessageDecoder {
    private final Bolt8Transport transport;
    private boolean failed;

    public Bolt8FrameDecoder(Bolt8Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Futures.onException(ctx, cause);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed) {
            int need = transport.expectedLength();
            if (in.readableBytes() < need) {
                return;
            }
            byte[] chunk = new byte[need];
            in.readBytes(chunk);
            switch (transport.receive(chunk)) {
                case TransportRead.Length length -> { } // the body comes next
                case TransportRead.Message message -> out.add(Unpooled.wrappedBuffer(message.plaintext()));
                case TransportRead.Failed f -> {
                    failed = true;
                    Futures.closeWith(ctx, "BOLT 8 read failed: " + f.error() + " " + f.detail());
                }
            }
        }
        in.skipBytes(in.readableBytes());
    }
}
