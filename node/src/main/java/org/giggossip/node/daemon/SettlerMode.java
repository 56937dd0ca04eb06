package org.giggossip.node.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.settler.SettlerAuthority;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Signer;
import org.giggossip.lightning.lnd.LndConfig;
import org.giggossip.lightning.lnd.LndWallet;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.LndSettings;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LinkService;
import org.giggossip.node.host.LocalServices;
import org.giggossip.node.host.Payments;
import org.giggossip.node.host.RemoteServices;
import org.giggossip.node.host.ServiceEndpoint;
import org.giggossip.node.store.NodeStore;
import org.giggossip.node.store.ServedState;
import org.giggossip.settler.client.HttpRegtestWallet;
import org.giggossip.settler.client.HttpSettlerClient;
import org.giggossip.settler.client.SettlerHttp;

/**
 * How a node reaches its settler and wallet: one type per way the {@code [settler]} section
 * allows (docs/operations.md, "Settler"). {@link Serve} serves a settler and a regtest ledger
 * itself; {@link Address} reaches a node that serves them over its links; {@link Url} calls a
 * {@code gg settler} service (and an LND node or the service's regtest wallet); {@link None}
 * only relays. Each opens what it needs in {@link #open} and closes it in {@link #close}.
 *
 * <p>The life of a mode follows the node's start: {@link #open} before the engine's host exists
 * (it gives the certificate and the {@link #payments() payments binding} the host is built with),
 * {@link #attach} once the host exists and before it starts, {@link #started} once the node is up.
 */
sealed interface SettlerMode extends AutoCloseable {
    /** How long a call to a settler node or an enrolment may take. */
    Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** What a mode needs of the node while it opens. */
    record Context(NodeConfig config, PrivateKey key, Clock clock, SecureRandom random, LinkConfig links,
            PowSolver pow, NodeStore store) {}

    /** The node's certificate, from its settler (or its own, with no settler). */
    Certificate certificate();

    /** How the engine's host reaches the wallet and settler. */
    EngineHost.PaymentsBinding payments();

    /** The settler's id, the one the engine trusts and pays through; empty without a settler. */
    Optional<PublicKey> settlerId();

    /** Joins the engine's host once it exists, before it starts (serves, or reaches, over its links). */
    default void attach(EngineHost host) {
    }

    /**
     * Starts what runs once the node is up: the fetcher of its settler's revocation list, when
     * the mode has a way to ask the settler itself ({@link #fetchesOwnList}).
     *
     * @param engine runs a task on the engine's thread
     * @param trust  the engine's trust store, touched only through {@code engine}
     * @param dave   the node's Dave host, if it runs one
     */
    default void started(Consumer<Runnable> engine, TrustStore trust, Optional<DaveHost> dave) {
    }

    /** Whether {@link #started} fetches the list of {@link #settlerId()} (else the daemon asks Dave). */
    default boolean fetchesOwnList() {
        return false;
    }

    /** The peer the node keeps linked whatever discovery thinks (payments go through it). */
    default Optional<HostPort> keepLinked() {
        return Optional.empty();
    }

    /** The settler served by this node, if it serves one. */
    default Optional<LocalServices> served() {
        return Optional.empty();
    }

    /** Closes what the mode opened; never throws. */
    @Override
    void close();

    /**
     * The mode the configuration names, opened: enrolled with its settler (or a certificate cached
     * from an earlier start), its keys loaded or created.
     *
     * @param dave the node's Dave host when asked, for a {@link Url} node's preimage fallback
     * @throws KeyFileException      if the served settler's key cannot be read or created
     * @throws IllegalStateException if the settler cannot be reached to enrol, or certifies with
     *                               another key than the configuration pins
     */
    static SettlerMode open(Context c, Supplier<Optional<DaveHost>> dave) throws KeyFileException {
        NodeConfig.Settler s = c.config().settler();
        if (s.serve()) {
            return Serve.open(c);
        }
        if (s.address().isPresent()) {
            return Address.open(c, s.address().get());
        }
        if (s.url().isPresent()) {
            return Url.open(c, s.url().get(), dave);
        }
        return None.open(c);
    }

    /** {@code [settler] serve = true}: this node serves a settler and a regtest ledger to its peers. */
    final class Serve implements SettlerMode {
        private final LocalServices served;
        private final PublicKey node;
        private final Certificate certificate;
        private final long startingBalanceMsat;
        private final Clock clock;
        private final Duration fetchEvery;
        private volatile SettlerFallback revocations;

        private Serve(LocalServices served, PublicKey node, Certificate certificate, long startingBalanceMsat,
                Clock clock, Duration fetchEvery) {
            this.served = served;
            this.node = node;
            this.certificate = certificate;
            this.startingBalanceMsat = startingBalanceMsat;
            this.clock = clock;
            this.fetchEvery = fetchEvery;
        }

        static Serve open(Context c) throws KeyFileException {
            NodeConfig.Settler s = c.config().settler();
            PrivateKey settlerKey = KeyFile.loadOrCreate(c.config().node().dataDir().resolve("settler.key"),
                    c.random());
            LocalServices served = new LocalServices(settlerKey, SettlerConfig.of(2_000, Duration.ofMinutes(10),
                    Duration.ofMinutes(10)).withNetworkSettlement(s.networkSettlement()), c.clock(), c.random(), servedStore(c.store().served()));
            try {
                for (NodeConfig.Grant g : s.grants()) {
                    served.grant(g.subject(), g.name(), g.value());
                }
                long starting = s.startingBalanceSat() * 1000;
                return new Serve(served, c.key().publicKey(), served.enrol(c.key(), starting, Map.of()), starting,
                        c.clock(), s.revocationFetch());
            } catch (RuntimeException e) {
                served.close();
                throw e;
            }
        }

        /** The served settler and ledger's rows in the node store (they survive a restart of this node). */
        private static LocalServices.Store servedStore(ServedState state) {
            return new LocalServices.Store() {
                @Override
                public Map<String, byte[]> ledger() {
                    return state.load(ServedState.Table.LEDGER);
                }

                @Override
                public Map<String, byte[]> settler() {
                    return state.load(ServedState.Table.SETTLER);
                }

                @Override
                public Map<String, byte[]> accounts() {
                    return state.load(ServedState.Table.ACCOUNTS);
                }

                @Override
                public void commit(StateChanges ledger, StateChanges settler, StateChanges accounts) {
                    state.commit(ledger, settler, accounts);
                }
            };
        }

        @Override
        public Certificate certificate() {
            return certificate;
        }

        @Override
        public EngineHost.PaymentsBinding payments() {
            return served.binding(node);
        }

        @Override
        public Optional<PublicKey> settlerId() {
            return Optional.of(served.settlerId());
        }

        @Override
        public void attach(EngineHost host) {
            ServiceEndpoint endpoint = new ServiceEndpoint(served, LinkService.sender(host.links()),
                    startingBalanceMsat, 1024);
            endpoint.observe(new SettlerJobLog(clock));
            endpoint.errands(host.links()::errand);
            host.serve(endpoint);
        }

        @Override
        public Optional<LocalServices> served() {
            return Optional.of(served);
        }

        /**
         * The served settler's own list, into the engine's trust store at start and every
         * {@code revocation_fetch_s}; re-signed when it is that old or older, so that it is never
         * older than two periods (Dave is asked only if the settler fails).
         */
        @Override
        public void started(Consumer<Runnable> engine, TrustStore trust, Optional<DaveHost> dave) {
            Duration reissue = fetchEvery.compareTo(SettlerAuthority.REISSUE_EVERY) < 0 ? fetchEvery
                    : SettlerAuthority.REISSUE_EVERY;
            revocations = new SettlerFallback(() -> {
                try {
                    return Optional.of(served.revocationList(reissue));
                } catch (RuntimeException e) {
                    throw new IOException("the served settler: " + e.getMessage(), e);
                }
            }, "the served settler", served.settlerId(), dave, engine, trust, fetchEvery).start();
        }

        @Override
        public boolean fetchesOwnList() {
            return true;
        }

        @Override
        public void close() {
            SettlerFallback r = revocations;
            if (r != null) {
                r.close();
            }
            served.close();
        }
    }

    /** {@code [settler] address = KEY@HOST:PORT}: a node that serves the settler, over the node's links. */
    final class Address implements SettlerMode {
        private final HostPort address;
        private final Certificate certificate;
        private final RemoteServices remote;

        private Address(HostPort address, Certificate certificate, RemoteServices remote) {
            this.address = address;
            this.certificate = certificate;
            this.remote = remote;
        }

        static Address open(Context c, HostPort a) {
            PublicKey settlerNode = a.nodeId().orElseThrow(); // the configuration requires the key
            Certificate certificate = Certificates.cached(c.config(), c.key()).orElse(null);
            if (certificate == null) {
                System.getLogger(SettlerMode.class.getName()).log(System.Logger.Level.INFO,
                        "enrolling with the settler node " + a);
                certificate = RemoteServices.enrol(c.key(), settlerNode, new InetSocketAddress(a.host(), a.port()),
                        c.links(), AdmissionSolver.of(c.pow()), CALL_TIMEOUT);
                Certificates.save(c.config(), certificate);
            }
            Optional<PublicKey> pinned = c.config().settler().publicKey();
            if (pinned.isPresent() && !pinned.get().equals(certificate.authority())) {
                throw new IllegalStateException("the settler node " + a + " certifies with key "
                        + certificate.authority().hex() + ", not the [settler] public_key of this file");
            }
            return new Address(a, certificate, new RemoteServices(settlerNode, CALL_TIMEOUT));
        }

        @Override
        public Certificate certificate() {
            return certificate;
        }

        @Override
        public EngineHost.PaymentsBinding payments() {
            return remote.binding();
        }

        @Override
        public Optional<PublicKey> settlerId() {
            return Optional.of(certificate.authority());
        }

        @Override
        public void attach(EngineHost host) {
            remote.attach(LinkService.sender(host.links()));
            host.serve(remote);
        }

        @Override
        public Optional<HostPort> keepLinked() {
            return Optional.of(address);
        }

        @Override
        public void close() {
            remote.close();
        }
    }

    /** {@code [settler] url}: a {@code gg settler} service over HTTP, and its regtest wallet or an LND node. */
    final class Url implements SettlerMode {
        private final URI url;
        private final PublicKey pinned;
        private final Certificate certificate;
        private final Context context;
        private final Supplier<Optional<DaveHost>> dave;
        /** The wallet, settler client and revocation-list fetcher, as they are made. */
        private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

        private Url(URI url, PublicKey pinned, Certificate certificate, Context context,
                Supplier<Optional<DaveHost>> dave) {
            this.url = url;
            this.pinned = pinned;
            this.certificate = certificate;
            this.context = context;
            this.dave = dave;
        }

        static Url open(Context c, URI url, Supplier<Optional<DaveHost>> dave) {
            PublicKey pinned = c.config().settler().publicKey().orElseThrow(); // the configuration requires it
            Certificate certificate = Certificates.cached(c.config(), c.key())
                    .filter(cert -> cert.authority().equals(pinned)).orElse(null);
            if (certificate == null) {
                System.getLogger(SettlerMode.class.getName()).log(System.Logger.Level.INFO,
                        "enrolling with the settler service " + url);
                try (SettlerHttp http = new SettlerHttp(url, c.key())) {
                    certificate = http.issueCertificate(pinned);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot enrol with the settler service " + url + ": "
                            + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while enrolling");
                }
                Certificates.save(c.config(), certificate);
            }
            return new Url(url, pinned, certificate, c, dave);
        }

        @Override
        public Certificate certificate() {
            return certificate;
        }

        @Override
        public EngineHost.PaymentsBinding payments() {
            Path dataDir = context.config().node().dataDir();
            Cursor notices = new Cursor(dataDir.resolve("settler-notices.cursor"));
            Cursor events = new Cursor(dataDir.resolve("wallet-events.cursor"));
            Optional<LndSettings> lnd = context.config().wallet().lnd();
            PrivateKey key = context.key();
            return (walletSink, settlerSink) -> {
                HoldInvoiceWallet wallet = lnd.isPresent()
                        ? LndWallet.open(LndConfig.of(lnd.get().host(), lnd.get().port(), lnd.get().tlsCert(),
                                lnd.get().macaroon(), dataDir.resolve("lnd")), walletSink)
                        : new HttpRegtestWallet(url, key, walletSink, events.load(), events::save);
                opened.add(wallet);
                HttpSettlerClient client = HttpSettlerClient.builder(url, key, pinned, settlerSink)
                        .cursor(notices.load(), notices::save)
                        .fallback(SettlerFallback.preimages(dave, SettlerFallback.DAVE_TIMEOUT)).build();
                opened.add(client);
                return Payments.of(wallet, client);
            };
        }

        @Override
        public Optional<PublicKey> settlerId() {
            return Optional.of(pinned);
        }

        /** Fetches the settler's revocation list (HTTP, else Dave) into the trust store, on the engine's thread. */
        @Override
        public void started(Consumer<Runnable> engine, TrustStore trust, Optional<DaveHost> dave) {
            opened.add(new SettlerFallback(new SettlerHttp(url, context.key()), pinned, dave, engine, trust,
                    context.config().settler().revocationFetch()).start());
        }

        @Override
        public boolean fetchesOwnList() {
            return true;
        }

        @Override
        public void close() {
            for (AutoCloseable c : List.copyOf(opened).reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.getLogger(SettlerMode.class.getName()).log(System.Logger.Level.WARNING,
                            "closing " + c + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * No settler: the node relays. Its certificate is its own and never shown to anyone; every
     * wallet and settler request is refused with the reason.
     */
    final class None implements SettlerMode, Payments {
        private static final String REASON = "this node has no settler and no wallet ([settler] in its INI file)";
        private final Certificate certificate;
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "no-payments");
            t.setDaemon(true);
            return t;
        });
        private volatile Consumer<WalletEvent> wallet = e -> { };
        private volatile Consumer<SettlerResponse> settler = r -> { };

        private None(Certificate certificate) {
            this.certificate = certificate;
        }

        static None open(Context c) {
            Instant now = c.clock().instant();
            return new None(new CertificateAuthority(Signer.of(c.key(), c.random()), "gg://self/")
                    .selfCertificate(1, Map.of(), now, now.plus(Duration.ofDays(3650))));
        }

        @Override
        public Certificate certificate() {
            return certificate;
        }

        @Override
        public EngineHost.PaymentsBinding payments() {
            return (walletSink, settlerSink) -> {
                this.wallet = walletSink;
                this.settler = settlerSink;
                return this;
            };
        }

        @Override
        public Optional<PublicKey> settlerId() {
            return Optional.empty();
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

        @Override
        public void close() {
            later.shutdownNow();
        }
    }

    /** The certificate a settler issued this node on an earlier start, in its data directory. */
    final class Certificates {
        private static final System.Logger LOG = System.getLogger(SettlerMode.class.getName());

        private Certificates() {
        }

        private static Path file(NodeConfig config) {
            return config.node().dataDir().resolve("certificate.bin");
        }

        /** The cached certificate, if it is still ours and valid for more than a day. */
        static Optional<Certificate> cached(NodeConfig config, PrivateKey key) {
            Path file = file(config);
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
                LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage()
                        + "; enrolling again");
            }
            return Optional.empty();
        }

        /** Caches {@code certificate}, atomically; a failure is logged (the node enrols again next time). */
        static void save(NodeConfig config, Certificate certificate) {
            Path file = file(config);
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, certificate.encode());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot save " + file + ": " + e.getMessage());
            }
        }
    }
}
