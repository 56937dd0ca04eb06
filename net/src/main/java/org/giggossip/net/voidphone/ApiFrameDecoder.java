package org.giggossip.net.voidphone;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.netty.ConnectionClosed;
import org.giggossip.net.voidphone.VoidPhoneCodec.Sender;

/**
 * Reassembles VoidPhone API messages from a TCP stream by their size field (a read
 * may hold part of a message or several) and passes each on as an {@link ApiMessage}.
 *
 * <p>The header is judged as soon as its 4 bytes are in ({@link VoidPhoneCodec#checkHeader}),
 * so a malformed message closes the connection before its body is awaited; at most
 * one message of up to 64 KiB is ever buffered. A connection that leaves a message
 * incomplete for longer than {@code incompleteTimeout} (a size header and then
 * nothing) is closed too. Each close fires {@link ConnectionClosed} with the reason
 * first. One instance per channel; state owned by its event loop.
 */
final class ApiFrameDecoder extends ByteToMessageDecoder {
    private final Sender from;
    private final Duration incompleteTimeout;
    private ScheduledFuture<?> timer;
    private boolean failed;
    private long completed;

    /** @param from who sends on this channel; {@code incompleteTimeout} positive */
    ApiFrameDecoder(Sender from, Duration incompleteTimeout) {
        this.from = Objects.requireNonNull(from, "from");
        this.incompleteTimeout = Objects.requireNonNull(incompleteTimeout, "incompleteTimeout");
        if (incompleteTimeout.isNegative() || incompleteTimeout.isZero()) {
            throw new IllegalArgumentException("incompleteTimeout must be positive: " + incompleteTimeout);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= VoidPhoneCodec.HEADER) {
            int size = in.getUnsignedShort(in.readerIndex());
            int type = in.getUnsignedShort(in.readerIndex() + 2);
            Optional<DecodeError> refused = VoidPhoneCodec.checkHeader(size, type, from);
            if (refused.isPresent()) {
                fail(ctx, in, "malformed: " + refused.get());
                return;
            }
            if (in.readableBytes() < size) {
                return; // wait for the rest; channelRead arms the timer
            }
            byte[] message = ByteBufUtil.getBytes(in, in.readerIndex(), size);
            in.skipBytes(size);
            completed++;
            switch (VoidPhoneCodec.decode(message, from)) {
                case Decoded.Ok<ApiMessage> ok -> out.add(ok.value());
                case Decoded.Err<ApiMessage> err -> {
                    fail(ctx, in, "malformed: " + err.error());
                    return;
                }
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long before = completed;
        super.channelRead(ctx, msg);
        ByteBuf pending = internalBuffer();
        if (completed != before) {
            cancelTimer(); // progress: the deadline is for the message now incomplete, from now
        }
        if (!failed && pending.isReadable()) {
            armTimer(ctx, pending);
        } else {
            cancelTimer();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void armTimer(ChannelHandlerContext ctx, ByteBuf pending) {
        if (timer != null) {
            return; // counted from the first read that left this message incomplete
        }
        timer = ctx.executor().schedule(() -> {
            timer = null;
            ByteBuf now = internalBuffer();
            if (ctx.channel().isActive() && now.isReadable()) {
                String of = now.readableBytes() >= 2 ? " of " + now.getUnsignedShort(now.readerIndex()) : "";
                fail(ctx, now, "incomplete message: " + now.readableBytes() + of + " bytes for "
                        + incompleteTimeout.toMillis() + " ms");
            }
        }, incompleteTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        cancelTimer();
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new ConnectionClosed(reason));
        ctx.close();
    }
}
