package org.giggossip.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The head of every pipeline: takes a slot from the shared {@link ConnectionLimiter}
 * when the channel becomes active, and closes an excess connection at once, before
 * any handshake work, firing {@link ConnectionClosed} with the reason (docs/protocol.md
 * §1, "Hostile peers"). The slot is given back when the channel goes inactive.
 * One instance per channel; all state is owned by the channel's event loop.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionLimiter limiter;
    private SocketAddress held;

    public ConnectionLimitHandler(ConnectionLimiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SocketAddress remote = ctx.channel().remoteAddress();
        Optional<String> refused = limiter.tryAcquire(remote);
        if (refused.isPresent()) {
            Futures.closeWith(ctx, refused.get());
            return; // later handlers never see the connection as active
        }
        held = remote;
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (held != null) {
            limiter.release(held);
            held = null;
        }
        super.channelInactive(ctx);
    }
}
