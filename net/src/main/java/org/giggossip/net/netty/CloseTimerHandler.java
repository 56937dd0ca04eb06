package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;

/**
 * A handler that closes its connection when a one-shot timer runs out and the
 * subclass's condition still holds; the timer is cancelled when the channel
 * closes or the handler leaves the pipeline. The base of the limits that are
 * a deadline ({@link HandshakeDeadlineHandler}, {@link OutboundLimitHandler}).
 * All state is owned by the channel's event loop.
 */
abstract class CloseTimerHandler extends ChannelInboundHandlerAdapter {
    /** How long after {@link #arm} the connection is closed. */
    protected final Duration delay;
    private final CloseTimer timer;

    /** @param delay positive; {@code what} names it in the error */
    CloseTimerHandler(Duration delay, String what) {
        this.timer = new CloseTimer(delay, what);
        this.delay = delay;
    }

    /** Whether the connection should still close when the timer runs out. */
    abstract boolean due(ChannelHandlerContext ctx);

    /** The reason fired with {@link ConnectionClosed}. */
    abstract String reason();

    /** Starts the timer unless it runs already. */
    final void arm(ChannelHandlerContext ctx) {
        timer.arm(ctx, () -> due(ctx), this::reason);
    }

    /** Stops the timer, if it runs. */
    final void cancel() {
        timer.cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }
}
