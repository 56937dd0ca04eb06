package org.giggossip.node.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Signer;
import org.giggossip.lightning.lnd.LndConfig;
import org.giggossip.lightning.lnd.LndWallet;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveOutput;
import org.giggossip.net.discovery.DiscoveryConfig;
import org.giggossip.net.discovery.PeerAddress;
import org.giggossip.net.link.KeyProbe;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.node.api.ApiServer;
import org.giggossip.node.api.ApiToken;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.NodeApi;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LinkService;
import org.giggossip.node.host.LocalServices;
import org.giggossip.node.host.Payments;
import org.giggossip.node.host.RemoteServices;
import org.giggossip.node.host.ServiceEndpoint;
import org.giggossip.node.metrics.MetricsServer;
import org.giggossip.node.metrics.NodeMetrics;
import org.giggossip.node.store.AddressBookStore;
import org.giggossip.node.store.NodeStore;
import org.giggossip.settler.client.HttpRegtestWallet;
import org.giggossip.settler.client.HttpSettlerClient;
import org.giggossip.settler.client.SettlerHttp;
import org.giggossip.settler.http.HttpObserver;

/**
 * The node daemon ({@code gg node --config FILE}, issue 4, deliverable 3): one
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
    private final Clock clock;
    private final PrivateKey key;
    private final NodeStore store;
    private final PowSolver pow;
    private final LocalServices served;
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
    /** The settler client and wallet of a node on a settler service, closed with the node. */
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The Dave node of {@code [dave]}, or null. */
    private final DaveHost dave;
    /** The {@code /metrics} endpoint of {@code [metrics]}, or null. */
    private final MetricsServer metricsServer;

    /** The served settler and ledger's rows in the node store (they survive a restart of this node). */
    private static LocalServices.Store servedStore(org.giggossip.node.store.ServedState state) {
        return new LocalServices.Store() {
            @Override
            public Map<String, byte[]> ledger() {
                return state.load(org.giggossip.node.store.ServedState.Table.LEDGER);
            }

            @Override
            public Map<String, byte[]> settler() {
                return state.load(org.giggossip.node.store.ServedState.Table.SETTLER);
            }

            @Override
            public Map<String, byte[]> accounts() {
                return state.load(org.giggossip.node.store.ServedState.Table.ACCOUNTS);
            }

            @Override
            public void commit(org.giggossip.core.durable.StateChanges ledger,
                    org.giggossip.core.durable.StateChanges settler, org.giggossip.core.durable.StateChanges accounts) {
                state.commit(ledger, settler, accounts);
            }
        };
    }

    private NodeDaemon(NodeConfig config, Clock clock, SecureRandom random) throws KeyFileException {
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        this.key = config.loadOrCreateIdentity(random);
        ownerOnlyDirectory(config.node().dataDir());
        this.store = NodeStore.open(config.storeFile(), clock);
        this.pow = new PowSolver(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), clock);
        NodeConfig.Settler s = config.settler();

        LinkConfig defaults = LinkConfig.defaults();
        LinkConfig links = new LinkConfig(AdmissionPolicy.ofDifficulty(config.node().admissionDifficulty(),
                defaults.admission().timeout()), defaults.handshakeDeadline(), defaults.idle(),
                config.node().maxConnections(), config.node().maxConnectionsPerAddress(), defaults.framesPerSecond(),
                defaults.bytesPerSecond(), defaults.outboundHighWater(), defaults.outboundLowWater());

        Certificate certificate;
        EngineHost.PaymentsBinding payments;
        Optional<PublicKey> settlerId;
        RemoteServices remote = null;
        if (s.serve()) {
            PrivateKey settlerKey = KeyFile.loadOrCreate(config.node().dataDir().resolve("settler.key"), random);
            served = new LocalServices(settlerKey, SettlerConfig.of(2_000, Duration.ofMinutes(10),
                    Duration.ofMinutes(10)), clock, random, servedStore(store.served()));
            for (NodeConfig.Grant g : s.grants()) {
                served.grant(g.subject(), g.name(), g.value());
            }
            certificate = served.enrol(key, s.startingBalanceSat() * 1000, Map.of());
            payments = served.binding(key.publicKey());
            settlerId = Optional.of(served.settlerId());
        } else if (s.address().isPresent()) {
            served = null;
            HostPort a = s.address().get();
            PublicKey settlerNode = a.nodeId().orElseThrow();
            InetSocketAddress at = new InetSocketAddress(a.host(), a.port());
            certificate = cachedCertificate(config, key).orElse(null);
            if (certificate == null) {
                LOG.log(System.Logger.Level.INFO, "enrolling with the settler node " + a);
                certificate = RemoteServices.enrol(key, settlerNode, at, links, AdmissionSolver.of(pow),
                        Duration.ofSeconds(30));
                saveCertificate(config, certificate);
            }
            if (s.publicKey().isPresent() && !s.publicKey().get().equals(certificate.authority())) {
                throw new IllegalStateException("the settler node " + a + " certifies with key "
                        + certificate.authority().hex() + ", not the [settler] public_key of this file");
            }
            remote = new RemoteServices(settlerNode, Duration.ofSeconds(30));
            payments = remote.binding();
            settlerId = Optional.of(certificate.authority());
        } else if (s.url().isPresent()) {
            served = null;
            URI url = s.url().get();
            PublicKey pinned = s.publicKey().orElseThrow(); // the configuration requires it with a url
            certificate = cachedCertificate(config, key).filter(c -> c.authority().equals(pinned)).orElse(null);
            if (certificate == null) {
                LOG.log(System.Logger.Level.INFO, "enrolling with the settler service " + url);
                try (SettlerHttp http = new SettlerHttp(url, key)) {
                    certificate = http.issueCertificate(pinned);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot enrol with the settler service " + url + ": "
                            + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while enrolling");
                }
                saveCertificate(config, certificate);
            }
            Cursor notices = new Cursor(config.node().dataDir().resolve("settler-notices.cursor"));
            Cursor events = new Cursor(config.node().dataDir().resolve("wallet-events.cursor"));
            Optional<org.giggossip.node.config.LndSettings> lnd = config.wallet().lnd();
            payments = (walletSink, settlerSink) -> {
                HoldInvoiceWallet wallet = lnd.isPresent()
                        ? LndWallet.open(LndConfig.of(lnd.get().host(), lnd.get().port(), lnd.get().tlsCert(),
                                lnd.get().macaroon(), config.node().dataDir().resolve("lnd")), walletSink)
                        : new HttpRegtestWallet(url, key, walletSink, events.load(), events::save);
                HttpSettlerClient client = new HttpSettlerClient(url, pinned, key, settlerSink, notices.load(),
                        notices::save, SettlerFallback.preimages(this::dave, SettlerFallback.DAVE_TIMEOUT));
                closeables.add(client);
                closeables.add(wallet);
                return Payments.of(wallet, client);
            };
            settlerId = Optional.of(pinned);
        } else {
            served = null;
            settlerId = Optional.empty();
            // no settler: the node relays; its certificate is its own and never shown to anyone
            Signer self = Signer.of(key, random);
            certificate = new CertificateAuthority(self, "gg://self/").selfCertificate(1, Map.of(), clock.instant(),
                    clock.instant().plus(Duration.ofDays(3650)));
            payments = (wallet, settler) -> new NoPayments(wallet, settler);
        }

        EngineConfig.Builder engine = config.engineConfig(EngineConfig.builder().build()).toBuilder();
        settlerId.ifPresent(engine::settler);
        if (settlerId.isPresent()) {
            engine.appReplyWindow(Duration.ofSeconds(config.worker().replyWindowS()));
        }
        config.worker().priceSat().ifPresent(price -> {
            byte[] message = config.worker().message().getBytes(StandardCharsets.UTF_8);
            engine.workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(price * 1000, message)));
        });
        Set<PublicKey> trusted = new java.util.HashSet<>(s.trusted());
        settlerId.ifPresent(trusted::add);
        TrustStore trust = new TrustStore(trusted);
        this.host = new EngineHost(key.publicKey().hex().substring(0, 8), engine.build(),
                new NodeIdentity(key, Signer.of(key, random), certificate), new CertificateValidator(trust, clock),
                clock, random, links, pow, null, payments, durable(store));
        if (served != null) {
            ServiceEndpoint endpoint = new ServiceEndpoint(served, LinkService.sender(host.links()),
                    s.startingBalanceSat() * 1000, 1024);
            endpoint.observe(new SettlerJobLog(clock));
            endpoint.errands(host.links()::errand);
            host.serve(endpoint);
        } else if (remote != null) {
            remote.attach(LinkService.sender(host.links()));
            host.serve(remote);
        }
        // the app's view listens before the engine's first outputs: a restored engine tells it its jobs
        AppModel model = new AppModel();
        InvoiceBook invoices = new InvoiceBook();
        this.api = new DaemonNodeApi(host, model, invoices, this::address, started, Optional.ofNullable(served));
        host.addListener(invoices);
        host.addListener(api);
        host.addListener(new JobLog());
        NodeMetrics metrics = config.metrics().isPresent() ? new NodeMetrics(host.links(), started) : null;
        if (metrics != null) {
            host.addListener(metrics);
        }
        host.start();
        try {
            this.items = new VoidPhoneGossip(host, config.gossip(), clock, random); // before any link
        } catch (IllegalStateException e) {
            host.close();
            throw e;
        }
        HostPort p2p = config.gossip().p2pAddress();
        this.listening = host.listen(new InetSocketAddress(p2p.host(), p2p.port()));
        this.dialer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dialer");
            t.setDaemon(true);
            return t;
        });
        List<PeerAddress> boot = new ArrayList<>();
        for (HostPort b : config.gossip().bootstrappers()) {
            if (b.nodeId().isEmpty()) {
                unkeyed.add(b); // BOLT 8 needs the responder's key: the dialer asks the port for it first
                continue;
            }
            boot.add(new PeerAddress(b.nodeId().get(), b.host(), b.port()));
            wanted.put(b.nodeId().get(), new InetSocketAddress(b.host(), b.port())); // configured: kept linked
        }
        HostPort app = config.node().appAddress();
        try {
            String token = ApiToken.loadOrCreate(config.node().dataDir().resolve(ApiToken.FILE_NAME), random);
            this.apiServer = appApi(api, app, token, metrics == null ? HttpObserver.NONE : metrics.http());
        } catch (java.io.IOException e) {
            items.close();
            host.close();
            throw new IllegalStateException("cannot start the app API on " + app + ": " + e.getMessage(), e);
        }
        apiServer.start();
        this.metricsServer = metrics == null ? null : startMetrics(config.metrics().get(), metrics);
        this.discovery = new DiscoveryDriver(host, new AddressBookStore(store.peers()),
                DiscoveryConfig.defaults().withListen(advertisedHost(listening), listening.getPort())
                        .withTargetLinks(config.node().targetLinks())
                        .withPingPeriod(Duration.ofSeconds(config.node().pingPeriodS())), clock, boot);
        // the settler's node is linked whatever discovery thinks: payments go through it
        s.address().ifPresent(a -> wanted.put(a.nodeId().orElseThrow(), new InetSocketAddress(a.host(), a.port())));
        dialer.scheduleWithFixedDelay(this::dialWanted, 0, REDIAL.toMillis(), TimeUnit.MILLISECONDS);
        DaveHost d = null;
        if (config.dave().isPresent()) {
            try {
                d = startDave(config.dave().get());
            } catch (RuntimeException e) {
                close(); // what started so far; dave is still null
                throw new IllegalStateException("cannot start the Dave node: " + e.getMessage(), e);
            }
        }
        this.dave = d;
        if (!s.serve() && s.address().isEmpty() && s.url().isPresent()) {
            // the settler's revocation list (HTTP, else Dave) into the trust store, on the engine's thread
            closeables.add(new SettlerFallback(new SettlerHttp(s.url().get(), key), s.publicKey().orElseThrow(),
                    dave(), host::post, trust).start());
        }
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

    /** The node's id. */
    public PublicKey id() {
        return key.publicKey();
    }

    /** Where peers reach us, {@code pubkey@host:port}. */
    public String address() {
        return id().hex() + "@" + listening.getHostString() + ":" + listening.getPort();
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
        return Optional.ofNullable(served);
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

    /** The {@code /metrics} endpoint on {@code at}; what started so far is closed if it cannot bind. */
    private MetricsServer startMetrics(HostPort at, NodeMetrics metrics) {
        try {
            return MetricsServer.start(new InetSocketAddress(at.host(), at.port()), metrics::scrape);
        } catch (java.io.IOException e) {
            apiServer.close();
            dialer.shutdownNow();
            items.close();
            host.close();
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
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.INFO, "cannot learn the key of bootstrapper " + b + ": " + e.getMessage()
                        + "; retrying in " + REDIAL.toSeconds() + " s");
            }
        }
    }

    private static Path certificateFile(NodeConfig config) {
        return config.node().dataDir().resolve("certificate.bin");
    }

    /** The certificate the settler node issued us on an earlier start, if it is still ours and valid. */
    private static Optional<Certificate> cachedCertificate(NodeConfig config, PrivateKey key) {
        Path file = certificateFile(config);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 65_536) {
                return Optional.empty();
            }
            if (Certificate.decode(Files.readAllBytes(file)) instanceof Decoded.Ok<Certificate> ok
                    && ok.value().subject().equals(key.publicKey())
                    && ok.value().body().notAfter().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                return Optional.of(ok.value());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage() + "; enrolling again");
        }
        return Optional.empty();
    }

    private static void saveCertificate(NodeConfig config, Certificate certificate) {
        Path file = certificateFile(config);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, certificate.encode());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save " + file + ": " + e.getMessage());
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
    private static void ownerOnlyDirectory(java.nio.file.Path dir) {
        try {
            if (!java.nio.file.Files.isDirectory(dir)) {
                java.nio.file.Files.createDirectories(dir);
                try {
                    java.nio.file.Files.setPosixFilePermissions(dir,
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the operator's umask applies
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Closes links, loop, services and store, in that order. */
    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (dave != null) {
            dave.close();
        }
        dialer.shutdownNow();
        apiServer.close();
        discovery.close();
        items.close();
        host.close();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + c + ": " + e.getMessage());
            }
        }
        if (served != null) {
            served.close();
        }
        store.close();
    }

    /** The wallet and settler of a node without a settler: every request is refused with the reason. */
    private static final class NoPayments implements Payments {
        private static final String REASON = "this node has no settler and no wallet ([settler] in its INI file)";
        private final java.util.function.Consumer<WalletEvent> wallet;
        private final java.util.function.Consumer<SettlerResponse> settler;
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "no-payments");
            t.setDaemon(true);
            return t;
        });

        NoPayments(java.util.function.Consumer<WalletEvent> wallet,
                java.util.function.Consumer<SettlerResponse> settler) {
            this.wallet = wallet;
            this.settler = settler;
        }

        @Override
        public void wallet(WalletRequest request) {
            later.execute(() -> wallet.accept(new WalletEvent.CallFailed(request.callId(), REASON)));
        }

        @Override
        public void send(PublicKey settlerId, SettlerRequest request) {
            later.execute(() -> settler.accept(new SettlerResponse.Refused(request.callId(), REASON)));
        }

        @Override
        public long[] balance() {
            return new long[] {0, 0};
        }
    }
}
