package org.giggossip.net.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.admission.AdmissionError;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.netty.AdmissionHandler;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.net.netty.Bolt8HandshakeHandler;
import org.giggossip.net.netty.ConnectionClosed;
import org.giggossip.net.netty.ConnectionLimitHandler;
import org.giggossip.net.netty.ConnectionLimiter;
import org.giggossip.net.netty.HandshakeDeadlineHandler;
import org.giggossip.net.netty.IdleTimeoutHandler;
import org.giggossip.net.netty.KeyProbeHandler;
import org.giggossip.net.netty.OutboundLimitHandler;
import org.giggossip.net.netty.PeerAdmitted;
import org.giggossip.net.netty.RateLimitHandler;
import org.giggossip.net.noise.Bolt8Handshake;

/**
 * One node's TCP links (docs/protocol.md §1): it listens and dials, runs the
 * BOLT 8 handshake and the per-connection proof-of-work admission on every
 * connection, then carries typed messages ({@link MessageType}) to and from
 * admitted peers, reporting to a {@link LinkListener}.
 *
 * <p>The pipeline of each connection is the one of
 * {@link org.giggossip.net.netty} (connection cap on inbound connections,
 * handshake, admission, handshake deadline, idle timeout, rate limit) followed
 * by this class's message handler, which checks the type byte and the per-type
 * size limit before handing a body on.
 *
 * <p>At most one link per peer, and a second one never costs the only working one
 * ({@link #keepNewer}): when both sides dialled at once, both nodes keep the one
 * dialled by the lower id and close the other, so the choice agrees without a
 * message; a link that arrives while an older one has been up for longer than
 * such a race takes (the peer dialled again, so it lost the old one: it
 * restarted, or the old connection died unseen) replaces the old one. Sends to a peer whose outbound queue
 * is above {@link LinkConfig#outboundHighWater()} are refused and counted
 * (backpressure: the caller drops or retries, the node never buffers without bound);
 * a peer that keeps the queue above it for {@link LinkConfig#idle()} is closed
 * ({@link OutboundLimitHandler}). Closes are logged through a rate-limited
 * {@link CloseLog}, so hostile peers cannot flood the log.
 *
 * <p>Thread-safe. Listener calls come from Netty's I/O threads.
 */
public final class Links implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Links.class.getName());
    /** BOLT 8's largest message: the type byte plus the largest body. */
    private static final int MAX_MESSAGE = MessageType.MAX_BODY + 1;
    /**
     * Peers whose link count is kept while they are not linked: identities cost a peer nothing, so
     * past this many the counts of peers not linked now are dropped (memory stays bounded).
     */
    static final int REMEMBERED_PEERS = 4096;

    private final PrivateKey identity;
    private final PublicKey self;
    private final LinkConfig config;
    private final LinkListener listener;
    private final SecureRandom random;
    private final InstantSource clock;
    private final AdmissionSolver solver;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final ConnectionLimiter inboundLimiter;
    private final Map<PublicKey, Channel> links = new ConcurrentHashMap<>();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Map<PublicKey, CompletableFuture<PublicKey>> dialing = new ConcurrentHashMap<>();
    /** How many times a link to each peer came up; past {@link #REMEMBERED_PEERS}, peers not linked are forgotten. */
    private final Map<PublicKey, Integer> ups = new ConcurrentHashMap<>();
    private final Stats stats = new Stats();
    private final CloseLog closeLog;
    private volatile Channel server;
    private volatile boolean closed;

    /**
     * Links of a node, from their named parts: {@link Builder#solver} is required; the
     * configuration, randomness and clock default to {@link LinkConfig#defaults()}, a
     * {@link SecureRandom} and the system clock, the event loops to the links' own.
     *
     * @param identity the node's key: the BOLT 8 static key and the admission identity
     * @param listener told of links coming up and down and of every message
     */
    public static Builder builder(PrivateKey identity, LinkListener listener) {
        return new Builder(identity, listener);
    }

    /** The parts of {@link Links}; see {@link #builder}. */
    public static final class Builder {
        private final PrivateKey identity;
        private final LinkListener listener;
        private LinkConfig config = LinkConfig.defaults();
        private SecureRandom random;
        private InstantSource clock = InstantSource.system();
        private AdmissionSolver solver;
        private EventLoopGroup group;

        private Builder(PrivateKey identity, LinkListener listener) {
            this.identity = Objects.requireNonNull(identity, "identity");
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** Limits, deadlines and the admission policy (default {@link LinkConfig#defaults()}). */
        public Builder config(LinkConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Randomness for handshakes and admission (default a new {@link SecureRandom}). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock of deadlines and the close log (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Solves the proofs of work a peer asks before it admits us (required). */
        public Builder solver(AdmissionSolver solver) {
            this.solver = Objects.requireNonNull(solver, "solver");
            return this;
        }

        /** Event loops shared between the nodes of one process; null (the default): the links' own. */
        public Builder group(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** @throws NullPointerException if the solver was not given */
        public Links build() {
            return new Links(this);
        }
    }

    private Links(Builder b) {
        this.identity = b.identity;
        this.self = identity.publicKey();
        this.config = b.config;
        this.listener = b.listener;
        this.random = b.random != null ? b.random : new SecureRandom();
        this.clock = b.clock;
        this.solver = Objects.requireNonNull(b.solver, "solver");
        this.ownGroup = b.group == null;
        this.group = b.group == null ? new NioEventLoopGroup(1) : b.group;
        this.inboundLimiter = new ConnectionLimiter(config.maxConnections(), config.maxPerIp());
        this.closeLog = new CloseLog(LOG, clock);
    }

    /** This node's id. */
    public PublicKey self() {
        return self;
    }

    /**
     * Starts accepting peers on {@code address} (port 0 picks a free port).
     *
     * @return the address bound
     * @throws IllegalStateException if the address cannot be bound, with the reason
     */
    public InetSocketAddress listen(InetSocketAddress address) {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, Role.RESPONDER, null, null);
                    }
                }).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + address + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        server = bound.channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** The address we listen on, if we do. */
    public java.util.Optional<InetSocketAddress> listenAddress() {
        Channel s = server;
        return s == null ? java.util.Optional.empty() : java.util.Optional.of((InetSocketAddress) s.localAddress());
    }

    /**
     * Dials {@code peer} at {@code address}. The future completes when a link to
     * the peer is admitted (this one, or one the peer dialled at the same time),
     * and fails with the reason the connection closed otherwise.
     */
    public CompletableFuture<PublicKey> connect(PublicKey peer, InetSocketAddress address) {
        Objects.requireNonNull(peer, "peer");
        CompletableFuture<PublicKey> done = new CompletableFuture<>();
        if (peer.equals(self)) {
            done.completeExceptionally(new LinkException("will not dial ourselves"));
            return done;
        }
        if (links.containsKey(peer)) {
            done.complete(peer);
            return done;
        }
        if (closed) {
            done.completeExceptionally(new LinkException("links are closed"));
            return done;
        }
        CompletableFuture<PublicKey> inFlight = dialing.putIfAbsent(peer, done);
        if (inFlight != null) {
            return inFlight; // one dial per peer at a time: two would race into duplicate links
        }
        done.whenComplete((ok, error) -> dialing.remove(peer, done));
        if (channels.size() >= config.maxConnections()) {
            done.completeExceptionally(new LinkException("connection cap of " + config.maxConnections() + " reached"));
            return done;
        }
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.handshakeDeadline().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, Role.INITIATOR, peer, done);
                    }
                }).connect(address).addListener(f -> {
                    if (!f.isSuccess()) {
                        stats.dialFailures.incrementAndGet();
                        done.completeExceptionally(new LinkException("cannot connect to " + address + ": "
                                + f.cause().getMessage()));
                    }
                });
        return done;
    }

    /**
     * Sends one message to a linked peer.
     *
     * @return false when there is no link to the peer or its outbound queue is full
     * @throws IllegalArgumentException for a body over the type's limit (our bug, not the peer's)
     */
    public boolean send(PublicKey peer, MessageType type, byte[] body) {
        if (body.length > type.maxBody()) {
            throw new IllegalArgumentException(type + " body of " + body.length + " bytes is over its limit of "
                    + type.maxBody());
        }
        Channel ch = links.get(peer);
        if (ch == null) {
            return false;
        }
        if (!ch.isWritable()) {
            stats.refusedSends.incrementAndGet();
            return false;
        }
        ByteBuf buf = ch.alloc().buffer(1 + body.length);
        buf.writeByte(type.code()).writeBytes(body);
        stats.sent.incrementAndGet();
        stats.sentByType.incrementAndGet(type.ordinal());
        ch.writeAndFlush(buf).addListener(io.netty.channel.ChannelFutureListener.CLOSE_ON_FAILURE);
        return true;
    }

    /** Closes the link to {@code peer}, if any, reporting {@code reason}. */
    public void disconnect(PublicKey peer, String reason) {
        Channel ch = links.get(peer);
        if (ch != null) {
            ch.pipeline().fireUserEventTriggered(new ConnectionClosed(reason));
            ch.close();
        }
    }

    /** The peers linked now. */
    public Set<PublicKey> peers() {
        return Set.copyOf(links.keySet());
    }

    /** The remote address of the link to {@code peer}, if linked. */
    public java.util.Optional<InetSocketAddress> remoteAddress(PublicKey peer) {
        Channel ch = links.get(peer);
        return ch == null ? java.util.Optional.empty() : java.util.Optional.of((InetSocketAddress) ch.remoteAddress());
    }

    /** The link to {@code peer} as an operator sees it: direction, since when, reconnects; empty if not linked. */
    public java.util.Optional<LinkInfo> link(PublicKey peer) {
        Channel ch = links.get(peer);
        if (ch == null || !(ch.pipeline().get(LinkHandler.class) instanceof LinkHandler h) || h.since == null) {
            return java.util.Optional.empty();
        }
        int up = ups.getOrDefault(peer, 1);
        return java.util.Optional.of(new LinkInfo(peer, (InetSocketAddress) ch.remoteAddress(), h.outbound, h.since,
                Math.max(0, up - 1)));
    }

    /** Every link up now ({@link #link}), in no particular order. */
    public java.util.List<LinkInfo> linkInfos() {
        return links.keySet().stream().map(this::link).flatMap(java.util.Optional::stream).toList();
    }

    /**
     * Marks the link to {@code peer} now up as an errand ({@code errand} true), or as a link like
     * any other again (false): the peer linked only to do one thing and close the link, as a node
     * that enrols with a settler node does (it closes that link "enrolled; the enrolment link is
     * done" and then links for good). Once an errand link goes down it no longer counts as a link
     * that came up, so the peer's next link is not a {@linkplain LinkInfo#reconnects reconnect}.
     * No effect if not linked.
     */
    public void errand(PublicKey peer, boolean errand) {
        Channel ch = links.get(peer);
        if (ch != null && ch.pipeline().get(LinkHandler.class) instanceof LinkHandler h) {
            h.errand = errand;
        }
    }

    /** Uncounts a link to {@code peer} that came up: it was an errand ({@link #errand}). */
    private void countDown(PublicKey peer) {
        ups.computeIfPresent(peer, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Counts a link to {@code peer} coming up; forgets peers not linked now when too many are known. */
    private void countUp(PublicKey peer) {
        if (ups.size() >= REMEMBERED_PEERS && !ups.containsKey(peer)) {
            ups.keySet().removeIf(p -> !links.containsKey(p));
        }
        ups.merge(peer, 1, Integer::sum);
    }

    /** Counters since start. */
    public LinkStats stats() {
        return new LinkStats(links.size(), channels.size(), stats.admitted.get(), stats.closed.get(),
                stats.received.get(), stats.sent.get(), stats.refusedSends.get(), stats.dialFailures.get());
    }

    /** Admitted links up now that were dialled by us ({@code outbound}) or by the peer. */
    public int links(boolean outbound) {
        int n = 0;
        for (Channel ch : links.values()) {
            if (ch.pipeline().get(LinkHandler.class) instanceof LinkHandler h && h.outbound == outbound) {
                n++;
            }
        }
        return n;
    }

    /** Links reported up since start that were dialled by us ({@code outbound}) or by the peer. */
    public long opened(boolean outbound) {
        return outbound ? stats.openedOut.get() : stats.openedIn.get();
    }

    /** Links reported down since start for {@code cause}. */
    public long closed(CloseCause cause) {
        return stats.linkCloses.get(cause.ordinal());
    }

    /**
     * Connections closed since start without ever being a link (handshake, admission or a limit
     * failed, or a duplicate of a link to the same peer), for {@code cause}.
     */
    public long failed(CloseCause cause) {
        return stats.failedConnections.get(cause.ordinal());
    }

    /** Admissions that failed since start with {@code error} (either side's fault; seed 003, 2.3). */
    public long admissionFailures(AdmissionError error) {
        return stats.admissionErrors.get(error.ordinal());
    }

    /** Messages of {@code type} delivered to the listener since start. */
    public long received(MessageType type) {
        return stats.receivedByType.get(type.ordinal());
    }

    /** Messages of {@code type} queued to peers since start. */
    public long sent(MessageType type) {
        return stats.sentByType.get(type.ordinal());
    }

    /** Stops listening and closes every connection; waits up to 5 s for them to close. */
    @Override
    public void close() {
        close("node shutting down");
    }

    /**
     * As {@link #close()}, each connection closing for {@code reason} (logged at debug here: our
     * own close is no news; the peer logs that we closed).
     */
    public void close(String reason) {
        Objects.requireNonNull(reason, "reason");
        closed = true;
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(new ConnectionClosed(reason));
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        closeLog.flush();
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.outboundLowWater(), config.outboundHighWater());
    }

    private void pipeline(SocketChannel ch, Role role, PublicKey expected, CompletableFuture<PublicKey> dialled) {
        if (closed) {
            ch.close();
            return;
        }
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
        ChannelPipeline p = ch.pipeline();
        if (role == Role.RESPONDER) {
            p.addLast("limit", new ConnectionLimitHandler(inboundLimiter));
            p.addLast("probe", new KeyProbeHandler(self)); // bare host:port peers learn our key (KeyProbe)
        }
        Bolt8Handshake handshake = role == Role.INITIATOR ? Bolt8Handshake.initiator(identity, expected, random)
                : Bolt8Handshake.responder(identity, random);
        p.addLast("bolt8", new Bolt8HandshakeHandler(handshake, MAX_MESSAGE));
        p.addLast("admission", new AdmissionHandler(role, self, config.admission(), random, clock, solver));
        p.addLast("deadline", new HandshakeDeadlineHandler(config.handshakeDeadline()));
        p.addLast("idle", new IdleTimeoutHandler(config.idle(), clock));
        p.addLast("rate", new RateLimitHandler(config.framesPerSecond(), config.bytesPerSecond(), clock));
        // a peer that leaves our queue above the high water mark for the idle time is as good as gone
        p.addLast("outbound", new OutboundLimitHandler(config.idle()));
        p.addLast("link", new LinkHandler(role == Role.INITIATOR, expected, dialled));
    }

    /** The last handler: registers the admitted link, checks and delivers messages, reports the close. */
    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        private final boolean outbound;
        private final CompletableFuture<PublicKey> dialled;
        private final PublicKey expected;
        private PublicKey peer;
        /** When the peer's link came up (set once registered; kept when this link replaces a duplicate). */
        private volatile Instant since;
        /** When this connection was admitted, for the duplicate rule ({@link Links#keepNewer}). */
        private volatile Instant admittedAt;
        private volatile boolean registered;
        /** A registered link whose peer is now served by another link: neither a link close nor a failure. */
        private volatile boolean replaced;
        /** A link the peer made for one errand ({@link Links#errand}): not counted once down. */
        private volatile boolean errand;
        private String reason;

        LinkHandler(boolean outbound, PublicKey expected, CompletableFuture<PublicKey> dialled) {
            this.outbound = outbound;
            this.expected = expected;
            this.dialled = dialled;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            switch (evt) {
                case PeerAdmitted admitted -> admit(ctx, admitted.peer());
                case ConnectionClosed c -> {
                    if (reason == null) {
                        reason = c.reason();
                    }
                }
                default -> super.userEventTriggered(ctx, evt);
            }
        }

        private void admit(ChannelHandlerContext ctx, PublicKey who) {
            peer = who;
            stats.admitted.incrementAndGet();
            if (who.equals(self)) {
                close(ctx, "link: the peer is ourselves");
                return;
            }
            Channel ch = ctx.channel();
            admittedAt = clock.instant();
            Channel old = links.putIfAbsent(who, ch);
            if (old != null && old != ch) {
                LinkHandler oldHandler = old.pipeline().get(LinkHandler.class);
                boolean oldOutbound = oldHandler != null && oldHandler.outbound;
                Instant oldAt = oldHandler == null || oldHandler.admittedAt == null ? admittedAt
                        : oldHandler.admittedAt;
                boolean keepNew = keepNewer(self.compareTo(who) < 0, outbound, oldOutbound,
                        java.time.Duration.between(oldAt, admittedAt), config.handshakeDeadline());
                if (!keepNew) {
                    complete(who);
                    close(ctx, "link: duplicate link to " + who.hex().substring(0, 12));
                    return;
                }
                // the peer stayed linked: its link is as old as the one this replaces
                since = oldHandler != null && oldHandler.since != null ? oldHandler.since : clock.instant();
                links.put(who, ch);
                registered = true;
                if (oldHandler != null) {
                    oldHandler.registered = false;
                    oldHandler.replaced = true;
                }
                old.pipeline().fireUserEventTriggered(new ConnectionClosed("link: duplicate link, replaced"));
                old.close();
                complete(who);
                return; // the listener already knows the peer is up
            }
            since = clock.instant();
            countUp(who);
            registered = true;
            (outbound ? stats.openedOut : stats.openedIn).incrementAndGet();
            listener.linkUp(who, (InetSocketAddress) ch.remoteAddress(), outbound);
            complete(who);
        }

        private void complete(PublicKey who) {
            if (dialled != null) {
                dialled.complete(who);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!registered || !(msg instanceof ByteBuf buf)) {
                    return; // a duplicate link closing; nothing reaches the listener
                }
                if (buf.readableBytes() < 1) {
                    close(ctx, "link: an empty message");
                    return;
                }
                int code = buf.readUnsignedByte();
                var type = MessageType.of(code);
                if (type.isEmpty()) {
                    close(ctx, "link: unknown message type " + code);
                    return;
                }
                int size = buf.readableBytes();
                if (size > type.get().maxBody()) {
                    close(ctx, "link: " + type.get() + " body of " + size + " bytes over its limit of "
                            + type.get().maxBody());
                    return;
                }
                byte[] body = new byte[size];
                buf.readBytes(body);
                stats.received.incrementAndGet();
                stats.receivedByType.incrementAndGet(type.get().ordinal());
                listener.message(peer, type.get(), body);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            stats.closed.incrementAndGet();
            PublicKey other = peer != null ? peer : expected;
            if (reason == null && !registered && other != null && links.containsKey(other)) {
                // the peer closed this connection before we admitted it while another link to it is up:
                // its half of the duplicate rule, and the dial succeeded through that link
                reason = "link: duplicate link to " + other.hex().substring(0, 12) + ", closed by the peer";
                if (dialled != null) {
                    dialled.complete(other);
                }
            }
            String why = reason == null ? "closed by the peer" : reason;
            if (dialled != null && !dialled.isDone()) {
                dialled.completeExceptionally(new LinkException(why));
            }
            CloseCause cause = CloseCause.of(reason);
            if (registered) {
                registered = false;
                if (errand) {
                    countDown(peer);
                }
                stats.linkCloses.incrementAndGet(cause.ordinal());
                links.remove(peer, ctx.channel());
                listener.linkDown(peer, why);
            } else if (!replaced) {
                stats.failedConnections.incrementAndGet(cause.ordinal());
                CloseCause.admissionError(reason).ifPresent(e -> stats.admissionErrors.incrementAndGet(e.ordinal()));
            }
            String who = ctx.channel().remoteAddress() + (peer == null ? "" : " " + peer.hex().substring(0, 12));
            if (closed) {
                closeLog.closedAtShutdown(who, why); // our own close(): chatter, not news
            } else {
                closeLog.closed(who, why);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close(ctx, cause instanceof java.io.IOException io ? "I/O: " + io.getMessage()
                    : "internal error: " + cause);
        }

        private void close(ChannelHandlerContext ctx, String why) {
            if (reason == null) {
                reason = why;
            }
            ctx.close();
        }
    }

    /**
     * The duplicate rule: with a link to a peer up since {@code age} ago, whether a second
     * link to it, just admitted, replaces it. Both ends decide alone and agree. Two links
     * dialled the same way can only both be up at the end that accepted them: the dialler
     * dials only while it holds no link, so it has lost the older one, and the newer wins.
     * Two links dialled in opposite directions within {@code race} (a handshake deadline)
     * of each other are a simultaneous dial: the one dialled by the lower id wins. Past
     * that, the newer wins: its dialler would not have dialled while holding the old one.
     *
     * @param selfLower   our id is the lower of the two
     * @param newOutbound we dialled the new link
     * @param oldOutbound we dialled the old link
     * @param age         how long after the old link the new one was admitted here
     * @param race        the longest two links of a simultaneous dial are apart
     */
    static boolean keepNewer(boolean selfLower, boolean newOutbound, boolean oldOutbound, java.time.Duration age,
            java.time.Duration race) {
        if (newOutbound == oldOutbound || age.compareTo(race.multipliedBy(2)) > 0) {
            return true;
        }
        return newOutbound == selfLower; // the new link was dialled by the lower id
    }

    private static final class Stats {
        final AtomicLong admitted = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refusedSends = new AtomicLong();
        final AtomicLong dialFailures = new AtomicLong();
        final AtomicLong openedIn = new AtomicLong();
        final AtomicLong openedOut = new AtomicLong();
        final AtomicLongArray sentByType = new AtomicLongArray(MessageType.values().length);
        final AtomicLongArray receivedByType = new AtomicLongArray(MessageType.values().length);
        final AtomicLongArray linkCloses = new AtomicLongArray(CloseCause.values().length);
        final AtomicLongArray failedConnections = new AtomicLongArray(CloseCause.values().length);
        final AtomicLongArray admissionErrors = new AtomicLongArray(AdmissionError.values().length);
    }
}
