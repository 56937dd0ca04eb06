package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Per-peer rate limit on frames after admission (docs/protocol.md §1, "Hostile peers"): two
 * token buckets, frames per second and bytes per second, each holding at most
 * one second's worth. It sits after the {@link AdmissionHandler}, which lets no
 * frame through before admission, so every frame it sees counts.
 *
 * <p><b>Over the limit, the peer is closed, not throttled by dropping.</b> By
 * the time a frame reaches here we have already paid to decrypt it, so dropping
 * saves nothing while the flood goes on; a silently dropped frame would also
 * break the application protocol in ways neither side can tell apart from a
 * bug. Closing, with {@link ConnectionClosed} and its reason, makes the peer pay
 * a new handshake and proof-of-work admission (seed 003, section 2.3) before it
 * can send again, which is the price the admission puts on a connection.
 *
 * <p>Refill times come from the injected clock (docs/style.md 9). All state is owned
 * by the channel's event loop.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    /** Default frames per second from one peer: 100. */
    public static final int DEFAULT_FRAMES_PER_SECOND = 100;
    /** Default bytes per second from one peer: 1 MiB, sixteen maximal BOLT 8 messages. */
    public static final int DEFAULT_BYTES_PER_SECOND = 1 << 20;

    private final int framesPerSecond;
    private final int bytesPerSecond;
    private final InstantSource clock;
    private double frames;
    private double bytes;
    private Instant last;
    private boolean closed;

    /**
     * @param framesPerSecond frames allowed per second, and the burst, positive
     * @param bytesPerSecond  frame bytes allowed per second, and the burst; at least
     *                        the largest frame, or such a frame could never pass
     * @param clock           the source of refill times
     */
    public RateLimitHandler(int framesPerSecond, int bytesPerSecond, InstantSource clock) {
        if (framesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be positive: " + framesPerSecond + ", " + bytesPerSecond);
        }
        this.framesPerSecond = framesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.frames = framesPerSecond;
        this.bytes = bytesPerSecond;
        this.last = clock.instant();
    }

    /** With {@link #DEFAULT_FRAMES_PER_SECOND} and {@link #DEFAULT_BYTES_PER_SECOND}. */
    public RateLimitHandler(InstantSource clock) {
        this(DEFAULT_FRAMES_PER_SECOND, DEFAULT_BYTES_PER_SECOND, clock);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        refill();
        int size = msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        if (frames < 1 || bytes < size) {
            ReferenceCountUtil.release(msg);
            closed = true;
            Futures.closeWith(ctx, "limits: peer exceeded " + framesPerSecond + " frames/s or "
                + bytesPerSecond + " bytes/s");
            return;
        }
        frames -= 1;
        bytes -= size;
        super.channelRead(ctx, msg);
    }

    private void refill() {
        Instant now = clock.instant();
        double seconds = Math.max(0, Duration.between(last, now).toNanos()) / 1e9;
        last = now;
        frames = Math.min(framesPerSecond, frames + seconds * framesPerSecond);
        bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
    }
}
