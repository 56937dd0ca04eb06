package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Closes an admitted connection on which nothing has been received for
 * {@code idle} (docs/protocol.md §1: a silent link is closed, after 90 s in a daemon). It starts
 * on {@link PeerAdmitted}, so it must sit after the {@link AdmissionHandler}
 * (before it, the {@link HandshakeDeadlineHandler} applies). Every frame read
 * counts as life; on expiry it fires {@link ConnectionClosed} and closes.
 *
 * <p><b>Keep-alive is the application's job, by decision.</b> This handler sends
 * nothing: the liveness ping of seed 004 section 3 (docs/protocol.md §1, Discovery) runs
 * over the link as an ordinary frame, and a node that pings each peer more often
 * than {@code idle} (e.g. every {@code idle / 3}) keeps it open. A transport-level
 * ping would need a frame type the application layer does not see, and would
 * keep alive a peer whose application is stuck.
 *
 * <p>Read times come from the injected clock (docs/style.md 9); the check runs as a
 * timer on the channel's event loop, re-armed for the time that is left. All
 * state is owned by that loop.
 */
public final class IdleTimeoutHandler extends ChannelInboundHandlerAdapter {
    /** Default idle time: 90 s, three missed pings at a 30 s application ping. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(90);

    private final Duration idle;
    private final InstantSource clock;
    private Instant lastRead;
    private ScheduledFuture<?> timer;

    /**
     * @param idle  how long an admitted peer may stay silent, positive
     * @param clock the source of read times
     */
    public IdleTimeoutHandler(Duration idle, InstantSource clock) {
        this.idle = Objects.requireNonNull(idle, "idle");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle must be positive: " + idle);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof PeerAdmitted && timer == null) {
            lastRead = clock.instant();
            schedule(ctx, idle);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastRead = clock.instant();
        super.channelRead(ctx, msg);
    }

    /** Also runs when a closed channel's pipeline is torn down; a check already due finds it inactive. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void schedule(ChannelHandlerContext ctx, Duration delay) {
        timer = ctx.executor().schedule(() -> check(ctx), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Duration left = idle.minus(Duration.between(lastRead, clock.instant()));
        if (left.isNegative() || left.isZero()) {
            Futures.closeWith(ctx, "limits: nothing received for " + idle);
        } else {
            schedule(ctx, left);
        }
    }
}
