package org.giggossip.net.voidphone;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.giggossip.net.netty.ConnectionClosed;

/**
 * One client connection of the {@link GossipApiServer}: its subscriptions and its
 * table of NOTIFICATION message ids, and the handler of its decoded messages.
 *
 * <p>Message ids are this connection's own: a u16 counter that wraps, each id
 * mapped to the gossip side's item id until the VALIDATION for it arrives. The
 * table keeps at most {@code maxPending} ids; when a notification would exceed it,
 * the oldest unanswered id is forgotten (its VALIDATION will be ignored as
 * unknown). {@code maxPending} is at most half the id space, so an id is never
 * reused while it is still in the table.
 *
 * <p>Thread-safety: messages are handled on the channel's event loop; {@link #offer}
 * is called by {@link GossipApiServer#deliver} from any thread, so the subscriptions
 * are a concurrent set and the id table is guarded by this object's lock.
 */
final class ApiSession extends SimpleChannelInboundHandler<ApiMessage> {
    /** Largest id table: half the u16 id space. */
    static final int MAX_PENDING_LIMIT = 0x8000;

    private final GossipApiServer server;
    private final int maxPending;
    private final Set<Integer> subscriptions = ConcurrentHashMap.newKeySet();
    private final LinkedHashMap<Integer, Long> pending = new LinkedHashMap<>();
    private volatile Channel channel;
    private int nextId;
    private volatile String closeReason;

    ApiSession(GossipApiServer server, int maxPending) {
        this.server = Objects.requireNonNull(server, "server");
        if (maxPending < 1 || maxPending > MAX_PENDING_LIMIT) {
            throw new IllegalArgumentException("maxPending must be 1.." + MAX_PENDING_LIMIT + ": " + maxPending);
        }
        this.maxPending = maxPending;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        server.opened(this);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.closed(this, subscriptions, closeReason);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ApiMessage m) {
        switch (m) {
            case ApiMessage.Announce a -> server.announced(a);
            case ApiMessage.Notify n -> {
                if (subscriptions.add(n.dataType())) {
                    server.subscribed(this, n.dataType());
                }
            }
            case ApiMessage.Validation v -> {
                Long itemId;
                synchronized (this) {
                    itemId = pending.remove(v.messageId());
                }
                server.validated(this, v, itemId);
            }
            // The frame decoder refuses a NOTIFICATION from a module, so none arrives here.
            case ApiMessage.Notification n -> throw new IllegalStateException("a NOTIFICATION passed the decoder");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ConnectionClosed c && closeReason == null) {
            closeReason = c.reason();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(cause instanceof java.io.IOException io ? "I/O: " + io.getMessage() : "internal error: " + cause);
    }

    /**
     * Sends a NOTIFICATION of the item if this connection subscribes to
     * {@code dataType}; true if sent. A connection whose outbound queue is over the
     * high-water mark (it does not read) is closed instead.
     */
    boolean offer(long itemId, int dataType, byte[] data) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || !subscriptions.contains(dataType)) {
            return false;
        }
        if (!ch.isWritable()) {
            close("not reading: over " + ch.config().getWriteBufferHighWaterMark()
                    + " bytes of notifications queued");
            return false;
        }
        int id;
        synchronized (this) {
            id = nextId;
            nextId = (nextId + 1) & 0xFFFF;
            pending.put(id, itemId);
            if (pending.size() > maxPending) {
                Iterator<Map.Entry<Integer, Long>> oldest = pending.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        byte[] bytes = VoidPhoneCodec.encode(new ApiMessage.Notification(id, dataType, data));
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        return true;
    }

    /** The remote address, for logs. */
    String who() {
        Channel ch = channel;
        return ch == null ? "?" : String.valueOf(ch.remoteAddress());
    }

    /** Closes the connection, reporting {@code reason} (the first reason given wins). */
    void close(String reason) {
        Channel ch = channel;
        if (ch != null) {
            ch.pipeline().fireUserEventTriggered(new ConnectionClosed(reason));
            ch.close();
        }
    }

    /** Closes the connection without a reason to log (the server shuts down). */
    void closeQuietly() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Ids awaiting a VALIDATION now. */
    synchronized int pendingValidations() {
        return pending.size();
    }
}
