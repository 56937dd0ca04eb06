package org.giggossip.net.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * Bounded outbound queue with backpressure (docs/protocol.md §1, "Hostile peers"). The bound is
 * Netty's {@link WriteBufferWaterMark} on the channel: once more than {@code high}
 * bytes wait to be written, the channel turns unwritable, and {@link #offer} refuses
 * further messages (it returns {@code false} and releases them) until the queue
 * drains below {@code low}. So a peer that does not read costs us at most
 * {@code high} bytes plus one message.
 *
 * <p>A link that stays unwritable for longer than {@code maxUnwritable} is closed
 * with the reason "limits: peer not reading for ...", fired as
 * {@link ConnectionClosed}: a peer that stops reading would otherwise hold its slot
 * and its queue for ever. The timer runs on the channel's event loop, so an
 * {@code EmbeddedChannel} test drives it with {@code advanceTimeBy}. Any place in
 * the pipeline will do; all state is owned by the event loop.
 */
public final class OutboundLimitHandler extends CloseTimerHandler {
    /** Default time a link may stay unwritable: 30 s. */
    public static final Duration DEFAULT_MAX_UNWRITABLE = Duration.ofSeconds(30);

    /** @param maxUnwritable how long the peer may leave our queue above the high water mark, positive */
    public OutboundLimitHandler(Duration maxUnwritable) {
        super(maxUnwritable, "maxUnwritable");
    }

    /** Sets the channel's queue bounds: unwritable above {@code high} bytes, writable again below {@code low}. */
    public static void bound(Channel channel, int low, int high) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(low, high));
    }

    /**
     * Writes and flushes {@code msg} if the channel is open and writable; otherwise
     * releases it and returns {@code false}, and the caller decides (drop, retry
     * later, or pick another peer). A write that fails later closes the channel.
     * Safe from any thread: Netty hands the write to the event loop.
     */
    public static boolean offer(Channel channel, Object msg) {
        if (!channel.isActive() || !channel.isWritable()) {
            ReferenceCountUtil.release(msg);
            return false;
        }
        ChannelFuture f = channel.writeAndFlush(msg);
        f.addListener(Futures.CLOSE_ON_FAILURE);
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
            arm(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            cancel();
        } else {
            arm(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    boolean due(ChannelHandlerContext ctx) {
        return !ctx.channel().isWritable();
    }

    @Override
    String reason() {
        return "limits: peer not reading for " + delay;
    }
}
