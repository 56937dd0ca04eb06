package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import org.giggossip.net.noise.Bolt8Handshake;
import org.giggossip.net.noise.HandshakeResult;

/**
 * The first handler of a connection: runs a {@link Bolt8Handshake} over the raw
 * bytes (reading exactly each act's length, never more), writes our acts, and on
 * success installs {@link Bolt8FrameDecoder} and {@link Bolt8FrameEncoder} in its
 * place, then fires {@link HandshakeCompleted}. Bytes that arrived behind the last
 * act are handed to the new decoder. A failed act fires {@link ConnectionClosed}
 * with the reason and closes the connection.
 */
public final class Bolt8HandshakeHandler extends ByteToMessageDecoder {
    /** Pipeline name of the frame decoder this handler installs. */
    public static final String DECODER = "bolt8-decoder";
    /** Pipeline name of the frame encoder this handler installs. */
    public static final String ENCODER = "bolt8-encoder";

    private final Bolt8Handshake handshake;
    private final int maxMessageSize;
    private boolean finished;

    /**
     * @param handshake      a fresh handshake, initiator or responder
     * @param maxMessageSize the largest incoming message the session will accept (at most 65535)
     */
    public Bolt8HandshakeHandler(Bolt8Handshake handshake, int maxMessageSize) {
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (handshake.isInitiator()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.start())).addListener(Futures.CLOSE_ON_FAILURE);
        }
        super.channelActive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Futures.onException(ctx, cause);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (finished) {
            return; // the rest is handed to the frame decoder when this handler is removed
        }
        int need = handshake.expectedLength();
        if (need == 0 || in.readableBytes() < need) {
            return;
        }
        byte[] act = new byte[need];
        in.readBytes(act);
        switch (handshake.receive(act)) {
            case HandshakeResult.Send send ->
                ctx.writeAndFlush(Unpooled.wrappedBuffer(send.bytes())).addListener(Futures.CLOSE_ON_FAILURE);
            case HandshakeResult.Complete done -> {
                finished = true;
                if (done.bytes().length > 0) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(done.bytes())).addListener(Futures.CLOSE_ON_FAILURE);
                }
                var transport = done.transport().limitMessageSize(maxMessageSize);
                ctx.pipeline().addAfter(ctx.name(), ENCODER, new Bolt8FrameEncoder(transport));
                ctx.pipeline().addAfter(ctx.name(), DECODER, new Bolt8FrameDecoder(transport));
                ctx.fireUserEventTriggered(new HandshakeCompleted(done.remoteStatic()));
                ctx.pipeline().remove(this);
            }
            case HandshakeResult.Failed failed -> {
                finished = true;
                in.skipBytes(in.readableBytes());
                Futures.closeWith(ctx, "BOLT 8 handshake failed: " + failed);
            }
        }
    }
}
