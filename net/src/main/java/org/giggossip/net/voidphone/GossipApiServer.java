package org.giggossip.net.voidphone;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.giggossip.net.link.CloseLog;
import org.giggossip.net.netty.ConnectionLimitHandler;
import org.giggossip.net.netty.ConnectionLimiter;
import org.giggossip.net.voidphone.VoidPhoneCodec.Sender;

/**
 * The VoidPhone gossip API server (seed 003; docs/specs/voidphone-gossip-api.md): the local TCP API through
 * which modules announce items, subscribe to data types, receive NOTIFICATIONs and
 * answer them with VALIDATIONs. Announcements and validations go to the
 * {@link ItemGossipPort}; items come back through {@link #deliver}.
 *
 * <p>Behaviour the spec leaves open, chosen here:
 * <ul>
 * <li>A NOTIFY lasts as long as its connection; several types per connection are fine,
 *     and a repeated NOTIFY changes nothing.
 * <li>Message ids are per connection (a u16 counter that wraps), so the same item has
 *     a different id on each subscribed connection; each VALIDATION is passed on with
 *     the item's id. A VALIDATION for an id this connection does not wait for (never
 *     sent, already answered, or forgotten because more than
 *     {@link Options#maxPendingValidations} were unanswered) is ignored with a debug
 *     line, not a disconnect: a slow module should not lose its subscriptions.
 * <li>Malformed messages (wrong size for the type, size under 4, unknown type, a
 *     NOTIFICATION from a module) close that connection with a logged reason; others
 *     are unaffected. So does a message left incomplete for
 *     {@link Options#incompleteTimeout}.
 * <li>A connection whose unread notifications exceed {@link Options#outboundHighWater}
 *     bytes is closed ("not reading") instead of being buffered without bound.
 * <li>At most {@link Options#maxClients} connections; more are closed at once.
 * </ul>
 * Disconnects for a reason are logged at INFO through a rate-limited {@link CloseLog};
 * a client closing its connection is logged at DEBUG. Thread-safe;
 * the port is called from the server's I/O threads.
 */
public final class GossipApiServer implements ItemDelivery, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GossipApiServer.class.getName());

    /**
     * The server's limits.
     *
     * @param maxClients            connections at once, positive
     * @param outboundHighWater     bytes of unread notifications after which a connection is closed, at least 64 KiB
     * @param maxPendingValidations unanswered message ids remembered per connection, 1 to 32768
     * @param incompleteTimeout     how long a message may stay incomplete, positive
     * @param ioThreads             Netty I/O threads, positive
     */
    public record Options(int maxClients, int outboundHighWater, int maxPendingValidations,
            Duration incompleteTimeout, int ioThreads) {
        /** Default {@link #maxClients}: 64. */
        public static final int DEFAULT_MAX_CLIENTS = 64;
        /** Default {@link #outboundHighWater}: 4 MiB. */
        public static final int DEFAULT_OUTBOUND_HIGH_WATER = 4 << 20;
        /** Default {@link #maxPendingValidations}: 4096. */
        public static final int DEFAULT_MAX_PENDING = 4096;
        /** Default {@link #incompleteTimeout}: 10 s. */
        public static final Duration DEFAULT_INCOMPLETE_TIMEOUT = Duration.ofSeconds(10);

        public Options {
            if (maxClients < 1) {
                throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
            }
            if (outboundHighWater < VoidPhoneCodec.MAX_SIZE + 1) {
                throw new IllegalArgumentException("outboundHighWater must be at least 64 KiB: " + outboundHighWater);
            }
            if (maxPendingValidations < 1 || maxPendingValidations > ApiSession.MAX_PENDING_LIMIT) {
                throw new IllegalArgumentException("maxPendingValidations must be 1.." + ApiSession.MAX_PENDING_LIMIT
                        + ": " + maxPendingValidations);
            }
            Objects.requireNonNull(incompleteTimeout, "incompleteTimeout");
            if (incompleteTimeout.isNegative() || incompleteTimeout.isZero()) {
                throw new IllegalArgumentException("incompleteTimeout must be positive: " + incompleteTimeout);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
            }
        }

        /** The defaults, on one I/O thread. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_CLIENTS, DEFAULT_OUTBOUND_HIGH_WATER, DEFAULT_MAX_PENDING,
                    DEFAULT_INCOMPLETE_TIMEOUT, 1);
        }

        public Options withMaxClients(int n) {
            return new Options(n, outboundHighWater, maxPendingValidations, incompleteTimeout, ioThreads);
        }

        public Options withOutboundHighWater(int bytes) {
            return new Options(maxClients, bytes, maxPendingValidations, incompleteTimeout, ioThreads);
        }

        public Options withMaxPendingValidations(int n) {
            return new Options(maxClients, outboundHighWater, n, incompleteTimeout, ioThreads);
        }

        public Options withIncompleteTimeout(Duration d) {
            return new Options(maxClients, outboundHighWater, maxPendingValidations, d, ioThreads);
        }

        public Options withIoThreads(int n) {
            return new Options(maxClients, outboundHighWater, maxPendingValidations, incompleteTimeout, n);
        }
    }

    private final ItemGossipPort gossip;
    private final Options options;
    private final EventLoopGroup group;
    private final CloseLog closeLog;
    private final Set<ApiSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Set<ApiSession>> subscribers = new ConcurrentHashMap<>();
    private volatile Channel server;

    private GossipApiServer(ItemGossipPort gossip, Options options) {
        this.gossip = Objects.requireNonNull(gossip, "gossip");
        this.options = Objects.requireNonNull(options, "options");
        this.group = new NioEventLoopGroup(options.ioThreads());
        this.closeLog = new CloseLog(LOG, InstantSource.system());
    }

    /**
     * Starts the API on {@code apiAddress} (port 0 picks a free port, see {@link #address}).
     *
     * @throws IllegalStateException if the address cannot be bound, with the reason
     */
    public static GossipApiServer start(InetSocketAddress apiAddress, ItemGossipPort gossip, Options options) {
        Objects.requireNonNull(apiAddress, "apiAddress");
        GossipApiServer s = new GossipApiServer(gossip, options);
        ConnectionLimiter limiter = new ConnectionLimiter(options.maxClients(), options.maxClients());
        int high = options.outboundHighWater();
        ChannelFuture bound = new ServerBootstrap().group(s.group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("limit", new ConnectionLimitHandler(limiter))
                                .addLast("frames", new ApiFrameDecoder(Sender.MODULE, options.incompleteTimeout()))
                                .addLast("session", new ApiSession(s, options.maxPendingValidations()));
                    }
                }).bind(apiAddress).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            s.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + apiAddress + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        s.server = bound.channel();
        LOG.log(System.Logger.Level.INFO, "VoidPhone gossip API listening on " + s.address());
        return s;
    }

    /** The address the API listens on (the port chosen when started with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Connections open now. */
    public int clients() {
        return sessions.size();
    }

    /**
     * Sends a NOTIFICATION of the item to every connection subscribed to {@code dataType},
     * each under a message id of its own; answers how many were sent. A subscriber that
     * does not read its notifications is closed and not counted.
     *
     * @throws IllegalArgumentException if {@code dataType} is not a u16 or {@code data}
     *     is over {@link ApiMessage#MAX_DATA} bytes
     */
    @Override
    public int deliver(long itemId, int dataType, byte[] data) {
        if (dataType < 0 || dataType > 0xFFFF || data.length > ApiMessage.MAX_DATA) {
            throw new IllegalArgumentException("cannot notify data type " + dataType + " with " + data.length
                    + " bytes (at most " + ApiMessage.MAX_DATA + ")");
        }
        Set<ApiSession> subscribed = subscribers.get(dataType);
        if (subscribed == null) {
            return 0;
        }
        int sent = 0;
        for (ApiSession session : subscribed) {
            if (session.offer(itemId, dataType, data)) {
                sent++;
            }
        }
        return sent;
    }

    /** Stops listening and closes every connection (logged as one line); waits up to 5 s. */
    @Override
    public void close() {
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        int open = sessions.size();
        for (ApiSession session : sessions) {
            session.closeQuietly();
        }
        LOG.log(System.Logger.Level.DEBUG, "VoidPhone gossip API closed, with " + open + " connection(s)");
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        closeLog.flush();
    }

    void opened(ApiSession session) {
        sessions.add(session);
    }

    /** A connection ended: {@code reason} is null when the client closed it or the server shut down. */
    void closed(ApiSession session, Set<Integer> types, String reason) {
        sessions.remove(session);
        for (Integer type : types) {
            subscribers.computeIfPresent(type, (t, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        if (reason == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> session.who() + " closed the connection");
        } else {
            closeLog.closed(session.who(), reason);
        }
    }

    void subscribed(ApiSession session, int dataType) {
        subscribers.compute(dataType, (t, set) -> {
            Set<ApiSession> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(session);
            return s;
        });
    }

    void announced(ApiMessage.Announce a) {
        try {
            gossip.announce(a.ttl(), a.dataType(), a.data());
        } catch (RuntimeException e) {
            // The gossip side's fault, not the module's: keep the connection.
            LOG.log(System.Logger.Level.WARNING, "gossip refused an announcement: " + e, e);
        }
    }

    void validated(ApiSession session, ApiMessage.Validation v, Long itemId) {
        if (itemId == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> session.who() + ": VALIDATION for unknown message id "
                    + v.messageId() + " ignored");
            return;
        }
        try {
            gossip.validated(itemId, v.valid());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "gossip refused a validation: " + e, e);
        }
    }
}
