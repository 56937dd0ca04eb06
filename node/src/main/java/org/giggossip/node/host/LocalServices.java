package org.giggossip.node.host;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.ledger.ConservationReport;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerAuthority;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerOutput;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.Signer;

/**
 * An embedded payment settler and hold-invoice ledger in this process, owned by
 * one thread: what {@code gg demo} and tests use in place of a settler service
 * and a Lightning network. Nodes {@link #bind} to it for their {@link Payments};
 * every request is queued to the services' thread and answered later, never
 * inside the caller's call.
 */
public final class LocalServices implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalServices.class.getName());

    /**
     * Where the services keep their state, to survive a restart of the process ({@code [settler]
     * serve = true} in a node, so that they survive its restart): the rows of the ledger, of the settler and of the map
     * from remote nodes to their ledger accounts.
     */
    public interface Store {
        /** Every ledger row committed so far. */
        Map<String, byte[]> ledger();

        /** Every settler row committed so far. */
        Map<String, byte[]> settler();

        /** Every account row committed so far: a remote node's key (hex) to its account (4 bytes). */
        Map<String, byte[]> accounts();

        /** Commits the changes of one input together; throws if they could not be committed. */
        void commit(StateChanges ledger, StateChanges settler, StateChanges accounts);
    }

    /** A wallet event of some account, for timelines and audits. */
    public interface WalletWatcher {
        void walletEvent(PublicKey account, Instant at, WalletEvent event);
    }

    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Ledger ledger;
    private final Settler settler;
    private final int settlerAccount;
    /** Where the state is kept, or null (in memory only). */
    private final Store store;
    /** Account rows changed since the last commit; owned by the services' thread. */
    private StateChanges accountChanges = new StateChanges();
    /**
     * With a store: what the current input tells the nodes, carried out once its changes are
     * committed (write-ahead). Owned by the services' thread.
     */
    private final java.util.ArrayDeque<Runnable> deliveries = new java.util.ArrayDeque<>();
    private final Map<Integer, Consumer<WalletEvent>> walletSinks = new ConcurrentHashMap<>();
    private final Map<PublicKey, Consumer<SettlerResponse>> settlerSinks = new ConcurrentHashMap<>();
    private final List<WalletWatcher> watchers = new CopyOnWriteArrayList<>();
    private final SecureRandom random;
    /** Accounts of remote nodes, whose keys the ledger holds in custody; owned by the services' thread. */
    private final Map<PublicKey, Integer> remoteAccounts = new ConcurrentHashMap<>();
    /** The journals of remote accounts, for Resume; owned by the services' thread. */
    private final Map<Integer, AccountJournal> journals = new ConcurrentHashMap<>();
    private Instant ledgerTickAt;
    private long published;

    /**
     * @param settlerKey the settler's key: its identity, certificate authority and ledger account
     */
    public LocalServices(PrivateKey settlerKey, SettlerConfig config, Clock clock, SecureRandom random) {
        this(settlerKey, config, clock, random, null);
    }

    /**
     * Services kept in {@code store} (null: in memory only): restored from what it holds, if
     * anything, and every input's changes committed to it before any answer or event of that
     * input leaves (write-ahead). A restored settler asks the ledger again for what was in flight,
     * and every remote account's journal starts with its invoices still accepted, so a node's
     * next {@code Resume} replays them. Should a commit fail, the services stop: they never act
     * on what they could not keep.
     *
     * @throws IllegalStateException if the stored state does not decode or belongs to another settler key
     */
    public LocalServices(PrivateKey settlerKey, SettlerConfig config, Clock clock, SecureRandom random,
            Store store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.store = store;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "settler-and-ledger");
            t.setDaemon(true);
            return t;
        });
        Signer signer = Signer.of(settlerKey, random);
        CertificateAuthority ca = new CertificateAuthority(signer, "gg://local-settler/");
        Map<String, byte[]> settlerRows = store == null ? Map.of() : store.settler();
        Map<String, byte[]> ledgerRows = store == null ? Map.of() : store.ledger();
        this.settler = settlerRows.isEmpty() ? new Settler(config, signer, ca, clock, random, this::settlerOutput)
                : Settler.restore(config, signer, ca, clock, random, this::settlerOutput, settlerRows);
        this.ledger = ledgerRows.isEmpty() ? new Ledger(clock, this::ledgerEvent)
                : Ledger.restore(clock, this::ledgerEvent, ledgerRows);
        OptionalInt own = ledger.account(settlerKey.publicKey());
        this.settlerAccount = own.isPresent() ? own.getAsInt() : ledger.register(settlerKey);
        if (store != null) {
            store.accounts().forEach((node, account) -> {
                if (account.length != 4) {
                    throw new IllegalStateException("the stored account of " + node + " is not 4 bytes");
                }
                int a = java.nio.ByteBuffer.wrap(account).getInt();
                remoteAccounts.put(PublicKey.fromHex(node), a);
                AccountJournal journal = new AccountJournal();
                ledger.announcements(a).forEach(journal::record);
                journals.put(a, journal);
            });
            if (!settlerRows.isEmpty()) {
                post(settler::resume);
            }
            post(this::scheduleLedgerTick); // and commits what a new ledger and settler start with
        }
    }

    /** The settler's id. */
    public PublicKey settlerId() {
        return settler.id();
    }

    /** Watches every wallet event of every account. */
    public void watch(WalletWatcher watcher) {
        watchers.add(watcher);
    }

    /**
     * Opens a ledger account for {@code key} with {@code balanceMsat}, grants it
     * {@code properties} and issues its certificate (valid a year).
     */
    public Certificate enrol(PrivateKey key, long balanceMsat, Map<String, String> properties) {
        return call(() -> {
            OptionalInt known = ledger.account(key.publicKey()); // restored
            int account = known.isPresent() ? known.getAsInt() : ledger.register(key);
            if (known.isEmpty() && balanceMsat > 0) {
                ledger.mint(account, balanceMsat);
            }
            properties.forEach((k, v) -> settler.authority().grant(key.publicKey(), k, v));
            return settler.authority().issue(key.publicKey(), Duration.ofDays(365));
        });
    }

    /**
     * The settler's latest revocation list, re-signed first if it was issued {@code reissueAfter}
     * ago or longer (see {@link SettlerAuthority#refreshRevocationList}): what the node serving
     * this settler offers its own trust store, which refuses the certificates of a settler whose
     * list is too old.
     */
    public RevocationList revocationList(Duration reissueAfter) {
        return call(() -> {
            settler.authority().refreshRevocationList(reissueAfter);
            return settler.authority().revocationList();
        });
    }

    /** The payments of an enrolled node whose answers go to the given sinks. */
    public EngineHost.PaymentsBinding binding(PublicKey node) {
        return (wallet, settlerSink) -> bind(node, wallet, settlerSink);
    }

    /** Binds an enrolled node's answers to its sinks. */
    public Payments bind(PublicKey node, Consumer<WalletEvent> wallet, Consumer<SettlerResponse> settlerSink) {
        int account = call(() -> accountOf(node)).orElseThrow(
                () -> new IllegalArgumentException("node " + node + " is not enrolled"));
        walletSinks.put(account, wallet);
        settlerSinks.put(node, settlerSink);
        return new AccountPayments(node, () -> account, settlerSink);
    }

    /** The ledger's balance of {@code node}, in msat. */
    public long balance(PublicKey node) {
        return call(() -> ledger.balance(accountOf(node).orElseThrow()));
    }

    /** The settler's own ledger account, spendable plus locked, in msat: the fees it earned. */
    public long settlerBalance() {
        return call(() -> ledger.balance(settlerAccount) + ledger.locked(settlerAccount));
    }

    // ---- remote nodes (ServiceEndpoint) ----

    /** Grants {@code name=value} to {@code node}: certified by its next certificate (seed 000, 3.2). */
    public void grant(PublicKey node, String name, String value) {
        call(() -> {
            settler.authority().grant(node, name, value);
            return null;
        });
    }

    /**
     * Opens a ledger account for a remote node unless it has one, minting
     * {@code startingBalanceMsat} (regtest). The ledger holds a key of its own
     * for the account in custody, which signs its invoices: a regtest Lightning
     * node operated for the remote node. Runs on the services' thread.
     */
    public CompletableFuture<Void> openRemote(PublicKey node, long startingBalanceMsat) {
        return submit(() -> {
            openRemoteNow(node, startingBalanceMsat);
            return null;
        });
    }

    /**
     * A certificate of {@code node} with the properties granted to it: its live
     * one, else a new one valid a year; opens its account first if needed.
     */
    public CompletableFuture<Certificate> enrolRemote(PublicKey node, long startingBalanceMsat) {
        return submit(() -> {
            openRemoteNow(node, startingBalanceMsat);
            List<Certificate> live = settler.authority().certificates(node);
            if (!live.isEmpty() && live.getLast().body().properties().equals(settler.authority().granted(node))) {
                return live.getLast();
            }
            return settler.authority().issue(node, Duration.ofDays(365));
        });
    }

    /**
     * The payments of a remote node: requests run on its account (opened if
     * needed, see {@link #openRemote}); its wallet events and settler answers go
     * to the sinks, from the services' thread. Does not block.
     */
    public Payments bindRemote(PublicKey node, long startingBalanceMsat, Consumer<WalletEvent> wallet,
            Consumer<SettlerResponse> settlerSink) {
        settlerSinks.put(node, settlerSink);
        post(() -> walletSinks.put(openRemoteNow(node, startingBalanceMsat), wallet));
        return new AccountPayments(node, () -> openRemoteNow(node, startingBalanceMsat), settlerSink);
    }

    /** Spendable and locked funds of {@code node}, {0, 0} without an account; on the services' thread. */
    public CompletableFuture<long[]> balances(PublicKey node) {
        return submit(() -> balancesNow(node));
    }

    /**
     * What a remote node may have missed (see {@link AccountJournal#resume}):
     * computed on the services' thread, so it is ordered with the events it
     * delivers to the node's sink.
     */
    public CompletableFuture<List<WalletEvent>> resume(PublicKey node) {
        return submit(() -> {
            Integer account = remoteAccounts.get(node);
            AccountJournal journal = account == null ? null : journals.get(account);
            return journal == null ? List.<WalletEvent>of() : journal.resume();
        });
    }

    /** Runs {@code query} on the services' thread; the future completes there. */
    public <T> CompletableFuture<T> submit(Supplier<T> query) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                T result = null;
                RuntimeException error = null;
                try {
                    result = query.get();
                } catch (RuntimeException e) {
                    error = e;
                }
                if (!commitAndDeliver()) {
                    error = new IllegalStateException("the local settler and ledger stopped: a commit failed");
                }
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(result);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the local settler and ledger are closed"));
        }
        return done;
    }

    private int openRemoteNow(PublicKey node, long startingBalanceMsat) {
        Integer known = remoteAccounts.get(node);
        if (known != null) {
            return known;
        }
        OptionalInt local = ledger.account(node);
        if (local.isPresent()) {
            return local.getAsInt(); // enrolled in process (gg demo): its own key signs its invoices
        }
        int account = ledger.register(PrivateKey.generate(random));
        if (startingBalanceMsat > 0) {
            ledger.mint(account, startingBalanceMsat);
        }
        remoteAccounts.put(node, account);
        accountChanges.put(node.hex(), java.nio.ByteBuffer.allocate(4).putInt(account).array());
        journals.put(account, new AccountJournal());
        return account;
    }

    /**
     * One node's {@link Payments} on these services: wallet requests on its ledger account
     * ({@code account} runs on the services' thread), settler requests as from {@code node}.
     */
    private final class AccountPayments implements Payments {
        private final PublicKey node;
        private final java.util.function.IntSupplier account;
        private final Consumer<SettlerResponse> settlerSink;

        AccountPayments(PublicKey node, java.util.function.IntSupplier account, Consumer<SettlerResponse> sink) {
            this.node = node;
            this.account = account;
            this.settlerSink = sink;
        }

        @Override
        public void wallet(WalletRequest request) {
            post(() -> {
                ledger.execute(account.getAsInt(), request);
                scheduleLedgerTick();
            });
        }

        @Override
        public void send(PublicKey settlerId, SettlerRequest request) {
            if (!settlerId.equals(settler.id())) {
                post(() -> settlerSink.accept(new SettlerResponse.Refused(request.callId(),
                        "no route to settler " + settlerId.hex().substring(0, 12))));
                return;
            }
            post(() -> settler.onRequest(node, request));
        }

        @Override
        public long[] balance() {
            return call(() -> balancesNow(node));
        }
    }

    private OptionalInt accountOf(PublicKey node) {
        Integer remote = remoteAccounts.get(node);
        return remote != null ? OptionalInt.of(remote) : ledger.account(node);
    }

    private long[] balancesNow(PublicKey node) {
        OptionalInt account = accountOf(node);
        return account.isEmpty() ? new long[] {0, 0}
                : new long[] {ledger.balance(account.getAsInt()), ledger.locked(account.getAsInt())};
    }

    /** Checks that no msat was created or lost. */
    public ConservationReport conservation() {
        return call(ledger::checkConservation);
    }

    /** Hold invoices neither settled nor cancelled. */
    public int liveInvoices() {
        return call(ledger::liveInvoices);
    }

    /** Preimages the settler published (seed 000, end of 3.9). */
    public long published() {
        return call(() -> published);
    }

    /** Runs {@code query} on the services' thread and returns its answer. */
    public <T> T call(Supplier<T> query) {
        try {
            return submit(query).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("the local settler and ledger did not answer: " + e);
        }
    }

    private void post(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "local settler or ledger: a task failed", e);
                }
                commitAndDeliver();
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void ledgerEvent(int account, WalletEvent event) {
        Instant now = clock.instant();
        PublicKey who = ledger.id(account);
        AccountJournal journal = journals.get(account);
        if (journal != null) {
            journal.record(event);
        }
        for (WalletWatcher w : watchers) {
            w.walletEvent(who, now, event);
        }
        if (account == settlerAccount) {
            post(() -> settler.onWallet(event));
            return;
        }
        Consumer<WalletEvent> sink = walletSinks.get(account);
        if (sink != null) {
            deliver(() -> sink.accept(event)); // the node queues it on its own loop
        }
    }

    private void settlerOutput(SettlerOutput output) {
        switch (output) {
            case SettlerOutput.Respond r -> {
                Consumer<SettlerResponse> sink = settlerSinks.get(r.to());
                if (sink != null) {
                    deliver(() -> sink.accept(r.response()));
                }
            }
            case SettlerOutput.Wallet w -> post(() -> {
                ledger.execute(settlerAccount, w.request());
                scheduleLedgerTick();
            });
            case SettlerOutput.WakeUp w -> schedule(w.at(), settler::onWake);
            case SettlerOutput.Publish p -> published++;
        }
    }

    /** Tells a node something: at once in memory, after the input's commit with a store. */
    private void deliver(Runnable delivery) {
        if (store == null) {
            delivery.run();
        } else {
            deliveries.add(delivery);
        }
    }

    /**
     * After each input, on the services' thread: commits what it changed, then carries out what it
     * tells the nodes. On a failed commit, stops the services and returns false.
     */
    private boolean commitAndDeliver() {
        if (store == null) {
            return true;
        }
        StateChanges accounts = accountChanges;
        accountChanges = new StateChanges();
        try {
            store.commit(ledger.drainChanges(), settler.drainChanges(), accounts);
        } catch (RuntimeException e) {
            deliveries.clear();
            LOG.log(System.Logger.Level.ERROR, "local settler and ledger: a commit failed; they stop, so as "
                    + "never to act on what they could not keep: " + e.getMessage(), e);
            thread.shutdownNow();
            return false;
        }
        for (Runnable d; (d = deliveries.poll()) != null; ) {
            d.run();
        }
        return true;
    }

    /** Keeps one pending ledger tick at the ledger's next expiry. */
    private void scheduleLedgerTick() {
        ledger.nextExpiry().ifPresent(next -> {
            if (ledgerTickAt == null || next.isBefore(ledgerTickAt) || ledgerTickAt.isBefore(clock.instant())) {
                ledgerTickAt = next;
                schedule(next, () -> {
                    if (next.equals(ledgerTickAt)) {
                        ledgerTickAt = null;
                    }
                    ledger.advance(clock.instant());
                    scheduleLedgerTick();
                });
            }
        });
    }

    private void schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        try {
            thread.schedule(() -> post(task), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
