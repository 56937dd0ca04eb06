package org.giggossip.node.host;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.Engine;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.EngineSnapshot;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.Output;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;

/**
 * The daemon's host for one engine (docs/architecture.md, "One engine, three hosts"):
 * real sockets through {@link Links}, the system clock, proofs of work on a
 * {@link PowSolver} pool, a wallet and settlers through {@link Payments}.
 *
 * <p>Concurrency (docs/architecture.md, settled): one event-loop thread owns the
 * engine; every input (a decoded frame, a link change, a proof of work, a
 * wallet or settler answer, an application command) is a task on that loop.
 * Frames are decoded on Netty's I/O threads before they are queued. Reactions
 * to outputs are queued too, never run inside the engine's call.
 *
 * <p>A reply the engine sends to a peer whose link is down waits in the peer's {@link Outbox}
 * (bounded, until the reply's promise expires) and goes out, in order, when the peer links again
 * from any address (docs/protocol.md, "A hop that is briefly offline").
 */
public final class EngineHost implements LinkListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EngineHost.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How often held frames are retried and swept while any are held. */
    private static final Duration OUTBOX_SWEEP = Duration.ofSeconds(1);

    /** Binds a node's wallet and settler answers to their sinks and returns the node's {@link Payments}. */
    @FunctionalInterface
    public interface PaymentsBinding {
        Payments bind(Consumer<WalletEvent> wallet, Consumer<SettlerResponse> settler);
    }

    private final String name;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Thread loopThread;
    private final Engine engine;
    private final Links links;
    private final PowSolver pow;
    private final Payments payments;
    private final List<HostListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.ArrayDeque<Output> pending = new java.util.ArrayDeque<>();
    private final Durable durable;
    private long savedVersion = Long.MIN_VALUE;
    private final Map<MessageType, BiConsumer<PublicKey, byte[]>> handlers = new EnumMap<>(MessageType.class);
    /** Replies for peers whose link is down (docs/protocol.md, "A hop that is briefly offline"); the loop's. */
    private final Outbox outbox;
    /** Whether a sweep of {@link #outbox} is scheduled; the loop's. */
    private boolean sweeping;
    private volatile LinkService service;
    private volatile boolean closed;

    /**
     * A host for one engine, from its named parts.
     *
     * @param name the host's short name, for its loop thread and logs
     * @param identity the node's key, signer and certificate
     */
    public static Builder builder(String name, NodeIdentity identity) {
        return new Builder(name, identity);
    }

    /**
     * The parts of an {@link EngineHost}. Required: {@link #config}, {@link #validator},
     * {@link #clock}, {@link #random}, {@link #links}, {@link #pow} and {@link #payments};
     * {@link #group} (default: the host's own event loops), {@link #durable} (default: in
     * memory only) and {@link #outbox} (default: {@link Outbox.Limits#defaults()}) are optional.
     */
    public static final class Builder {
        private final String name;
        private final NodeIdentity identity;
        private EngineConfig config;
        private CertificateValidator validator;
        private Clock clock;
        private SecureRandom random;
        private LinkConfig links;
        private PowSolver pow;
        private EventLoopGroup group;
        private PaymentsBinding payments;
        private Durable durable;
        private Outbox.Limits outbox = Outbox.Limits.defaults();

        private Builder(String name, NodeIdentity identity) {
            this.name = Objects.requireNonNull(name, "name");
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** The engine's configuration. */
        public Builder config(EngineConfig config) {
            this.config = config;
            return this;
        }

        /** How certificates of others are checked. */
        public Builder validator(CertificateValidator validator) {
            this.validator = validator;
            return this;
        }

        /** The clock of the engine and its links. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Randomness for keys, nonces and the engine's choices. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** The limits and admission policy of the node's links. */
        public Builder links(LinkConfig links) {
            this.links = links;
            return this;
        }

        /** The proof-of-work pool (shared by the nodes of one process). */
        public Builder pow(PowSolver pow) {
            this.pow = pow;
            return this;
        }

        /** Netty's event loops, shared by the nodes of one process (default: the host's own). */
        public Builder group(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** How the node reaches its wallet and settler. */
        public Builder payments(PaymentsBinding payments) {
            this.payments = payments;
            return this;
        }

        /** Where the engine's durable state lives (default: in memory only). */
        public Builder durable(Durable durable) {
            this.durable = durable;
            return this;
        }

        /** The caps of the outbox that holds replies for peers whose link is down ({@link Outbox}). */
        public Builder outbox(Outbox.Limits outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /**
         * The host, its engine restored from {@link #durable} when a snapshot is stored there. The
         * write-ahead contract of {@link Engine#snapshot()} holds: after every input, a changed
         * snapshot is stored before any output of that input is carried out.
         *
         * @throws NullPointerException  if a required part is missing, naming it
         * @throws IllegalStateException if the stored state does not decode (the node must not start
         *                               empty and forget money it holds)
         */
        public EngineHost build() {
            return new EngineHost(this);
        }
    }

    private EngineHost(Builder b) {
        String name = b.name;
        NodeIdentity identity = b.identity;
        EngineConfig config = Objects.requireNonNull(b.config, "config");
        CertificateValidator validator = Objects.requireNonNull(b.validator, "validator");
        Clock clock = Objects.requireNonNull(b.clock, "clock");
        SecureRandom random = Objects.requireNonNull(b.random, "random");
        LinkConfig linkConfig = Objects.requireNonNull(b.links, "links");
        PowSolver pow = Objects.requireNonNull(b.pow, "pow");
        PaymentsBinding payments = Objects.requireNonNull(b.payments, "payments");
        EventLoopGroup group = b.group;
        Durable durable = b.durable;
        this.durable = durable;
        this.outbox = new Outbox(b.outbox);
        this.name = name;
        this.clock = clock;
        this.pow = pow;
        Thread[] holder = new Thread[1];
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-" + name);
            t.setDaemon(true);
            holder[0] = t;
            return t;
        });
        try {
            loop.submit(() -> { }).get(); // starts the thread so it is known
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot start the event loop of " + name, e);
        }
        this.loopThread = holder[0];
        Optional<byte[]> stored = durable == null ? Optional.empty() : durable.load();
        if (stored.isPresent()) {
            EngineSnapshot snapshot = switch (EngineSnapshot.decode(stored.get())) {
                case Decoded.Ok<EngineSnapshot> ok -> ok.value();
                case Decoded.Err<EngineSnapshot> err -> throw new IllegalStateException(
                        "the stored engine state does not decode (" + err.error() + "); refusing to start empty");
            };
            this.engine = Engine.restore(config, identity, clock, random, validator, this::output, snapshot);
            LOG.log(System.Logger.Level.INFO, "node " + name + ": restored " + snapshot.hops() + " reply chains, "
                    + snapshot.jobInvoices() + " job invoices and " + snapshot.jobs() + " jobs");
        } else {
            this.engine = new Engine(config, identity, clock, random, validator, this::output);
        }
        this.payments = payments.bind(e -> {
            for (HostListener l : listeners) {
                l.walletEvent(identity.id(), clock.instant(), e);
            }
            post(() -> engine.onWallet(e));
        }, r -> {
            for (HostListener l : listeners) {
                l.settlerResponse(identity.id(), clock.instant(), r);
            }
            post(() -> engine.onSettler(r));
        });
        this.links = Links.builder(identity.key(), this)
                .config(linkConfig).random(random).clock(clock).solver(AdmissionSolver.of(pow)).group(group).build();
        handlers.put(MessageType.GOSSIP, this::gossip);
    }

    /**
     * Carries out what the engine asked for while it was built (a restored engine re-issues
     * payments and tells the app of its jobs again), once its state is stored. Call it once the
     * listeners are added; any input to the engine does it as well.
     */
    public void start() {
        post(() -> { });
    }

    /** Where a host keeps its engine's durable state. */
    public interface Durable {
        /** The last snapshot stored, if any. */
        Optional<byte[]> load();

        /** Stores {@code snapshot}; durable (committed, synced) when this returns. */
        void save(byte[] snapshot, long version);
    }

    /** The node's id. */
    public PublicKey id() {
        return engine.id();
    }

    /** The host's name. */
    public String name() {
        return name;
    }

    /** The node's links. */
    public Links links() {
        return links;
    }

    /** The node's wallet and settlers. */
    public Payments payments() {
        return payments;
    }

    /** Starts accepting peers; returns the address bound. */
    public InetSocketAddress listen(InetSocketAddress address) {
        return links.listen(address);
    }

    /** Dials a peer; completes when the link is admitted. */
    public CompletableFuture<PublicKey> connect(PublicKey peer, InetSocketAddress address) {
        return links.connect(peer, address);
    }

    /** Adds an observer of events and traces. */
    public void addListener(HostListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes an observer. */
    public void removeListener(HostListener listener) {
        listeners.remove(listener);
    }

    /**
     * Routes messages of {@code type} (other than gossip) to {@code handler}, called
     * on an I/O thread: it must hand the work to its own loop.
     */
    public void handle(MessageType type, BiConsumer<PublicKey, byte[]> handler) {
        if (type == MessageType.GOSSIP) {
            throw new IllegalArgumentException("gossip frames belong to the engine");
        }
        synchronized (handlers) {
            handlers.put(type, handler);
        }
    }

    /**
     * Carries SERVICE messages to {@code service} (a served or used settler and
     * wallet) and tells it of every link up and down; a fault it reports closes
     * the peer's link. Set before the node links to anyone.
     */
    public void serve(LinkService service) {
        this.service = Objects.requireNonNull(service, "service");
        handle(MessageType.SERVICE, (peer, body) -> service.message(peer, body)
                .ifPresent(reason -> links.disconnect(peer, reason)));
    }

    /**
     * Runs {@code command} on the node's loop and returns its result: the way an
     * application calls the engine from any other thread.
     *
     * @throws IllegalStateException if the node is closed or the loop does not answer within 30 s
     */
    public <T> T call(Function<Engine, T> command) {
        if (Thread.currentThread() == loopThread) {
            T result = command.apply(engine);
            flush();
            return result;
        }
        try {
            return loop.submit(() -> {
                T result = command.apply(engine);
                flush();
                return result;
            }).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("node " + name + " is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for node " + name);
        } catch (TimeoutException e) {
            throw new IllegalStateException("node " + name + " did not answer within " + CALL_TIMEOUT);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs {@code task} on the node's loop, later. */
    public void post(Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // closing: inputs after close are dropped
        }
    }

    // ---- links ----

    @Override
    public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {
        LinkService s = service;
        if (s != null) {
            s.linkUp(peer);
        }
        post(() -> {
            engine.peerConnected(peer);
            trace(new HostTrace.Link(peer, true, outbound, (outbound ? "to " : "from ") + remote));
            sendHeld(peer); // the peer is its key: held replies go to it from whatever address it came back
        });
    }

    @Override
    public void linkDown(PublicKey peer, String reason) {
        LinkService s = service;
        if (s != null) {
            s.linkDown(peer, reason);
        }
        post(() -> {
            engine.peerDisconnected(peer);
            trace(new HostTrace.Link(peer, false, false, reason));
        });
    }

    @Override
    public void message(PublicKey peer, MessageType type, byte[] body) {
        BiConsumer<PublicKey, byte[]> handler;
        synchronized (handlers) {
            handler = handlers.get(type);
        }
        if (handler == null && type == MessageType.DISCOVERY) {
            // discovery is registered just after the node starts listening: a peer's first message can come
            // before it, and is no fault of the peer's (a ping unanswered once is not a dead link)
            LOG.log(System.Logger.Level.DEBUG, () -> name + ": discovery not up yet; dropped a DISCOVERY message");
            return;
        }
        if (handler == null) {
            links.disconnect(peer, "link: " + type + " messages are not served here");
            return;
        }
        handler.accept(peer, body);
    }

    /** Decodes on the I/O thread, then hands the frame to the engine's loop. */
    private void gossip(PublicKey peer, byte[] body) {
        switch (FrameCodec.decode(body)) {
            case Decoded.Ok<Frame> ok -> post(() -> {
                trace(new HostTrace.FrameReceived(peer, ok.value().kind(), body.length, ok.value()));
                engine.onFrame(peer, ok.value());
            });
            case Decoded.Err<Frame> err -> {
                String reason = "undecodable frame: " + err.error();
                links.disconnect(peer, reason);
                post(() -> trace(new HostTrace.FrameUndecodable(peer, err.error().reason(), reason)));
            }
        }
    }

    // ---- outputs ----

    /** The engine's sink: outputs wait until the input that made them is over and its state stored. */
    private void output(Output output) {
        pending.add(output);
    }

    /** Stores a changed snapshot, then carries out the pending outputs in order (write-ahead). */
    private void flush() {
        if (durable != null && engine.durableVersion() != savedVersion) {
            long version = engine.durableVersion();
            durable.save(engine.snapshot().encode(), version); // throws: the outputs stay pending
            savedVersion = version;
        }
        for (Output o; (o = pending.poll()) != null; ) {
            dispatch(o);
        }
    }

    private void dispatch(Output output) {
        switch (output) {
            case Output.Send s -> send(s.peer(), s.frame());
            case Output.Disconnect d -> links.disconnect(d.peer(), "protocol: " + d.reason());
            case Output.SolvePow task -> solve(task);
            case Output.WakeUp w -> {
                long delay = Math.max(0, Duration.between(clock.instant(), w.at()).toNanos());
                try {
                    loop.schedule(() -> guarded(engine::onWake), delay, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closing
                }
            }
            case Output.Wallet w -> {
                for (HostListener l : listeners) {
                    l.walletRequest(id(), clock.instant(), w.request());
                }
                payments.wallet(w.request());
            }
            case Output.Settler s -> {
                for (HostListener l : listeners) {
                    l.settlerRequest(id(), clock.instant(), s.settler(), s.request());
                }
                payments.send(s.settler(), s.request());
            }
            case Output.Event e -> {
                Instant now = clock.instant();
                for (HostListener l : listeners) {
                    l.event(id(), now, e.event());
                }
            }
        }
    }

    /**
     * Sends {@code frame} to {@code peer}, after what is held for the peer (its order is kept); a
     * reply that cannot go now is held for the peer's return ({@link Outbox}), any other frame is
     * refused.
     */
    private void send(PublicKey peer, Frame frame) {
        byte[] bytes = FrameCodec.encode(frame);
        if (outbox.holds(peer)) {
            sendHeld(peer);
        }
        if (!outbox.holds(peer) && links.send(peer, MessageType.GOSSIP, bytes)) {
            trace(new HostTrace.FrameSent(peer, frame.kind(), bytes.length, frame));
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> validity = Outbox.validity(frame);
        if (validity.isEmpty() || !validity.get().isAfter(now)) {
            trace(new HostTrace.SendRefused(peer, frame.kind()));
            return;
        }
        Outbox.Holding holding = outbox.hold(peer, frame, bytes, validity.get(), now);
        trace(new HostTrace.FrameHeld(peer, frame.kind(), bytes.length, frame, holding.held().expiresAt()));
        for (Outbox.Dropped d : holding.dropped()) {
            dropped(d);
        }
        scheduleSweep();
    }

    /** Sends what is held for {@code peer}, oldest first, while its link takes it; drops what expired. */
    private void sendHeld(PublicKey peer) {
        Instant now = clock.instant();
        for (Optional<Outbox.Held> next; (next = outbox.first(peer)).isPresent(); ) {
            Outbox.Held h = next.get();
            if (!h.expiresAt().isAfter(now)) {
                outbox.remove(peer);
                dropped(new Outbox.Dropped(h, Outbox.Drop.EXPIRED));
                continue;
            }
            if (!links.send(peer, MessageType.GOSSIP, h.bytes())) {
                return; // still no link, or its queue is full: the next link-up or sweep tries again
            }
            outbox.remove(peer);
            trace(new HostTrace.FrameSent(peer, h.frame().kind(), h.bytes().length, h.frame()));
            trace(new HostTrace.HeldFrameSent(peer, h.frame().kind(), h.bytes().length, h.frame(),
                    Duration.between(h.heldAt(), now)));
        }
    }

    private void dropped(Outbox.Dropped d) {
        Outbox.Held h = d.held();
        trace(new HostTrace.HeldFrameDropped(h.peer(), h.frame().kind(), h.bytes().length, h.frame(), d.why()));
    }

    /**
     * While anything is held, every {@link #OUTBOX_SWEEP}: drops what expired and sends what is held
     * for peers linked now (a link-up that came while a send was refused, or a queue that drained).
     */
    private void scheduleSweep() {
        if (sweeping || outbox.messages() == 0) {
            return;
        }
        sweeping = true;
        try {
            loop.schedule(() -> guarded(() -> {
                sweeping = false;
                for (Outbox.Dropped d : outbox.expire(clock.instant())) {
                    dropped(d);
                }
                for (PublicKey peer : outbox.peers()) {
                    if (links.remoteAddress(peer).isPresent()) {
                        sendHeld(peer);
                    }
                }
                scheduleSweep();
            }), OUTBOX_SWEEP.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            sweeping = false; // closing: what is held is dropped with the host
        }
    }

    private void solve(Output.SolvePow task) {
        long started = System.nanoTime();
        var job = pow.solve(task.payload(), task.target(), task.deadline());
        job.result().whenComplete((result, error) -> post(() -> {
            PowResult r = error != null ? new PowResult.Expired(job.attempts()) : result;
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            trace(new HostTrace.PowSolved(task.taskId(), r instanceof PowResult.Found, job.attempts(), took));
            engine.onPowResult(task.taskId(), r);
        }));
    }

    private void trace(HostTrace t) {
        if (listeners.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (HostListener l : listeners) {
            l.trace(id(), now, t);
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
            flush();
        } catch (RuntimeException e) {
            // an engine bug must not stop the node serving everyone else; it is logged loudly
            LOG.log(System.Logger.Level.ERROR, "node " + name + ": a task failed", e);
        }
    }

    /** Closes the links, then stops the loop. */
    @Override
    public void close() {
        closed = true;
        links.close();
        loop.shutdownNow(); // pending wake-ups are dropped: the engine is going away
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
