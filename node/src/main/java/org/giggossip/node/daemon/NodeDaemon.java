package org.giggossip.node.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.wire.Signer;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveOutput;
import org.giggossip.net.discovery.DiscoveryConfig;
import org.giggossip.net.discovery.PeerAddress;
import org.giggossip.net.link.KeyProbe;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.node.api.ApiServer;
import org.giggossip.node.api.ApiToken;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.NodeApi;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LocalServices;
import org.giggossip.node.metrics.MetricsServer;
import org.giggossip.node.metrics.NodeMetrics;
import org.giggossip.node.store.AddressBookStore;
import org.giggossip.node.store.NodeStore;
import org.giggossip.http.HttpObserver;

/**
 * The node daemon ({@code gg node --config FILE}; docs/operations.md, "Running a node"): one
 * engine on real sockets, wired from one INI file. It loads or creates the
 * identity key (owner-only), opens the SQLite store, reaches its settler and
 * wallet (or serves a settler and a regtest ledger itself), listens for peers,
 * keeps its bootstrap and settler links up, and closes everything in order.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeDaemon.class.getName());
    /** How often the daemon redials the peers it wants linked. */
    static final Duration REDIAL = Duration.ofSeconds(3);
    /** How long a bare {@code host:port} bootstrapper has to announce its key. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final NodeConfig config;
    private final PrivateKey key;
    private final NodeStore store;
    private final SettlerMode settler;
    /** Judges certificates for the engine; refuses those of a settler without a fresh revocation list. */
    private final CertificateValidator validator;
    private final EngineHost host;
    private final InetSocketAddress listening;
    private final ScheduledExecutorService dialer;
    private final Map<PublicKey, InetSocketAddress> wanted = new ConcurrentHashMap<>();
    private final Set<PublicKey> dialling = ConcurrentHashMap.newKeySet();
    /** Bootstrappers written as bare {@code host:port} whose key the dialer has not learned yet. */
    private final Set<HostPort> unkeyed = ConcurrentHashMap.newKeySet();
    private final Instant started;
    private final DiscoveryDriver discovery;
    private final DaemonNodeApi api;
    private final ApiServer apiServer;
    private final VoidPhoneGossip items;
    /** The Dave node of {@code [dave]}, or null. */
    private final DaveHost dave;
    /** The {@code /metrics} endpoint of {@code [metrics]}, or null. */
    private final MetricsServer metricsServer;
    /** Everything the node opened, closed in the reverse order by {@link #close} or a failed start. */
    private final Closer opened = new Closer();

    private NodeDaemon(NodeConfig config, Clock clock, SecureRandom random) throws KeyFileException {
        this.config = config;
        this.started = clock.instant();
        this.key = config.loadOrCreateIdentity(random);
        ownerOnlyDirectory(config.node().dataDir());
        this.store = NodeStore.open(config.storeFile(), clock);
        opened.add("the store", store);
        try {
            PowSolver pow = new PowSolver(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), clock);
            LinkConfig links = linkConfig(config.node());
            this.settler = opened.add("the settler", SettlerMode.open(
                    new SettlerMode.Context(config, key, clock, random, links, pow, store), this::dave));
            TrustStore trust = trustStore(config.settler(), settler.settlerId());
            this.validator = new CertificateValidator(trust, clock, config.settler().maxRevocationAge(),
                    unfetchable(settler));
            this.host = opened.add("the engine's host", EngineHost.builder(key.publicKey().hex().substring(0, 8),
                            new NodeIdentity(key, Signer.of(key, random), settler.certificate()))
                    .config(engineConfig(config, settler.settlerId())).validator(validator)
                    .clock(clock).random(random).links(links).pow(pow).payments(settler.payments())
                    .durable(durable(store)).build());
            settler.attach(host);
            // the app's view listens before the engine's first outputs: a restored engine tells it its jobs
            InvoiceBook invoices = new InvoiceBook();
            this.api = new DaemonNodeApi(host, new AppModel(), invoices, this::address, started, settler.served());
            host.addListener(invoices);
            host.addListener(api);
            host.addListener(new JobLog());
            NodeMetrics metrics = config.metrics().isPresent() ? new NodeMetrics(host.links(), started) : null;
            if (metrics != null) {
                host.addListener(metrics);
            }
            host.start();
            this.items = opened.add("the VoidPhone gossip API", new VoidPhoneGossip(host, config.gossip(), clock,
                    random)); // before any link
            HostPort app = config.node().appAddress();
            try {
                String token = ApiToken.loadOrCreate(config.node().dataDir().resolve(ApiToken.FILE_NAME), random);
                this.apiServer = opened.add("the app API", appApi(api, app, token,
                        metrics == null ? HttpObserver.NONE : metrics.http()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the app API on " + app + ": " + e.getMessage(), e);
            }
            apiServer.start();
            this.metricsServer = metrics == null ? null
                    : opened.add("the metrics endpoint", startMetrics(config.metrics().get(), metrics));
            // peers are let in last, once what they may talk to is up: a peer's first discovery
            // message must find discovery (it is registered right after)
            HostPort p2p = config.gossip().p2pAddress();
            this.listening = host.listen(new InetSocketAddress(p2p.host(), p2p.port()));
            List<PeerAddress> boot = bootstrappers(config.gossip().bootstrappers());
            this.discovery = opened.add("discovery", new DiscoveryDriver(host, new AddressBookStore(store.peers()),
                    DiscoveryConfig.defaults().withListen(advertisedHost(listening), listening.getPort())
                            .withTargetLinks(config.node().targetLinks())
                            .withPingPeriod(Duration.ofSeconds(config.node().pingPeriodS())), clock, boot));
            settler.keepLinked().ifPresent(a -> wanted.put(a.nodeId().orElseThrow(),
                    new InetSocketAddress(a.host(), a.port())));
            this.dialer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dialer");
                t.setDaemon(true);
                return t;
            });
            opened.add("the dialer", dialer::shutdownNow);
            dialer.scheduleWithFixedDelay(this::dialWanted, 0, REDIAL.toMillis(), TimeUnit.MILLISECONDS);
            try {
                this.dave = config.dave().isPresent() ? opened.add("the Dave node", startDave(config.dave().get()))
                        : null;
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot start the Dave node: " + e.getMessage(), e);
            }
            settler.started(host::post, trust, dave());
            fetchRevocations(trust);
        } catch (RuntimeException | Error e) {
            opened.close(); // what started so far, the last first
            throw e;
        }
    }

    /** The limits of the node's links: the defaults, with {@code [node]}'s admission difficulty and caps. */
    private static LinkConfig linkConfig(NodeConfig.Node node) {
        LinkConfig defaults = LinkConfig.defaults();
        return new LinkConfig(AdmissionPolicy.ofDifficulty(node.admissionDifficulty(),
                defaults.admission().timeout()), defaults.handshakeDeadline(), defaults.idle(),
                node.maxConnections(), node.maxConnectionsPerAddress(), defaults.framesPerSecond(),
                defaults.bytesPerSecond(), defaults.outboundHighWater(), defaults.outboundLowWater());
    }

    /** The engine's configuration: the file's, with the settler to pay through and a fixed-price worker. */
    private static EngineConfig engineConfig(NodeConfig config, Optional<PublicKey> settlerId) {
        EngineConfig.Builder engine = config.engineConfig(EngineConfig.builder().build()).toBuilder();
        settlerId.ifPresent(engine::settler);
        if (settlerId.isPresent()) {
            engine.appReplyWindow(Duration.ofSeconds(config.worker().replyWindowS()));
        }
        config.worker().priceSat().ifPresent(price -> {
            byte[] message = config.worker().message().getBytes(StandardCharsets.UTF_8);
            engine.workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(price * 1000, message)));
        });
        return engine.build();
    }

    /**
     * The settlers whose lists the node has no way to fetch, judged against their latest list of
     * any age: the settler of a node that reaches it over its links ({@code [settler] address};
     * the links carry no revocation list), said in the log.
     */
    private static Set<PublicKey> unfetchable(SettlerMode settler) {
        if (settler.fetchesOwnList() || settler.settlerId().isEmpty()
                || !(settler instanceof SettlerMode.Address)) {
            return Set.of();
        }
        LOG.log(System.Logger.Level.WARNING, "revocation: the links to the settler node carry no revocation list;"
                + " the certificates of settler " + settler.settlerId().get().hex() + " are checked against its"
                + " latest list from Dave, if any, whatever its age");
        return Set.of(settler.settlerId().get());
    }

    /**
     * Fetches, from Dave, the revocation list of every trusted settler whose list the settler
     * mode does not fetch itself (its own settler's, from its service or the settler it serves),
     * at start and every {@code [settler] revocation_fetch_s}. Without {@code [dave]} there is no
     * way to: the certificates of those settlers are refused (no fresh list), which the log says.
     */
    private void fetchRevocations(TrustStore trust) {
        for (PublicKey s : trust.trustedAuthorities()) {
            if (settler.fetchesOwnList() && settler.settlerId().equals(Optional.of(s))) {
                continue;
            }
            if (dave == null) {
                if (!(settler instanceof SettlerMode.Address) || !settler.settlerId().equals(Optional.of(s))) {
                    LOG.log(System.Logger.Level.WARNING, "revocation: no [dave] to fetch the list of trusted"
                            + " settler " + s.hex() + " from: its certificates are refused");
                }
                continue;
            }
            opened.add("the revocation lists of settler " + s.hex().substring(0, 8), SettlerFallback.onDaveOnly(s,
                    Optional.of(dave), host::post, trust, config.settler().revocationFetch()).start());
        }
    }

    /** The settlers whose certificates the engine accepts: the configured ones and its own. */
    private static TrustStore trustStore(NodeConfig.Settler s, Optional<PublicKey> settlerId) {
        Set<PublicKey> trusted = new java.util.HashSet<>(s.trusted());
        settlerId.ifPresent(trusted::add);
        return new TrustStore(trusted);
    }

    /**
     * The bootstrappers to give discovery, each also kept linked; a bare {@code host:port} is kept
     * in {@link #unkeyed} until the dialer learns its key (BOLT 8 needs the responder's key).
     */
    private List<PeerAddress> bootstrappers(List<HostPort> configured) {
        List<PeerAddress> boot = new ArrayList<>();
        for (HostPort b : configured) {
            if (b.nodeId().isEmpty()) {
                unkeyed.add(b);
                continue;
            }
            boot.add(new PeerAddress(b.nodeId().get(), b.host(), b.port()));
            wanted.put(b.nodeId().get(), new InetSocketAddress(b.host(), b.port())); // configured: kept linked
        }
        return boot;
    }

    /**
     * The host discovery advertises for {@code listening}: its address, or "" ("where you see me
     * connect from") when it is a wildcard such as 0.0.0.0, which no other node can dial.
     */
    static String advertisedHost(InetSocketAddress listening) {
        String host = listening.getHostString();
        return listening.getAddress() != null && listening.getAddress().isAnyLocalAddress()
                || PeerAddress.isWildcard(host) ? "" : host;
    }

    /** A Dave node on {@code [dave] listen}; what it receives is logged at debug (peers choose it). */
    private static DaveHost startDave(NodeConfig.Dave c) {
        List<String> boot = new ArrayList<>();
        for (HostPort b : c.bootstrap()) {
            InetSocketAddress a = new InetSocketAddress(b.host(), b.port());
            if (a.isUnresolved()) {
                LOG.log(System.Logger.Level.WARNING, "dave: cannot resolve bootstrap " + b + "; skipped");
            } else {
                boot.add(DaveHost.text(a));
            }
        }
        DaveHost host = DaveHost.start(new InetSocketAddress(c.listen().host(), c.listen().port()),
                c.protocol(), boot, e -> {
                    if (e instanceof DaveOutput.Received r) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "dave: " + r.msg().op() + " from " + r.from()
                                + " work " + org.giggossip.core.util.Hex.encode(r.msg().work()));
                    }
                });
        LOG.log(System.Logger.Level.INFO, "dave listening on " + host.addressText() + ", bootstrap " + boot);
        return host;
    }

    /** The Dave node, when the configuration has a {@code [dave]} section. */
    public Optional<DaveHost> dave() {
        return Optional.ofNullable(dave);
    }

    /**
     * Starts a node from its configuration.
     *
     * @throws KeyFileException      if the identity key cannot be read or created
     * @throws IllegalStateException if the p2p address cannot be bound, with the reason
     */
    public static NodeDaemon start(NodeConfig config) throws KeyFileException {
        return new NodeDaemon(config, Clock.systemUTC(), new SecureRandom());
    }

    /** A node on {@code clock} (tests). */
    static NodeDaemon start(NodeConfig config, Clock clock) throws KeyFileException {
        return new NodeDaemon(config, clock, new SecureRandom());
    }

    /** The engine's certificate validator (tests). */
    CertificateValidator validator() {
        return validator;
    }

    /** The node's id. */
    public PublicKey id() {
        return key.publicKey();
    }

    /** Where peers reach us, {@code pubkey@host:port}. */
    public String address() {
        InetSocketAddress at = listening; // null while the node starts: peers are let in last
        return at == null ? id().hex() : id().hex() + "@" + at.getHostString() + ":" + at.getPort();
    }

    /** The address bound for peers. */
    public InetSocketAddress listening() {
        return listening;
    }

    /** The engine's host. */
    public EngineHost host() {
        return host;
    }

    /** The store. */
    public NodeStore store() {
        return store;
    }

    /** The settler served by this node, if it serves one. */
    public Optional<LocalServices> served() {
        return settler.served();
    }

    /** The app API. */
    public NodeApi api() {
        return api;
    }

    /** Where the app API listens. */
    public InetSocketAddress apiAddress() {
        return apiServer.address();
    }

    /** Where the VoidPhone gossip API listens ({@code [gossip] api_address}). */
    public InetSocketAddress gossipApiAddress() {
        return items.address();
    }

    /** Peers in the address book. */
    public int knownPeers() {
        return discovery.known();
    }

    /** When the node started. */
    public Instant started() {
        return started;
    }

    /** The configuration. */
    public NodeConfig config() {
        return config;
    }

    /** Asks the node to keep a link to {@code peer} up. */
    public void want(PublicKey peer, InetSocketAddress address) {
        if (!peer.equals(id())) {
            wanted.put(peer, address);
            dialer.execute(this::dialWanted);
        }
    }

    private void dialWanted() {
        learnBootstrapperKeys();
        Set<PublicKey> linked = host.links().peers();
        for (var e : new HashMap<>(wanted).entrySet()) {
            PublicKey peer = e.getKey();
            if (linked.contains(peer) || !dialling.add(peer)) {
                continue;
            }
            host.connect(peer, e.getValue()).whenComplete((ok, error) -> {
                dialling.remove(peer);
                if (error != null) {
                    LOG.log(System.Logger.Level.INFO, "dial " + peer.hex().substring(0, 12) + "@" + e.getValue()
                            + " failed: " + rootMessage(error) + "; retrying in " + REDIAL.toSeconds() + " s");
                } else {
                    LOG.log(System.Logger.Level.INFO, "linked to " + peer.hex().substring(0, 12) + "@" + e.getValue());
                }
            });
        }
    }

    /**
     * The app API on {@code app}. When that is the default address and another node on this machine
     * holds it (a VoidPhone file names no {@code [node]} section), a free port is taken instead and
     * logged, so that two such nodes can run side by side.
     */
    private static ApiServer appApi(NodeApi api, HostPort app, String token, HttpObserver observer)
            throws java.io.IOException {
        InetSocketAddress bind = new InetSocketAddress(app.host(), app.port());
        try {
            return new ApiServer(api, bind, token, ApiServer.DEFAULT_HEARTBEAT, observer);
        } catch (java.net.BindException e) {
            if (!app.toString().equals(NodeConfig.DEFAULT_APP_ADDRESS)) {
                throw e;
            }
            ApiServer server = new ApiServer(api, new InetSocketAddress(app.host(), 0), token,
                    ApiServer.DEFAULT_HEARTBEAT, observer);
            LOG.log(System.Logger.Level.WARNING, "the default app API address " + app + " is taken; listening on "
                    + server.address() + " instead (set [node] app_address to choose)");
            return server;
        }
    }

    /** The {@code /metrics} endpoint on {@code at}. */
    private static MetricsServer startMetrics(HostPort at, NodeMetrics metrics) {
        try {
            return MetricsServer.start(new InetSocketAddress(at.host(), at.port()), metrics::scrape);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on " + at + ": " + e.getMessage(), e);
        }
    }

    /** Where {@code /metrics} is served, when the configuration has a {@code [metrics]} section. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }

    /**
     * Asks each bare {@code host:port} bootstrapper for its key ({@link KeyProbe}) and keeps it linked
     * from then on. Trust on first use: the answer is not authenticated, which the log says once.
     */
    private void learnBootstrapperKeys() {
        for (HostPort b : Set.copyOf(unkeyed)) {
            InetSocketAddress address = new InetSocketAddress(b.host(), b.port());
            try {
                PublicKey peer = KeyProbe.fetch(address, PROBE_TIMEOUT);
                unkeyed.remove(b);
                if (peer.equals(id())) {
                    LOG.log(System.Logger.Level.INFO, "bootstrapper " + b + " is this node itself; skipped");
                    continue;
                }
                LOG.log(System.Logger.Level.WARNING, "bootstrapper " + b + " announced key " + peer.hex()
                        + " (not authenticated: trust on first use); write " + peer.hex() + "@" + b
                        + " in the configuration to pin it");
                wanted.put(peer, address);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.INFO, "cannot learn the key of bootstrapper " + b + ": " + e.getMessage()
                        + "; retrying in " + REDIAL.toSeconds() + " s");
            }
        }
    }

    /** The engine's durable state in the node's SQLite store (write-ahead, see {@link EngineHost}). */
    private static EngineHost.Durable durable(NodeStore store) {
        var state = store.engineState();
        return new EngineHost.Durable() {
            @Override
            public Optional<byte[]> load() {
                return state.load();
            }

            @Override
            public void save(byte[] snapshot, long version) {
                state.save(snapshot, version);
            }
        };
    }

    /** Creates the data directory owner-only (it holds the store, with preimages, and keys). */
    private static void ownerOnlyDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir,
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the operator's umask applies
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Closes what the node opened, the last first: Dave, the dialer, discovery, the metrics
     * endpoint, the app API, the VoidPhone API, the links and loop, the settler, the store.
     */
    @Override
    public void close() {
        opened.close();
    }
}
