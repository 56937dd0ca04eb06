package org.giggossip.node.settler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.lightning.ledger.LedgerWallets;
import org.giggossip.lightning.lnd.LndConfig;
import org.giggossip.lightning.lnd.LndWallet;
import org.giggossip.net.dave.DaveConfig;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.GigDatPublisher;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.daemon.Closer;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.node.metrics.MetricsServer;
import org.giggossip.node.metrics.SettlerMetrics;
import org.giggossip.settler.db.JdbcSettlerDatabase;
import org.giggossip.http.HttpObserver;
import org.giggossip.settler.http.SettlerHttpServer;
import org.giggossip.settler.service.SettlerDatabase;
import org.giggossip.settler.service.SettlerService;
import org.giggossip.settler.service.SettlerServiceConfig;

/**
 * A running settler service ({@code gg settler}): its key and admin key under
 * the data directory, its database (SQLite or PostgreSQL), its wallet (the
 * embedded ledger in SQLite, or LND), the {@link SettlerService} and the HTTP API;
 * with a {@code [dave]} section also a Dave node on which each revealed preimage and
 * each new revocation list is published as a DAT ({@link GigDatPublisher}), the
 * current list at start too, and again every preimage still retained from before the
 * start (as many as the publisher's queue takes).
 */
public final class SettlerDaemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("gg.settler");

    private final SettlerFile config;
    private final SettlerDatabase db;
    private final LedgerWallets ledger;
    private final SettlerService service;
    private final SettlerHttpServer http;
    private final Path adminKeyFile;
    private final DaveHost dave;
    private final GigDatPublisher publisher;
    /** The {@code /metrics} endpoint of {@code [metrics]}, or null. */
    private final MetricsServer metrics;
    /** Everything the daemon opened, closed in the reverse order by {@link #close} or a failed start. */
    private final Closer opened = new Closer();

    /**
     * Starts the service: creates the data directory (owner-only), the settler key
     * and, when the file names no admins, an admin key on first start.
     *
     * @throws IllegalStateException with the reason when something cannot start
     * @throws IllegalArgumentException plain HTTP on an address that is not loopback, without allow_plain_http
     */
    public static SettlerDaemon start(SettlerFile config) throws KeyFileException {
        // plain HTTP off loopback is refused before anything is created or opened
        config.http().config(new InetSocketAddress(config.listen().host(), config.listen().port())).checkPlainHttp();
        return new SettlerDaemon(config, Clock.systemUTC(), new SecureRandom());
    }

    /** Opens the parts in order; a part that fails closes those opened before it, the last first. */
    private SettlerDaemon(SettlerFile config, Clock clock, SecureRandom random) throws KeyFileException {
        this.config = config;
        Path data = config.dataDir();
        createPrivateDirectory(data);
        java.nio.channels.FileLock lock = lockDataDirectory(data);
        opened.add("the data directory's lock", () -> release(lock));
        try {
            PrivateKey key = KeyFile.loadOrCreate(data.resolve("settler.key"), random);
            Set<PublicKey> admins = new HashSet<>(config.admins());
            Path adminKey = null;
            if (admins.isEmpty()) {
                adminKey = data.resolve("admin.key");
                admins.add(KeyFile.loadOrCreate(adminKey, random).publicKey());
            }
            this.adminKeyFile = adminKey;
            this.db = opened.add("the database", JdbcSettlerDatabase.open(config.jdbcUrl()));
            Function<Consumer<WalletEvent>, HoldInvoiceWallet> wallet;
            if (config.lnd().isPresent()) {
                this.ledger = null;
                org.giggossip.node.config.LndSettings l = config.lnd().get();
                LndConfig lnd = LndConfig.of(l.host(), l.port(), l.tlsCert(), l.macaroon(), data.resolve("lnd"));
                wallet = sink -> LndWallet.open(lnd, sink);
            } else {
                LedgerWallets own = opened.add("the ledger", LedgerWallets.open(data.resolve("ledger.db"), clock,
                        random, config.startingBalanceSat() * 1000));
                this.ledger = own;
                own.openOwn(key, 0);
                wallet = sink -> own.wallet(key.publicKey(), own.lastSeq(key.publicKey()),
                        entry -> sink.accept(entry.event()));
            }
            this.service = opened.add("the settler", SettlerService.start(serviceConfig(config, admins), key, db,
                    wallet, ledger != null && config.startingBalanceSat() > 0 ? ledger : null, clock, random));
            GigDatPublisher[] published = new GigDatPublisher[1]; // set below when [dave] is configured
            SettlerMetrics metrics = config.metrics().isEmpty() ? null : new SettlerMetrics(clock.instant(),
                    service::gigsByStage, service::publishedCount,
                    () -> published[0] == null ? 0 : published[0].published());
            InetSocketAddress listen = new InetSocketAddress(config.listen().host(), config.listen().port());
            try {
                this.http = opened.add("the HTTP API", SettlerHttpServer.start(config.http().config(listen),
                        service, SettlerHttpServer.Options.defaults(),
                        metrics == null ? HttpObserver.NONE : metrics.http()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
            }
            if (config.dave().isPresent()) {
                this.dave = opened.add("the Dave node", startDave(config.dave().get()));
                this.publisher = opened.add("the DAT publisher", publish(config.dave().get(), dave, service,
                        random));
                published[0] = publisher;
            } else {
                this.dave = null;
                this.publisher = null;
            }
            this.metrics = metrics == null ? null
                    : opened.add("the metrics endpoint", startMetrics(config.metrics().get(), metrics));
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    /** The service's configuration from the file; {@code admins} may sign admin requests. */
    private static SettlerServiceConfig serviceConfig(SettlerFile config, Set<PublicKey> admins) {
        String listen = config.listen().host() + ":" + config.listen().port();
        return new SettlerServiceConfig(
                new SettlerConfig(config.networkFeeMsat(), config.invoiceTtl(), config.disputeWindow(),
                        config.disputeDeadline(), config.disputeDefault(), config.preimageRetention(),
                        config.certificateValidity().plus(config.invoiceTtl()),
                        config.required(), Set.of())
                        // lnd cannot see another node's invoice: the customer's statement is the evidence
                        .withJobPaymentEvidence(config.lnd().isPresent()
                                ? org.giggossip.core.wire.JobPaymentEvidence.CUSTOMER_STATEMENT
                                : org.giggossip.core.wire.JobPaymentEvidence.LEDGER)
                        .withNetworkSettlement(config.networkSettlement()),
                // with port 0 the address is not known before the server binds: then no URI
                config.publicUrl().orElse(config.listen().port() == 0 ? ""
                        : config.http().scheme() + "://" + listen + "/"),
                config.certificateValidity(), admins,
                java.time.Duration.ofDays(30));
    }

    private static DaveHost startDave(SettlerFile.Dave d) {
        try {
            return DaveHost.start(new InetSocketAddress(d.listen().host(), d.listen().port()),
                    ownDatsStored(d.work()), d.bootstrap(), DaveHost.Listener.none());
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException("cannot listen on " + d.listen() + ": Dave: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes on {@code dave} each preimage the service reveals and each revocation list, the
     * current list now, and again the preimages revealed before this start (the queue bounds how
     * many).
     */
    private static GigDatPublisher publish(SettlerFile.Dave d, DaveHost dave, SettlerService service,
            SecureRandom random) {
        GigDatPublisher publisher = new GigDatPublisher(dave, d.work(), random);
        service.watchPreimages(publisher::preimage);
        service.watchRevocations(publisher::revocations);
        publisher.revocations(service.revocationList());
        long again = service.publishedPreimages().stream().filter(publisher::preimage).count();
        if (again > 0) {
            LOG.log(System.Logger.Level.INFO, "dave: publishing " + again
                    + " preimages revealed before this start again");
        }
        LOG.log(System.Logger.Level.INFO, "dave: publishing preimages and revocation lists on UDP "
                + dave.addressText() + " at work " + d.work());
        return publisher;
    }

    private static MetricsServer startMetrics(HostPort at, SettlerMetrics metrics) {
        try {
            return MetricsServer.start(new InetSocketAddress(at.host(), at.port()), metrics::scrape);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on " + at + ": " + e.getMessage(), e);
        }
    }

    /**
     * Dave's constants, except that the settler's own node stores what it mines even below the
     * usual threshold (a test network at work 1, say); other nodes keep theirs.
     */
    public static DaveConfig ownDatsStored(int work) {
        DaveConfig d = DaveConfig.defaults();
        return d.withStore(Math.min(d.workToStore(), work), d.storeBytes());
    }

    /**
     * Takes {@code <data>/settler.lock} for this process: two settlers on one data
     * directory (and so one key and one database) would act on the same gigs twice.
     */
    private static java.nio.channels.FileLock lockDataDirectory(Path data) {
        Path file = data.resolve("settler.lock");
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another settler runs on " + data + " (" + file + " is locked)");
            }
            return lock;
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void release(java.nio.channels.FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release " + lock + ": " + e.getMessage());
        }
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The settler's id. */
    public PublicKey id() {
        return service.id();
    }

    /** The running service. */
    public SettlerService service() {
        return service;
    }

    /** Where the HTTP API listens. */
    public InetSocketAddress address() {
        return http.address();
    }

    /** The admin key made on first start, if the file names no admins. */
    public java.util.Optional<Path> adminKeyFile() {
        return java.util.Optional.ofNullable(adminKeyFile);
    }

    /** The Dave node publishing preimages and revocation lists, if {@code [dave]} is configured. */
    public java.util.Optional<DaveHost> dave() {
        return java.util.Optional.ofNullable(dave);
    }

    /** DATs mined and published so far (0 without {@code [dave]}). */
    public long publishedDats() {
        return publisher == null ? 0 : publisher.published();
    }

    /** Where {@code /metrics} is served, when the configuration has a {@code [metrics]} section. */
    public java.util.Optional<InetSocketAddress> metricsAddress() {
        return java.util.Optional.ofNullable(metrics).map(MetricsServer::address);
    }

    /** The configuration it runs with. */
    public SettlerFile config() {
        return config;
    }

    /** Where the settler's state lives, for the log. */
    public String describe() {
        return db.describe() + (ledger != null ? "; ledger " + ledger.file() : "; wallet lnd");
    }

    /** Closes the metrics endpoint, Dave, the HTTP API, the settler, the ledger, the database and the lock, in that order. */
    @Override
    public void close() {
        opened.close();
        LOG.log(System.Logger.Level.DEBUG, "settler closed");
    }
}
