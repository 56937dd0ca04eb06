package org.giggossip.net.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/** Shared endings for this package's futures and closes (docs/style.md 12: no future is dropped). */
final class Futures {
    /** Closes the channel when a write fails: a connection that cannot send is dead. */
    static final ChannelFutureListener CLOSE_ON_FAILURE = ChannelFutureListener.CLOSE_ON_FAILURE;

    private Futures() {}

    /**
     * docs/style.md 11: a parse error is a protocol violation, an {@link java.io.IOException}
     * is the peer going away, anything else is our bug; each closes with its reason.
     */
    static void onException(ChannelHandlerContext ctx, Throwable cause) {
        String reason = switch (cause) {
            case io.netty.handler.codec.DecoderException d -> "protocol violation: " + d.getMessage();
            case java.io.IOException io -> "I/O: " + io.getMessage();
            default -> "internal error: " + cause;
        };
        closeWith(ctx, reason);
    }

    /** Fires {@link ConnectionClosed} with the reason, then closes. */
    static void closeWith(ChannelHandlerContext ctx, String reason) {
        ctx.fireUserEventTriggered(new ConnectionClosed(reason));
        ctx.close();
    }
}
