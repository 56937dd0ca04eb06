package org.giggossip.settler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.settler.db.JdbcSettlerDatabase;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerBackend;
import org.giggossip.settler.service.SettlerDatabase;
import org.giggossip.settler.service.SettlerService;
import org.giggossip.settler.service.SettlerServiceConfig;

/**
 * The real {@link SettlerService} on a fresh SQLite database in a temporary
 * directory, with an in-memory regtest ledger (core's {@link Ledger} on a loop
 * thread of its own) as the settler's wallet and as the nodes' accounts: what
 * the HTTP tests run against. Adds what tests inspect: every notice committed,
 * the number of revocation watchers.
 */
public final class TestBackend implements SettlerBackend, AutoCloseable {
    /** Validity of the certificates this backend issues. */
    public static final Duration CERT_VALIDITY = Duration.ofDays(30);

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
            .name("test-ledger").unstarted(r));
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private final Ledger ledger;
    private final int settlerAccount;
    private final TestAccounts accounts;
    private final boolean offerWallets;
    private final Path dir;
    private final PrivateKey settlerKey;
    private final Set<PublicKey> admins;
    private final Clock clock;
    private volatile SettlerDatabase db;
    private volatile SettlerService service;
    /** The long polls waiting for a notice, released by {@link #restart}. */
    private final Set<CompletableFuture<Void>> pollers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Notice> committed = new CopyOnWriteArrayList<>();
    private final AtomicInteger watchers = new AtomicInteger();
    private volatile Consumer<WalletEvent> settlerWallet = e -> { };

    /**
     * @param startingBalanceMsat what a regtest account opens with
     * @param offerWallets        whether {@link #wallets()} offers the regtest accounts
     */
    public TestBackend(PrivateKey settlerKey, Set<PublicKey> admins, Clock clock, long startingBalanceMsat,
            boolean offerWallets) {
        this.offerWallets = offerWallets;
        this.accounts = new TestAccounts(this, startingBalanceMsat);
        this.ledger = new Ledger(clock, (account, event) -> work.add(() -> onWallet(account, event)));
        this.settlerAccount = ledger.register(settlerKey);
        try {
            this.dir = Files.createTempDirectory("test-settler");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.settlerKey = settlerKey;
        this.admins = admins;
        this.clock = clock;
        this.db = recording(JdbcSettlerDatabase.open(dir));
        this.service = startService();
    }

    /**
     * Stops the settler service and closes its database, then opens the database again and starts a
     * service from what it holds, as a restarted settler process does.
     */
    public synchronized void restart() {
        service.close();
        db.close();
        db = recording(JdbcSettlerDatabase.open(dir));
        service = startService();
        // the long polls waiting on the stopped service read again, from the new one
        pollers.forEach(w -> w.complete(null));
    }

    private SettlerService startService() {
        return SettlerService.start(new SettlerServiceConfig(
                SettlerConfig.of(1_000, Duration.ofMinutes(10), Duration.ofHours(1)), "http://settler.test/",
                CERT_VALIDITY, admins, Duration.ofDays(1)), settlerKey, db, sink -> {
                    settlerWallet = sink;
                    return new SettlerWallet();
                }, accounts, clock, new SecureRandom());
    }

    Ledger ledger() {
        return ledger;
    }

    /** Runs {@code action} on the ledger's thread, then every event it caused. */
    <T> CompletableFuture<T> onLoop(Supplier<T> action) {
        return CompletableFuture.supplyAsync(() -> {
            T result = action.get();
            for (Runnable next = work.poll(); next != null; next = work.poll()) {
                next.run();
            }
            return result;
        }, loop);
    }

    private void onWallet(int account, WalletEvent event) {
        if (account == settlerAccount) {
            settlerWallet.accept(event);
        } else {
            accounts.onEvent(account, event);
        }
    }

    /** The settler's own account in the test ledger. */
    private final class SettlerWallet implements HoldInvoiceWallet {
        @Override
        public void execute(WalletRequest request) {
            onLoop(() -> {
                ledger.execute(settlerAccount, request);
                return null;
            });
        }

        @Override
        public Balance balance() {
            return onLoop(() -> new Balance(ledger.balance(settlerAccount), ledger.locked(settlerAccount))).join();
        }

        @Override
        public void close() {
            // the loop closes with the backend
        }
    }

    /** The database, recording every notice it commits. */
    private SettlerDatabase recording(SettlerDatabase inner) {
        return new SettlerDatabase() {
            @Override
            public Map<String, byte[]> loadState() {
                return inner.loadState();
            }

            @Override
            public List<Notice> commit(StateChanges changes, List<NewNotice> notices) {
                List<Notice> numbered = inner.commit(changes, notices);
                committed.addAll(numbered);
                return numbered;
            }

            @Override
            public List<Notice> notices(PublicKey to, long afterSeq, int limit) {
                return inner.notices(to, afterSeq, limit);
            }

            @Override
            public int pruneNotices(Instant before) {
                return inner.pruneNotices(before);
            }

            @Override
            public boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt, Instant now) {
                return inner.rememberNonce(caller, nonce, expiresAt, now);
            }

            @Override
            public String describe() {
                return inner.describe();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    // ---- SettlerBackend: the service's

    @Override
    public PublicKey id() {
        return service.id();
    }

    @Override
    public Certificate certificate() {
        return service.certificate();
    }

    @Override
    public RevocationList revocationList() {
        return service.revocationList();
    }

    @Override
    public AutoCloseable watchRevocations(Consumer<RevocationList> listener) {
        AutoCloseable handle = service.watchRevocations(listener);
        watchers.incrementAndGet();
        return () -> {
            watchers.decrementAndGet();
            handle.close();
        };
    }

    /** How many revocation streams are open. */
    public int revocationWatchers() {
        return watchers.get();
    }

    @Override
    public Optional<Preimage> publishedPreimage(Hash32 paymentHash) {
        return service.publishedPreimage(paymentHash);
    }

    @Override
    public Set<PublicKey> admins() {
        return service.admins();
    }

    @Override
    public boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt) {
        return service.rememberNonce(caller, nonce, expiresAt);
    }

    @Override
    public CompletableFuture<SettlerResponse> call(PublicKey caller, SettlerRequest request) {
        return service.call(caller, request);
    }

    @Override
    public CompletableFuture<Optional<GigView>> gig(Hash32 replyHash) {
        return service.gig(replyHash);
    }

    @Override
    public List<Notice> notices(PublicKey to, long afterSeq, int limit) {
        return service.notices(to, afterSeq, limit);
    }

    @Override
    public CompletableFuture<Void> awaitNotice(PublicKey to, long afterSeq) {
        CompletableFuture<Void> waiter = service.awaitNotice(to, afterSeq);
        pollers.add(waiter);
        waiter.whenComplete((v, e) -> pollers.remove(waiter));
        return waiter;
    }

    @Override
    public CompletableFuture<Certificate> issueCertificate(PublicKey subject) {
        return service.issueCertificate(subject);
    }

    @Override
    public CompletableFuture<List<Certificate>> certificates(PublicKey subject) {
        return service.certificates(subject);
    }

    @Override
    public CompletableFuture<Map<String, String>> granted(PublicKey subject) {
        return service.granted(subject);
    }

    @Override
    public CompletableFuture<Void> grant(PublicKey subject, String name, String value) {
        return service.grant(subject, name, value);
    }

    @Override
    public CompletableFuture<List<Certificate>> revokeProperty(PublicKey subject, String name) {
        return service.revokeProperty(subject, name);
    }

    @Override
    public CompletableFuture<Optional<RevocationList>> revokeCertificate(CertificateId id) {
        return service.revokeCertificate(id);
    }

    @Override
    public CompletableFuture<List<GigView>> disputes() {
        return service.disputes();
    }

    @Override
    public CompletableFuture<List<org.giggossip.core.settler.DisputeView>> disputeRecords(boolean includeResolved) {
        return service.disputeRecords(includeResolved);
    }

    @Override
    public CompletableFuture<Optional<org.giggossip.core.settler.DisputeView>> dispute(Hash32 replyHash) {
        return service.dispute(replyHash);
    }

    @Override
    public CompletableFuture<SettlerResponse> resolveDispute(Hash32 replyHash, boolean payWorker, String reason) {
        return service.resolveDispute(replyHash, payWorker, reason);
    }

    @Override
    public Optional<WalletAccounts> wallets() {
        return offerWallets ? Optional.of(accounts) : Optional.empty();
    }

    @Override
    public void close() {
        service.close();
        db.close();
        loop.shutdownNow();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }

    /** Every notice committed, for assertions. */
    public List<Notice> allNotices() {
        return new ArrayList<>(committed);
    }
}
