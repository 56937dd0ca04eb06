package org.giggossip.settler.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerAuthority;
import org.giggossip.core.settler.SettlerOutput;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.Signer;

/**
 * A running payment settler: the sans-I/O {@link Settler} on one thread of its
 * own, its durable state in a {@link SettlerDatabase}, its network invoices on a
 * {@link HoldInvoiceWallet}. The {@link SettlerBackend} the HTTP API serves.
 *
 * <p>Every input (a caller's request, a wallet event, a deadline, an
 * administrator's act) runs on the settler's thread, and then, write-ahead:
 * the state rows it changed and the notices it made are committed in one
 * transaction, and only after that are its outputs carried out (answers
 * delivered, wallet requests executed, wake-ups set). A SIGKILL at any moment
 * therefore loses nothing any output depended on: the restarted service
 * restores the settler from its rows and asks the wallet again for what was in
 * flight. If a commit fails the service stops (fail-stop): it never acts on
 * state it could not store.
 */
public final class SettlerService implements SettlerBackend, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SettlerService.class.getName());
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    /** How often the service checks whether its revocation list is due to be re-signed. */
    private static final Duration REFRESH_CHECK = Duration.ofMinutes(1);

    private record CallKey(PublicKey caller, long callId) {}

    private final SettlerServiceConfig config;
    private final SettlerDatabase db;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final List<SettlerOutput> pending = new ArrayList<>();
    private final Map<CallKey, CompletableFuture<SettlerResponse>> calls = new ConcurrentHashMap<>();
    private final Map<PublicKey, List<CompletableFuture<Void>>> noticeWaiters = new ConcurrentHashMap<>();
    private final List<Consumer<RevocationList>> revocationWatchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Preimage>> preimageWatchers = new CopyOnWriteArrayList<>();
    private final WalletAccounts wallets;
    private final PublicKey id;
    private Settler settler;
    private HoldInvoiceWallet wallet;
    private volatile RevocationList revocationList;
    private volatile Certificate certificate;
    private volatile String failure;
    private volatile long publishedCount;
    private final boolean restored;

    private SettlerService(SettlerServiceConfig config, SettlerDatabase db, Clock clock, WalletAccounts wallets,
            PublicKey id, boolean restored) {
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.wallets = wallets;
        this.id = id;
        this.restored = restored;
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(
                1, r -> {
                    Thread t = new Thread(r, "settler");
                    t.setDaemon(true);
                    return t;
                });
        // deadlines still pending at close are restored from the database on the next start
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /**
     * Starts the settler: restores it from {@code db} if the database holds a
     * settler's state (which must be this key's), else starts a new one, and
     * opens its wallet.
     *
     * @param key           the settler's key: its identity and certification authority
     * @param walletFactory opens the settler's own wallet, whose events go to the given sink
     * @param wallets       regtest accounts to offer the nodes, or null
     * @throws IllegalStateException if the stored state is another settler's or does not decode
     */
    public static SettlerService start(SettlerServiceConfig config, PrivateKey key, SettlerDatabase db,
            Function<Consumer<WalletEvent>, HoldInvoiceWallet> walletFactory, WalletAccounts wallets, Clock clock,
            SecureRandom random) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(walletFactory, "walletFactory");
        Map<String, byte[]> state = db.loadState();
        SettlerService s = new SettlerService(config, db, clock, wallets, key.publicKey(), !state.isEmpty());
        Signer signer = Signer.of(key, random);
        CertificateAuthority ca = new CertificateAuthority(signer, config.authorityUri());
        try {
            s.run(() -> {
                s.settler = state.isEmpty()
                        ? new Settler(config.policy(), signer, ca, clock, random, s.pending::add)
                        : Settler.restore(config.policy(), signer, ca, clock, random, s.pending::add, state);
                s.wallet = walletFactory.apply(event -> s.post(() -> s.settler.onWallet(event)));
                if (s.restored) {
                    s.settler.resume();
                }
                s.settler.certificate(); // issued (and stored) now if it has none
                return null;
            }).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new IllegalStateException("interrupted while starting the settler");
        } catch (ExecutionException | TimeoutException e) {
            s.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
        s.thread.scheduleWithFixedDelay(s::prune, PRUNE_EVERY.toMillis(), PRUNE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // nodes refuse the certificates of a settler whose latest list is too old: re-sign it while nothing changes
        s.thread.scheduleWithFixedDelay(() -> s.post(() -> s.settler.authority().refreshRevocationList(
                SettlerAuthority.REISSUE_EVERY)), REFRESH_CHECK.toMillis(), REFRESH_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "settler {0} {1} from {2}: {3} live gigs", s.id.hex(),
                s.restored ? "restored" : "started", db.describe(), s.liveGigs());
        return s;
    }

    /** Whether this service restored a settler from its database. */
    public boolean restored() {
        return restored;
    }

    /** Gigs in memory. */
    public int liveGigs() {
        return join(run(() -> settler.liveGigs()));
    }

    /** Gigs in memory by stage, every stage present (see {@code Settler.gigsByStage}). */
    public java.util.SequencedMap<String, Integer> gigsByStage() {
        return join(run(() -> settler.gigsByStage()));
    }

    /** Preimages published since start. */
    public long publishedCount() {
        return publishedCount;
    }

    /** Why the service stopped, if it did (a commit failed). */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    // ---- SettlerBackend: public

    @Override
    public PublicKey id() {
        return id;
    }

    @Override
    public Certificate certificate() {
        return certificate;
    }

    @Override
    public RevocationList revocationList() {
        return revocationList;
    }

    @Override
    public AutoCloseable watchRevocations(Consumer<RevocationList> listener) {
        Objects.requireNonNull(listener, "listener");
        revocationWatchers.add(listener);
        return () -> revocationWatchers.remove(listener);
    }

    /**
     * Calls {@code listener} with every preimage the settler publishes from now on (each
     * revealed preimage, end of seed 000, 3.9), after it is committed, on the settler's
     * thread: the listener must only hand it over (to a queue), never block. Close the
     * handle to stop.
     */
    public AutoCloseable watchPreimages(Consumer<Preimage> listener) {
        Objects.requireNonNull(listener, "listener");
        preimageWatchers.add(listener);
        return () -> preimageWatchers.remove(listener);
    }

    /** Every revealed preimage still retained, oldest first. */
    public java.util.List<Preimage> publishedPreimages() {
        return join(run(settler::publishedPreimageList));
    }

    @Override
    public Optional<Preimage> publishedPreimage(Hash32 paymentHash) {
        return join(run(() -> settler.publishedPreimage(paymentHash)));
    }

    // ---- authentication

    @Override
    public Set<PublicKey> admins() {
        return config.admins();
    }

    @Override
    public boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt) {
        return db.rememberNonce(caller, nonce, expiresAt, clock.instant());
    }

    // ---- a caller's gigs

    @Override
    public CompletableFuture<SettlerResponse> call(PublicKey caller, SettlerRequest request) {
        Objects.requireNonNull(caller, "caller");
        CallKey key = new CallKey(caller, request.callId());
        CompletableFuture<SettlerResponse> answer = new CompletableFuture<>();
        if (request.callId() == 0) {
            answer.complete(new SettlerResponse.Refused(0, "call id 0 is reserved for notices"));
            return answer;
        }
        CompletableFuture<SettlerResponse> inFlight = calls.putIfAbsent(key, answer);
        if (inFlight != null) {
            // the caller sent it again, not having heard the answer (its connection broke): the
            // answer to the first goes to this one too; it used to be refused as "already in flight"
            return inFlight;
        }
        answer.whenComplete((r, e) -> calls.remove(key, answer));
        run(() -> {
            settler.onRequest(caller, request);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    @Override
    public CompletableFuture<Optional<GigView>> gig(Hash32 replyHash) {
        return run(() -> settler.gig(replyHash));
    }

    @Override
    public List<Notice> notices(PublicKey to, long afterSeq, int limit) {
        return db.notices(to, afterSeq, limit);
    }

    @Override
    public CompletableFuture<Void> awaitNotice(PublicKey to, long afterSeq) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        noticeWaiters.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(waiter);
        // checked after registering, so that a notice committed in between is not missed
        if (!db.notices(to, afterSeq, 1).isEmpty()) {
            waiter.complete(null);
        }
        waiter.whenComplete((v, e) -> {
            List<CompletableFuture<Void>> list = noticeWaiters.get(to);
            if (list != null) {
                list.remove(waiter);
            }
        });
        return waiter;
    }

    // ---- certificates

    @Override
    public CompletableFuture<Certificate> issueCertificate(PublicKey subject) {
        return run(() -> settler.authority().issue(subject, config.certificateValidity()));
    }

    @Override
    public CompletableFuture<List<Certificate>> certificates(PublicKey subject) {
        return run(() -> settler.authority().certificates(subject));
    }

    @Override
    public CompletableFuture<Map<String, String>> granted(PublicKey subject) {
        return run(() -> settler.authority().granted(subject));
    }

    // ---- administration

    @Override
    public CompletableFuture<Void> grant(PublicKey subject, String name, String value) {
        return run(() -> {
            settler.authority().grant(subject, name, value);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Certificate>> revokeProperty(PublicKey subject, String name) {
        return run(() -> settler.authority().revokeProperty(subject, name));
    }

    @Override
    public CompletableFuture<Optional<RevocationList>> revokeCertificate(CertificateId certificateId) {
        return run(() -> settler.authority().revoke(certificateId));
    }

    @Override
    public CompletableFuture<List<GigView>> disputes() {
        return run(() -> settler.disputes());
    }

    @Override
    public CompletableFuture<List<org.giggossip.core.settler.DisputeView>> disputeRecords(boolean includeResolved) {
        return run(() -> settler.disputeRecords(includeResolved));
    }

    @Override
    public CompletableFuture<Optional<org.giggossip.core.settler.DisputeView>> dispute(Hash32 replyHash) {
        return run(() -> settler.dispute(replyHash));
    }

    @Override
    public CompletableFuture<SettlerResponse> resolveDispute(Hash32 replyHash, boolean payWorker, String reason) {
        return run(() -> settler.resolveDispute(replyHash, payWorker, reason));
    }

    @Override
    public Optional<WalletAccounts> wallets() {
        return Optional.ofNullable(wallets);
    }

    // ---- the settler's thread

    /**
     * Runs {@code input} on the settler's thread, then commits what it changed and
     * carries out its outputs; completes with its result after the commit.
     */
    private <T> CompletableFuture<T> run(Supplier<T> input) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                if (failure != null) {
                    done.completeExceptionally(new IllegalStateException("the settler stopped: " + failure));
                    return;
                }
                T result;
                try {
                    result = input.get();
                } catch (RuntimeException e) {
                    pending.clear(); // a refused administrative act (a bad property name): nothing changed
                    done.completeExceptionally(e);
                    commitAndCarryOut();
                    return;
                }
                if (commitAndCarryOut()) {
                    done.complete(result);
                } else {
                    done.completeExceptionally(new IllegalStateException("the settler stopped: " + failure));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the settler is closed"));
        }
        return done;
    }

    private void post(Runnable input) {
        run(() -> {
            input.run();
            return null;
        }).whenComplete((v, e) -> {
            if (e != null && failure == null) {
                LOG.log(System.Logger.Level.ERROR, "settler: an input failed", e);
            }
        });
    }

    /** Write-ahead: commits the changed rows and the notices, then carries out the outputs. */
    private boolean commitAndCarryOut() {
        List<SettlerOutput> outputs = List.copyOf(pending);
        pending.clear();
        Instant now = clock.instant();
        List<SettlerDatabase.NewNotice> notices = new ArrayList<>();
        for (SettlerOutput o : outputs) {
            if (o instanceof SettlerOutput.Respond r && r.response() instanceof SettlerResponse response
                    && response.callId() == 0) {
                notices.add(new SettlerDatabase.NewNotice(r.to(), now,
                        ServiceCodec.encode(new ServiceMessage.SettlerAnswer(response))));
            }
        }
        try {
            db.commit(settler.drainChanges(), notices);
        } catch (RuntimeException e) {
            failStop("a commit to " + db.describe() + " failed: " + e.getMessage(), e);
            return false;
        }
        Set<PublicKey> noticed = new HashSet<>();
        notices.forEach(n -> noticed.add(n.to()));
        for (SettlerOutput o : outputs) {
            switch (o) {
                case SettlerOutput.Respond r -> {
                    long callId = r.response().callId();
                    if (callId != 0) {
                        CompletableFuture<SettlerResponse> waiting = calls.get(new CallKey(r.to(), callId));
                        if (waiting != null) {
                            waiting.complete(r.response());
                        }
                    }
                }
                case SettlerOutput.Wallet w -> {
                    try {
                        wallet.execute(w.request());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "settler wallet refused a request", e);
                        thread.execute(() -> {
                            settler.onWallet(new WalletEvent.CallFailed(w.request().callId(),
                                    "the wallet failed: " + e.getMessage()));
                            commitAndCarryOut();
                        });
                    }
                }
                case SettlerOutput.WakeUp w -> {
                    long delay = Math.max(0, Duration.between(clock.instant(), w.at()).toMillis() + 1);
                    thread.schedule(() -> post(settler::onWake), delay, TimeUnit.MILLISECONDS);
                }
                case SettlerOutput.Publish p -> {
                    publishedCount++;
                    notify(preimageWatchers, p.preimage(), "preimage");
                }
            }
        }
        for (PublicKey to : noticed) {
            List<CompletableFuture<Void>> waiters = noticeWaiters.get(to);
            if (waiters != null) {
                waiters.forEach(w -> w.complete(null));
            }
        }
        RevocationList list = settler.authority().revocationList();
        if (revocationList == null || list.body().version() != revocationList.body().version()) {
            revocationList = list;
            notify(revocationWatchers, list, "revocation list");
        }
        List<Certificate> own = settler.authority().certificates(id);
        if (!own.isEmpty()) {
            certificate = own.getLast();
        }
        return true;
    }

    private static <T> void notify(List<Consumer<T>> watchers, T value, String what) {
        for (Consumer<T> w : watchers) {
            try {
                w.accept(value);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a " + what + " watcher failed", e);
            }
        }
    }

    private void prune() {
        try {
            int pruned = db.pruneNotices(clock.instant().minus(config.noticeRetention()));
            if (pruned > 0) {
                LOG.log(System.Logger.Level.INFO, "pruned {0} notices older than {1}", pruned,
                        config.noticeRetention());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning notices failed: {0}", e.getMessage());
        }
    }

    private void failStop(String why, Throwable e) {
        failure = why;
        LOG.log(System.Logger.Level.ERROR, "settler stopped so that nothing is acted on that is not stored: " + why,
                e);
        IllegalStateException stopped = new IllegalStateException("the settler stopped: " + why);
        calls.values().forEach(c -> c.completeExceptionally(stopped));
        noticeWaiters.values().forEach(l -> l.forEach(w -> w.completeExceptionally(stopped)));
    }


    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the settler did not answer in 30 s");
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
        if (wallet != null) {
            wallet.close();
        }
    }
}
