package org.giggossip.lightning.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.ledger.ConservationReport;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;

/**
 * The embedded hold-invoice ledger as a regtest Lightning network in one SQLite
 * file: the default wallet backend (docs/settler.md, "Wallets"). Every account of
 * the {@link Ledger} lives in the same file, so their holders can pay each
 * other's hold invoices as on one Lightning network, with real BOLT 11 strings
 * ({@code lnbcrt...}).
 *
 * <h2>Accounts</h2>
 * An account has an owner, a public key: either the holder of the account's own
 * key ({@link #openOwn}, the settler, whose key signs its invoices) or a
 * custodial account ({@link #open(PublicKey)}) whose signing key the ledger
 * generates and keeps. Events of an account go to its numbered journal
 * (1, 2, 3, ... with no gaps), which its owner reads from the last number it has
 * seen ({@link #events}, {@link #awaitEvent}, {@link #wallet}).
 *
 * <h2>Durability</h2>
 * One thread owns the ledger. After each input (a request, an expiry, a new
 * account) the rows the ledger changed, the journal entries of the events it
 * produced and the accounts' last journal numbers are committed in one SQLite
 * transaction ({@code synchronous=FULL}) before any event is delivered
 * (write-ahead): a crash at any moment loses no committed change, and an event
 * nobody received is in the journal. If a commit fails the wallets stop: every
 * later call fails, since the ledger in memory is ahead of its file.
 *
 * <p>Journal entries older than the retention (default 7 days) are deleted;
 * finished invoices are kept for the same time so that a repeated Settle,
 * Cancel or Pay is answered as the first was ({@link HoldInvoiceWallet}).
 *
 * <p>Thread-safe: every method may be called from any thread. Methods that
 * return a value (other than a future) wait for the wallets' thread; called on
 * it (from a sink), they run at once.
 */
public final class LedgerWallets implements WalletAccounts, AutoCloseable {
    /** How long journal entries and finished invoices are kept unless told otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The most entries {@link #events} returns at once. */
    public static final int MAX_EVENTS = 1_000;
    /** The most {@link #awaitEvent} futures pending per account; more are refused. */
    public static final int MAX_WAITERS = 1_000;

    private static final System.Logger LOG = System.getLogger(LedgerWallets.class.getName());
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Path file;
    private final Clock clock;
    private final SecureRandom random;
    private final long startingBalanceMsat;
    private final long retentionMillis;
    private final ScheduledThreadPoolExecutor loop;
    private final Thread loopThread;
    /** Owner to account; written on the loop, read anywhere (for {@link #has}). */
    private final Map<PublicKey, Integer> accountOf = new ConcurrentHashMap<>();

    // Owned by the loop thread.
    private final LedgerStore store;
    private Ledger ledger;
    private final List<Holder> holders = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<LedgerStore.Owner> newOwners = new ArrayList<>();
    private ScheduledFuture<?> expiryTimer;
    private long expiryTimerAt = Long.MIN_VALUE;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** One account's owner, journal head and listeners; owned by the loop thread. */
    private static final class Holder {
        final PublicKey owner;
        final boolean custodial;
        long lastSeq;
        final List<View> views = new ArrayList<>();
        final List<Waiter> waiters = new ArrayList<>();

        Holder(PublicKey owner, boolean custodial, long lastSeq) {
            this.owner = owner;
            this.custodial = custodial;
            this.lastSeq = lastSeq;
        }
    }

    private record Waiter(long afterSeq, CompletableFuture<Void> future) {}

    private record Pending(int account, WalletEvent event) {}

    private LedgerWallets(Path file, Clock clock, SecureRandom random, long startingBalanceMsat, long retentionMillis,
            LedgerStore store) {
        this.file = file;
        this.clock = clock;
        this.random = random;
        this.startingBalanceMsat = startingBalanceMsat;
        this.retentionMillis = retentionMillis;
        this.store = store;
        Thread[] thread = new Thread[1];
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ledger-wallets " + file.getFileName());
            t.setDaemon(true);
            thread[0] = t;
            return t;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        loop.prestartCoreThread();
        this.loopThread = thread[0];
    }

    /** {@link #open(Path, Clock, SecureRandom, long, Duration)} with the {@link #DEFAULT_RETENTION}. */
    public static LedgerWallets open(Path dbFile, Clock clock, SecureRandom random, long startingBalanceMsat) {
        return open(dbFile, clock, random, startingBalanceMsat, DEFAULT_RETENTION);
    }

    /**
     * Opens the ledger in {@code dbFile}, creating the file (owner-only) if it does
     * not exist, else restoring every account, invoice and journal from it.
     *
     * @param clock               the ledger's time (invoice timestamps, expiry, journal times)
     * @param random              generates the keys of custodial accounts
     * @param startingBalanceMsat minted once on each new custodial account (0: none)
     * @param retention           how long journal entries and finished invoices are kept
     * @throws IllegalStateException if the file cannot be opened (locked by another process, a newer
     *                               schema) or any of its rows is malformed or inconsistent: the message
     *                               names the row; nothing is half-opened
     */
    public static LedgerWallets open(Path dbFile, Clock clock, SecureRandom random, long startingBalanceMsat,
            Duration retention) {
        Objects.requireNonNull(dbFile, "dbFile");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (startingBalanceMsat < 0 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("starting balance " + startingBalanceMsat + ", retention " + retention);
        }
        LedgerStore store;
        try {
            store = LedgerStore.open(dbFile);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the ledger file " + dbFile + ": " + e.getMessage(), e);
        }
        LedgerWallets w = new LedgerWallets(dbFile, clock, random, startingBalanceMsat, retention.toMillis(), store);
        try {
            w.await(() -> {
                w.load();
                return null;
            });
        } catch (RuntimeException e) {
            w.close();
            throw new IllegalStateException("cannot open the ledger file " + dbFile + ": " + e.getMessage(), e);
        }
        return w;
    }

    /** Restores the ledger and the owners, checks them against each other, commits the first rows. */
    private void load() throws SQLException {
        ledger = Ledger.restore(clock, (account, event) -> pending.add(new Pending(account, event)),
                store.loadState());
        List<LedgerStore.Owner> owners = store.loadOwners();
        Map<Integer, Long> heads = store.journalHeads();
        if (owners.size() != ledger.accountCount()) {
            throw new IllegalStateException("wallet_account has " + owners.size() + " rows but the ledger "
                    + ledger.accountCount() + " accounts");
        }
        for (LedgerStore.Owner o : owners) {
            if (o.account() != holders.size()) {
                throw new IllegalStateException("wallet_account row '" + o.owner().hex() + "': account "
                        + o.account() + " where " + holders.size() + " was expected");
            }
            if (o.custodial() == ledger.id(o.account()).equals(o.owner())) {
                throw new IllegalStateException("wallet_account row '" + o.owner().hex() + "': "
                        + (o.custodial() ? "custodial, but the owner holds the account's key"
                                : "the owner's own account, but keyed by another key"));
            }
            long head = heads.getOrDefault(o.account(), 0L);
            if (head > o.lastSeq()) {
                throw new IllegalStateException("wallet_account row '" + o.owner().hex() + "': last_seq "
                        + o.lastSeq() + " below its journal's entry " + head);
            }
            holders.add(new Holder(o.owner(), o.custodial(), o.lastSeq()));
            accountOf.put(o.owner(), o.account());
        }
        if (!ledger.finishedRetention().equals(Duration.ofMillis(retentionMillis))) {
            ledger.retainFinished(Duration.ofMillis(retentionMillis));
        }
        // a fresh ledger writes its first rows; a restored one has nothing to write unless the retention changed
        commit();
        prune();
        long period = Math.min(PRUNE_EVERY_MILLIS, Math.max(1_000, retentionMillis / 10));
        loop.scheduleWithFixedDelay(this::pruneSafely, period, period, TimeUnit.MILLISECONDS);
    }

    // ---- accounts ---------------------------------------------------------------

    /**
     * Opens, unless it exists, the account of the holder of {@code key}, which
     * signs the account's invoices (the settler's own account), minting
     * {@code mintMsat} on it when it is created. Idempotent: a second call with
     * the same key changes nothing and mints nothing.
     *
     * @return the owner, {@code key.publicKey()}
     * @throws IllegalStateException if that public key owns a custodial account
     */
    public PublicKey openOwn(PrivateKey key, long mintMsat) {
        Objects.requireNonNull(key, "key");
        if (mintMsat < 0) {
            throw new IllegalArgumentException("negative mint " + mintMsat);
        }
        PublicKey owner = key.publicKey();
        await(() -> {
            Integer existing = accountOf.get(owner);
            if (existing != null) {
                if (holders.get(existing).custodial) {
                    throw new IllegalStateException(owner + " owns a custodial account");
                }
                return null;
            }
            create(owner, key, false, mintMsat);
            return null;
        });
        return owner;
    }

    /** Opens {@code owner}'s custodial account with the starting balance, unless it has one; completes once committed. */
    @Override
    public CompletableFuture<Void> open(PublicKey owner) {
        Objects.requireNonNull(owner, "owner");
        return call(() -> {
            if (!accountOf.containsKey(owner)) {
                create(owner, PrivateKey.generate(random), true, startingBalanceMsat);
            }
            return null;
        });
    }

    private void create(PublicKey owner, PrivateKey key, boolean custodial, long mintMsat) throws SQLException {
        int account = ledger.register(key);
        if (mintMsat > 0) {
            ledger.mint(account, mintMsat);
        }
        holders.add(new Holder(owner, custodial, 0));
        newOwners.add(new LedgerStore.Owner(owner, account, custodial, 0));
        commit();
        accountOf.put(owner, account);
    }

    @Override
    public boolean has(PublicKey owner) {
        return accountOf.containsKey(Objects.requireNonNull(owner, "owner"));
    }

    /**
     * Executes {@code request} on {@code owner}'s account, after this returns; the
     * answer and every later change come in the account's journal.
     *
     * @throws IllegalArgumentException if {@code owner} has no account
     */
    @Override
    public void execute(PublicKey owner, WalletRequest request) {
        executeOn(accountOf(owner), request);
    }

    private void executeOn(int account, WalletRequest request) {
        Objects.requireNonNull(request, "request");
        call(() -> {
            ledger.execute(account, request);
            commit();
            return null;
        }).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, "ledger request " + request + " failed", e);
            return null;
        });
    }

    @Override
    public CompletableFuture<HoldInvoiceWallet.Balance> balance(PublicKey owner) {
        int account = accountOf(owner);
        return call(() -> new HoldInvoiceWallet.Balance(ledger.balance(account), ledger.locked(account)));
    }

    /**
     * Up to {@code limit} (at most {@value #MAX_EVENTS}) journal entries of
     * {@code owner} numbered above {@code afterSeq}, in order; fewer if entries
     * older than the retention were deleted.
     */
    @Override
    public List<Entry> events(PublicKey owner, long afterSeq, int limit) {
        int account = accountOf(owner);
        int n = Math.clamp(limit, 0, MAX_EVENTS);
        return n == 0 ? List.of() : await(() -> store.read(account, afterSeq, n));
    }

    /** The number of {@code owner}'s last journal entry (0 if none). */
    public long lastSeq(PublicKey owner) {
        int account = accountOf(owner);
        return await(() -> holders.get(account).lastSeq);
    }

    /**
     * Completes when {@code owner}'s journal has an entry numbered above
     * {@code afterSeq}, on the wallets' thread (so dependents should not block).
     */
    @Override
    public CompletableFuture<Void> awaitEvent(PublicKey owner, long afterSeq) {
        int account = accountOf(owner);
        return call(() -> {
            Holder h = holders.get(account);
            if (h.lastSeq > afterSeq) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            h.waiters.removeIf(w -> w.future().isDone());
            if (h.waiters.size() >= MAX_WAITERS) {
                throw new IllegalStateException(MAX_WAITERS + " waiters already on " + owner);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            h.waiters.add(new Waiter(afterSeq, f));
            return f;
        }).thenCompose(f -> f);
    }

    /**
     * A {@link HoldInvoiceWallet} on {@code owner}'s account. On the wallets'
     * thread, {@code sink} first receives every journal entry numbered above
     * {@code afterSeq}, then the account's current state as the wallet contract
     * asks ({@code InvoiceAccepted} for each accepted invoice of the account,
     * {@code PaymentAccepted} for each payment in flight; these re-announcements
     * carry the number of the last journal entry, since they are not new), then
     * every new entry as it is committed, until the wallet is closed. The sink
     * must not block; it may call the wallet.
     *
     * @throws IllegalArgumentException if {@code owner} has no account
     */
    public HoldInvoiceWallet wallet(PublicKey owner, long afterSeq, Consumer<Entry> sink) {
        int account = accountOf(owner);
        View view = new View(account, Objects.requireNonNull(sink, "sink"));
        call(() -> {
            Holder h = holders.get(account);
            long seq = afterSeq;
            for (List<Entry> page = store.read(account, seq, MAX_EVENTS); !page.isEmpty() && !view.closed;
                    page = store.read(account, seq, MAX_EVENTS)) {
                for (Entry e : page) {
                    view.deliver(e);
                }
                seq = page.getLast().seq();
            }
            if (afterSeq < h.lastSeq && seq == afterSeq) {
                LOG.log(System.Logger.Level.WARNING, "journal of " + owner + " after " + afterSeq
                        + " was pruned; re-announcing the current state only");
            }
            Instant now = clock.instant();
            for (WalletEvent e : ledger.announcements(account)) {
                view.deliver(new Entry(h.lastSeq, now, e));
            }
            h.views.add(view);
            return null;
        }).exceptionally(e -> {
            LOG.log(System.Logger.Level.ERROR, "cannot open the wallet of " + owner, e);
            return null;
        });
        return view;
    }

    /** Whether money is conserved in the ledger. */
    public ConservationReport conservation() {
        return await(() -> ledger.checkConservation());
    }

    /** The number of live (open or accepted) invoices. */
    public int liveInvoices() {
        return await(() -> ledger.liveInvoices());
    }

    /** The file this ledger lives in. */
    public Path file() {
        return file;
    }

    // ---- the loop -------------------------------------------------------------

    /**
     * Commits what the last input changed and produced, then delivers its events:
     * the write-ahead step. A failed commit stops the wallets for good.
     */
    private void commit() throws SQLException {
        StateChanges changes = ledger.drainChanges();
        if (changes.isEmpty() && pending.isEmpty() && newOwners.isEmpty()) {
            return;
        }
        long at = clock.millis();
        List<LedgerStore.Append> entries = new ArrayList<>(pending.size());
        Map<Integer, Long> heads = new HashMap<>();
        for (Pending p : pending) {
            long seq = heads.getOrDefault(p.account(), holders.get(p.account()).lastSeq) + 1;
            heads.put(p.account(), seq);
            entries.add(new LedgerStore.Append(p.account(), seq, at, LedgerStore.encode(p.event())));
        }
        try {
            store.commit(changes, newOwners, entries);
        } catch (SQLException | RuntimeException e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "ledger commit failed; the wallets stop", e);
            throw e;
        }
        List<Pending> delivered = List.copyOf(pending);
        pending.clear();
        newOwners.clear();
        heads.forEach((account, seq) -> holders.get(account).lastSeq = seq);
        Instant when = Instant.ofEpochMilli(at);
        for (int k = 0; k < delivered.size(); k++) {
            Pending p = delivered.get(k);
            Entry entry = new Entry(entries.get(k).seq(), when, p.event());
            for (View v : List.copyOf(holders.get(p.account()).views)) {
                v.deliver(entry);
            }
        }
        for (Integer account : heads.keySet()) {
            Holder h = holders.get(account);
            h.waiters.removeIf(w -> {
                if (w.afterSeq() < h.lastSeq) {
                    w.future().complete(null);
                    return true;
                }
                return w.future().isDone();
            });
        }
        scheduleExpiry();
    }

    /** Keeps one timer at the ledger's next expiry. */
    private void scheduleExpiry() {
        Optional<Instant> next = ledger.nextExpiry();
        long at = next.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        if (at == expiryTimerAt && (expiryTimer == null || !expiryTimer.isDone())) {
            return;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        expiryTimerAt = at;
        if (next.isPresent() && !closed) {
            long delay = Math.max(0, at - clock.millis());
            expiryTimer = loop.schedule(this::expire, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        if (failure != null || closed) {
            return;
        }
        try {
            expiryTimer = null;
            ledger.advance(clock.instant());
            commit();
            // the clock may lag the timer: still due later, so a timer remains
            scheduleExpiry();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "ledger expiry failed", e);
        }
    }

    private void prune() throws SQLException {
        int n = store.prune(clock.millis() - retentionMillis);
        if (n > 0) {
            LOG.log(System.Logger.Level.DEBUG, "pruned " + n + " journal entries");
        }
    }

    private void pruneSafely() {
        if (failure != null || closed) {
            return;
        }
        try {
            prune();
            // finished invoices past the retention are forgotten as time passes, not only on requests
            ledger.advance(clock.instant());
            commit();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "journal pruning failed", e);
        }
    }

    private int accountOf(PublicKey owner) {
        Integer account = accountOf.get(Objects.requireNonNull(owner, "owner"));
        if (account == null) {
            throw new IllegalArgumentException("no account for " + owner);
        }
        return account;
    }

    /** Runs {@code task} on the loop; the future fails if the wallets are closed or stopped. */
    private <T> CompletableFuture<T> call(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            loop.execute(() -> runOn(task, f));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the ledger wallets are closed"));
        }
        return f;
    }

    private <T> void runOn(Callable<T> task, CompletableFuture<T> f) {
        if (failure != null) {
            f.completeExceptionally(new IllegalStateException("the ledger wallets stopped after a failed commit",
                    failure));
            return;
        }
        try {
            f.complete(task.call());
        } catch (Throwable e) {
            f.completeExceptionally(e);
        }
    }

    /** Runs {@code task} on the loop and waits for it; at once if this is the loop. */
    private <T> T await(Callable<T> task) {
        CompletableFuture<T> f;
        if (Thread.currentThread() == loopThread) {
            f = new CompletableFuture<>();
            runOn(task, f);
        } else {
            f = call(task);
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Stops the thread and closes the file; waiting callers and pending requests fail or are dropped. */
    @Override
    public void close() {
        if (closed && loop.isShutdown()) {
            return;
        }
        closed = true;
        try {
            loop.execute(() -> {
                for (Holder h : holders) {
                    h.waiters.forEach(w -> w.future().completeExceptionally(
                            new IllegalStateException("the ledger wallets are closed")));
                    h.views.clear();
                }
                try {
                    store.close();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + file, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        loop.shutdown();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the ledger thread did not stop in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One account's wallet: {@link #wallet}. */
    private final class View implements HoldInvoiceWallet {
        private final int account;
        private final Consumer<Entry> sink;
        private volatile boolean closed;

        View(int account, Consumer<Entry> sink) {
            this.account = account;
            this.sink = sink;
        }

        void deliver(Entry entry) {
            if (closed) {
                return;
            }
            try {
                sink.accept(entry);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a wallet sink failed on " + entry, e);
            }
        }

        @Override
        public void execute(WalletRequest request) {
            if (closed) {
                throw new IllegalStateException("the wallet is closed");
            }
            executeOn(account, request);
        }

        @Override
        public Balance balance() {
            return await(() -> new Balance(ledger.balance(account), ledger.locked(account)));
        }

        @Override
        public void close() {
            closed = true;
            call(() -> holders.get(account).views.remove(this));
        }
    }
}
