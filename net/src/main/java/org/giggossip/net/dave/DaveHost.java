package org.giggossip.net.dave;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.dave.DaveOutput.Dropped;
import org.giggossip.net.dave.DaveOutput.Found;
import org.giggossip.net.dave.DaveOutput.Received;
import org.giggossip.net.dave.DaveOutput.Send;
import org.giggossip.net.dave.DaveOutput.Stored;

/**
 * A Dave node on a real UDP socket (dave-v1.md, Transport): one {@link DaveNode}
 * driven by one owner thread, which alone touches the node (docs/style.md 8). The thread
 * waits on a {@link Selector}, reads each datagram, drops one larger than
 * {@link DaveConfig#PACKET_SIZE} or undecodable ({@link DaveCodec}), hands the rest to
 * the node with the sender in Go's {@code netip.AddrPort} text, ticks the node every
 * {@link DaveConfig#period}, and carries out the node's outputs in order: each
 * {@link Send} is encoded and sent to its parsed address, never to one that does not
 * parse. Callers' requests ({@link #set}, {@link #get}, {@link #stats}) are posted to
 * a bounded queue the thread drains. Nothing a remote host sends makes it throw.
 */
public final class DaveHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DaveHost.class.getName());
    /** Most caller requests waiting for the thread. */
    static final int MAX_TASKS = 1024;
    /** Most {@link #get}s waiting for a DAT at once. */
    static final int MAX_PENDING_GETS = 4096;
    /** Most datagrams read in one go, so a flood cannot starve ticks and callers. */
    private static final int READS_PER_ROUND = 256;

    /**
     * What the node tells its user, on the owner thread, in order: {@link Received},
     * {@link Stored} and {@link Dropped} (and {@link Found} for a {@link #get}). Must
     * not block; an exception is logged and ignored.
     */
    @FunctionalInterface
    public interface Listener {
        /** One event of the node. */
        void on(DaveOutput event);

        /** A listener that ignores everything. */
        static Listener none() {
            return e -> {};
        }
    }

    /**
     * What the host has done since it started.
     *
     * @param ticks       heartbeats so far
     * @param datagrams   datagrams read from the socket
     * @param oversized   datagrams dropped unread for being larger than {@link DaveConfig#PACKET_SIZE}
     * @param undecodable datagrams dropped because {@link DaveCodec#decode} refused them
     * @param refused     datagrams (and caller requests) the node dropped, by reason
     * @param sent        datagrams sent
     * @param unsendable  sends skipped: the address did not parse or the socket refused
     * @param peers       addresses in the peer table now
     * @param stored      DATs in the store now
     * @param storedBytes bytes the store counts against its bound now
     */
    public record Stats(long ticks, long datagrams, long oversized, long undecodable,
                        Map<DaveOutput.Reason, Long> refused, long sent, long unsendable, int peers, int stored,
                        long storedBytes) {
        /** Copies the map. */
        public Stats {
            refused = Map.copyOf(refused);
        }

        /** Every datagram dropped, whatever the reason. */
        public long dropped() {
            return oversized + undecodable + refused.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final DaveConfig config;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress address;
    private final DaveNode node;
    private final Listener listener;
    private final Clock clock;
    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(MAX_TASKS);
    private final Thread thread;
    private volatile boolean open = true;

    // owned by the thread
    private final ByteBuffer in = ByteBuffer.allocate(DaveConfig.PACKET_SIZE + 1);
    private final Map<String, List<CompletableFuture<Optional<DaveMsg>>>> pending = new HashMap<>();
    private int pendingCount;
    /** Lookups by prev (hex of the key) collecting DATs until their timeout. */
    private final Map<String, List<Collecting>> collecting = new HashMap<>();
    private int collectingCount;
    private long ticks;
    private long datagrams;
    private long oversized;
    private long undecodable;
    private long sent;
    private long unsendable;

    private DaveHost(DatagramChannel channel, Selector selector, DaveConfig config, List<String> bootstrap,
            Listener listener, Clock clock, RandomGenerator random) throws IOException {
        this.config = config;
        this.channel = channel;
        this.selector = selector;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.listener = listener;
        this.clock = clock;
        this.node = new DaveNode(text(address), config, bootstrap, DaveWork::check, random);
        this.thread = Thread.ofPlatform().daemon().name("dave-" + address.getPort()).unstarted(this::loop);
    }

    /**
     * Binds {@code listen} (port 0: any free port) and starts the node with {@code bootstrap}
     * peers ({@code host:port} in Go's text; ones that do not parse are skipped with a warning).
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static DaveHost start(InetSocketAddress listen, DaveConfig config, List<String> bootstrap,
            Listener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (config.period().isNegative() || config.period().isZero()) {
            throw new IllegalArgumentException("the period must be positive");
        }
        List<String> boot = new ArrayList<>();
        for (String b : bootstrap) {
            if (AddrPort.parse(b).isOk()) {
                boot.add(AddrPort.parse(b).orElseThrow().toString());
            } else {
                LOG.log(System.Logger.Level.WARNING, "dave: bootstrap address " + b + " is not ip:port; skipped");
            }
        }
        DatagramChannel channel = null;
        Selector selector = null;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(listen);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            DaveHost host = new DaveHost(channel, selector, config, boot, listener, Clock.systemUTC(),
                    new SecureRandom());
            host.thread.start();
            return host;
        } catch (IOException e) {
            closeQuietly(channel, selector);
            throw new UncheckedIOException("cannot bind UDP " + listen + ": " + e.getMessage(), e);
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound address in Go's text, as peers write it ({@code 127.0.0.1:40001}). */
    public String addressText() {
        return text(address);
    }

    /**
     * Stores {@code setdat} here (if strong enough for {@link DaveConfig#workToStore}) and
     * sends it to {@link DaveConfig#fanoutSetdat} peers. A malformed one or one whose work
     * check fails is dropped and counted, as from the network.
     *
     * @throws RejectedExecutionException if the host is closed or its queue is full
     */
    public void set(DaveMsg setdat) {
        Objects.requireNonNull(setdat, "setdat");
        post(() -> carry(node.set(setdat, clock.instant())));
    }

    /**
     * The DAT whose work is {@code work}: from our store at once, else asked of
     * {@link DaveConfig#fanoutGetdat} peers; empty when none came within {@code timeout} (or
     * the host closed, or too many gets are waiting). Completes on the host's thread or the
     * timer's: do not block in what is chained to it.
     */
    public CompletableFuture<Optional<DaveMsg>> get(byte[] work, Duration timeout) {
        CompletableFuture<Optional<DaveMsg>> f = new CompletableFuture<>();
        if (work == null || work.length != DaveCodec.HASH_SIZE) {
            f.completeExceptionally(new IllegalArgumentException("work must be " + DaveCodec.HASH_SIZE + " bytes"));
            return f;
        }
        byte[] w = work.clone();
        f.completeOnTimeout(Optional.empty(), Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        try {
            post(() -> ask(w, f));
        } catch (RejectedExecutionException e) {
            f.complete(Optional.empty());
        }
        return f;
    }

    /**
     * The DATs whose prev (or work) is {@code key}, by our lookup-by-prev extension
     * ({@link DaveNode#getByPrev}): those in our store at once and those that come back from
     * the network, each once, collected until {@code timeout}; the future then completes with
     * all of them (empty if none came, the host closed or too many lookups are waiting).
     * Anyone can mine a DAT with any prev: check each value. Completes on the host's thread or
     * the timer's: do not block in what is chained to it.
     */
    public CompletableFuture<List<DaveMsg>> getByPrev(byte[] key, Duration timeout) {
        return getByPrev(key, timeout, d -> false);
    }

    /**
     * As {@link #getByPrev(byte[], Duration)}, but completes as soon as a DAT satisfying
     * {@code enough} has come (with all collected so far, that one last): for a value one
     * good copy of is enough, such as a preimage. {@code enough} runs on the host's thread and
     * must be quick.
     */
    public CompletableFuture<List<DaveMsg>> getByPrev(byte[] key, Duration timeout, Predicate<DaveMsg> enough) {
        Objects.requireNonNull(enough, "enough");
        CompletableFuture<List<DaveMsg>> f = new CompletableFuture<>();
        if (key == null || key.length != DaveCodec.HASH_SIZE) {
            f.completeExceptionally(new IllegalArgumentException("key must be " + DaveCodec.HASH_SIZE + " bytes"));
            return f;
        }
        byte[] k = key.clone();
        Collecting c = new Collecting(f, new CopyOnWriteArrayList<>(), enough);
        CompletableFuture.delayedExecutor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .execute(c::finish);
        try {
            post(() -> collect(k, c));
        } catch (RejectedExecutionException e) {
            c.finish();
        }
        return f;
    }

    /** One lookup by prev: what has come so far ({@code got} is read by the timer on completion). */
    private record Collecting(CompletableFuture<List<DaveMsg>> f, List<DaveMsg> got, Predicate<DaveMsg> enough) {
        void finish() {
            f.complete(List.copyOf(got));
        }

        /** Adds {@code dat} unless held already; finishes if it is enough. */
        void add(DaveMsg dat) {
            if (f.isDone() || got.stream().anyMatch(d -> java.util.Arrays.equals(d.work(), dat.work()))) {
                return;
            }
            got.add(dat);
            boolean done;
            try {
                done = enough.test(dat);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "dave: a lookup's test failed: " + e);
                done = false;
            }
            if (done) {
                finish();
            }
        }
    }

    private void collect(byte[] key, Collecting c) {
        if (c.f.isDone()) {
            return;
        }
        if (collectingCount >= MAX_PENDING_GETS) {
            collecting.values().forEach(l -> l.removeIf(x -> x.f.isDone()));
            collecting.values().removeIf(List::isEmpty);
            collectingCount = collecting.values().stream().mapToInt(List::size).sum();
            if (collectingCount >= MAX_PENDING_GETS) {
                c.finish();
                return;
            }
        }
        collecting.computeIfAbsent(Hex.encode(key), x -> new ArrayList<>()).add(c);
        collectingCount++;
        carry(node.getByPrev(key, clock.instant()));
    }

    /** Hands {@code dat} to the lookups by prev waiting for its prev, dropping finished ones. */
    private void collected(DaveMsg dat) {
        String key = Hex.encode(dat.prev());
        List<Collecting> l = dat.prev().length == 0 ? null : collecting.get(key);
        if (l == null) {
            return;
        }
        l.forEach(c -> c.add(dat));
        int before = l.size();
        l.removeIf(c -> c.f.isDone());
        collectingCount -= before - l.size();
        if (l.isEmpty()) {
            collecting.remove(key);
        }
    }

    /** What the host has done so far, read on its thread. */
    public CompletableFuture<Stats> stats() {
        CompletableFuture<Stats> f = new CompletableFuture<>();
        try {
            post(() -> f.complete(snapshot()));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Stops the thread and closes the socket; waiting gets complete empty. Idempotent. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void post(Runnable task) {
        if (!open) {
            throw new RejectedExecutionException("the Dave host on " + address + " is closed");
        }
        if (!tasks.offer(task)) {
            throw new RejectedExecutionException("the Dave host on " + address + " has " + MAX_TASKS
                    + " requests waiting");
        }
        selector.wakeup();
    }

    private void loop() {
        long periodNanos = config.period().toNanos();
        long nextTick = System.nanoTime() + periodNanos;
        try {
            while (open) {
                long wait = nextTick - System.nanoTime();
                if (wait <= 0) {
                    ticks++;
                    carry(node.onTick(clock.instant()));
                    nextTick = Math.max(nextTick + periodNanos, System.nanoTime() - periodNanos);
                    continue;
                }
                if (tasks.isEmpty()) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                    selector.selectedKeys().clear();
                }
                read();
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    run(t);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.log(System.Logger.Level.ERROR, "dave: the socket on " + address + " failed: " + e.getMessage());
            }
        } finally {
            open = false;
            closeQuietly(channel, selector);
            for (Runnable t; (t = tasks.poll()) != null; ) {
                run(t); // stats still answer; sets and gets see a closed socket and fail quietly
            }
            pending.values().forEach(l -> l.forEach(f -> f.complete(Optional.empty())));
            pending.clear();
            collecting.values().forEach(l -> l.forEach(Collecting::finish));
            collecting.clear();
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dave: a request failed: " + e);
        }
    }

    /** Reads up to {@link #READS_PER_ROUND} waiting datagrams and hands each to the node. */
    private void read() throws IOException {
        for (int i = 0; i < READS_PER_ROUND; i++) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from == null) {
                return;
            }
            datagrams++;
            if (in.position() > DaveConfig.PACKET_SIZE) { // the buffer holds one byte more than a datagram may
                oversized++;
                continue;
            }
            byte[] bytes = new byte[in.position()];
            in.flip().get(bytes);
            Decoded<DaveMsg> decoded = DaveCodec.decode(bytes);
            if (!(decoded instanceof Decoded.Ok<DaveMsg> ok)) {
                undecodable++;
                continue;
            }
            String sender = text((InetSocketAddress) from);
            carry(node.onDatagram(sender, ok.value(), clock.instant()));
        }
    }

    private void ask(byte[] work, CompletableFuture<Optional<DaveMsg>> f) {
        if (f.isDone()) {
            return;
        }
        if (pendingCount >= MAX_PENDING_GETS) {
            pending.values().forEach(l -> l.removeIf(CompletableFuture::isDone));
            pending.values().removeIf(List::isEmpty);
            pendingCount = pending.values().stream().mapToInt(List::size).sum();
            if (pendingCount >= MAX_PENDING_GETS) {
                f.complete(Optional.empty());
                return;
            }
        }
        pending.computeIfAbsent(Hex.encode(work), k -> new ArrayList<>()).add(f);
        pendingCount++;
        carry(node.get(work, clock.instant()));
    }

    /** Carries out the node's outputs in order. */
    private void carry(List<DaveOutput> outputs) {
        for (DaveOutput o : outputs) {
            switch (o) {
                case Send s -> send(s);
                case Found found -> {
                    List<CompletableFuture<Optional<DaveMsg>>> waiting = pending.remove(Hex.encode(found.dat().work()));
                    if (waiting != null) {
                        pendingCount -= waiting.size();
                        waiting.forEach(f -> f.complete(Optional.of(found.dat())));
                    }
                    collected(found.dat());
                    tell(o);
                }
                case Received r -> tell(o);
                case Stored st -> tell(o);
                case Dropped d -> tell(o);
            }
        }
    }

    private void send(Send s) {
        Optional<InetSocketAddress> to = AddrPort.parse(s.to()).toOptional().flatMap(AddrPort::toInetSocketAddress);
        if (to.isEmpty()) {
            unsendable++;
            return;
        }
        try {
            byte[] datagram = DaveCodec.encode(s.msg());
            // a GETPEER is zero bytes, so zero sent means a full socket buffer only for a longer datagram
            if (channel.send(ByteBuffer.wrap(datagram), to.get()) > 0 || datagram.length == 0) {
                sent++;
            } else {
                unsendable++; // the socket's buffer is full: UDP may lose it anyway
            }
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            unsendable++;
            LOG.log(System.Logger.Level.DEBUG, "dave: cannot send to " + s.to() + ": " + e.getMessage());
        }
    }

    private void tell(DaveOutput event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dave: the listener failed on " + event + ": " + e);
        }
    }

    private Stats snapshot() {
        EnumMap<DaveOutput.Reason, Long> refused = new EnumMap<>(DaveOutput.Reason.class);
        refused.putAll(node.dropped());
        return new Stats(ticks, datagrams, oversized, undecodable, refused, sent, unsendable,
                node.peers().addresses().size(), node.store().size(), node.store().bytes());
    }

    /**
     * Go's text of a socket address, IPv4-mapped addresses as plain IPv4: how a bootstrap
     * address given as a host name is written for {@link #start}.
     *
     * @throws IllegalArgumentException if {@code a} is unresolved
     */
    public static String text(InetSocketAddress a) {
        return AddrPort.of(a).unmap().toString();
    }

    private static void closeQuietly(DatagramChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
