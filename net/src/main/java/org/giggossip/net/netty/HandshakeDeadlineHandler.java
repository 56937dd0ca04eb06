package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;

/**
 * Closes a connection whose BOLT 8 handshake and proof-of-work admission have not
 * both finished within a fixed time of the channel becoming active (docs/protocol.md
 * §1, step 2; seed 003, section 2.3). The deadline is absolute: a peer
 * that sends nothing, or one byte a second (slowloris), cannot extend it, because
 * no read resets the timer; only {@link PeerAdmitted} cancels it. On expiry it
 * fires {@link ConnectionClosed} with the reason and closes.
 *
 * <p>It must sit after the {@link AdmissionHandler} in the pipeline so that it
 * sees {@link PeerAdmitted}; it removes itself once the peer is admitted. Timers
 * run on the channel's event loop, so an {@code EmbeddedChannel} test drives them
 * with {@code advanceTimeBy}. All state is owned by that loop.
 */
public final class HandshakeDeadlineHandler extends CloseTimerHandler {
    /** Default time from activation to admission: 10 s (docs/protocol.md §1, step 2). */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    /** @param deadline the time allowed from activation to admission, positive */
    public HandshakeDeadlineHandler(Duration deadline) {
        super(deadline, "deadline");
    }

    /** With {@link #DEFAULT_DEADLINE}. */
    public HandshakeDeadlineHandler() {
        this(DEFAULT_DEADLINE);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof PeerAdmitted) {
            cancel();
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    boolean due(ChannelHandlerContext ctx) {
        return true;
    }

    @Override
    String reason() {
        return "limits: handshake and admission not done within " + delay;
    }
}
