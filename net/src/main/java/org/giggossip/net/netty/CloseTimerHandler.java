package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
    private ScheduledFuture<?> timer;

    /** @param delay positive; {@code what} names it in the error */
    CloseTimerHandler(Duration delay, String what) {
        this.delay = Objects.requireNonNull(delay, what);
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + delay);
        }
    }

    /** Whether the connection should still close when the timer runs out. */
    abstract boolean due(ChannelHandlerContext ctx);

    /** The reason fired with {@link ConnectionClosed}. */
    abstract String reason();

    /** Starts the timer unless it runs already. */
    final void arm(ChannelHandlerContext ctx) {
        if (timer != null) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (ctx.channel().isActive() && due(ctx)) {
                Futures.closeWith(ctx, reason());
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the timer, if it runs. */
    final void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
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
