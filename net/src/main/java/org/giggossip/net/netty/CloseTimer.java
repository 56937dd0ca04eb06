package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A one-shot deadline that closes a connection when it runs out and the condition
 * still holds, firing {@link ConnectionClosed} with the reason first. Shared by the
 * handlers whose limit is a deadline ({@link CloseTimerHandler}, and handlers that
 * cannot extend it, such as a frame decoder). Owned by the channel's event loop;
 * the owner cancels it when the channel closes or the handler leaves the pipeline.
 */
public final class CloseTimer {
    private final Duration delay;
    private ScheduledFuture<?> timer;

    /** @param delay positive; {@code what} names it in the error */
    public CloseTimer(Duration delay, String what) {
        this.delay = Objects.requireNonNull(delay, what);
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + delay);
        }
    }

    /** How long after {@link #arm} the connection is closed. */
    public Duration delay() {
        return delay;
    }

    /**
     * Starts the timer unless it runs already. When it runs out, the connection is
     * closed if it is still open and {@code due} still holds, with {@code reason}
     * (asked for then).
     */
    public void arm(ChannelHandlerContext ctx, BooleanSupplier due, Supplier<String> reason) {
        if (timer != null) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (ctx.channel().isActive() && due.getAsBoolean()) {
                Futures.closeWith(ctx, reason.get());
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the timer, if it runs. */
    public void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
