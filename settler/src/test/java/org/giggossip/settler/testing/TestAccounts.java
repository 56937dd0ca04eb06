package org.giggossip.settler.testing;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;

/**
 * Regtest accounts in the {@link TestBackend}'s ledger: each owner's account is
 * held under a custody key drawn when it opens, as the service's ledger does;
 * its events are journalled in memory.
 */
final class TestAccounts implements WalletAccounts {
    private record Owned(PublicKey owner, Entry entry) {}

    private final TestBackend backend;
    private final long startingBalance;
    private final Map<PublicKey, Integer> accounts = new ConcurrentHashMap<>();
    private final Map<Integer, PublicKey> owners = new ConcurrentHashMap<>();
    private final Journal<Owned> journal = new Journal<>();

    TestAccounts(TestBackend backend, long startingBalance) {
        this.backend = backend;
        this.startingBalance = startingBalance;
    }

    /** On the backend's thread: an event of a ledger account. */
    void onEvent(int account, WalletEvent event) {
        PublicKey owner = owners.get(account);
        if (owner != null) {
            journal.append(seq -> new Owned(owner, new Entry(seq, java.time.Instant.now(), event)), owner);
        }
    }

    @Override
    public CompletableFuture<Void> open(PublicKey owner) {
        return backend.onLoop(() -> {
            if (!accounts.containsKey(owner)) {
                int account = backend.ledger().register(PrivateKey.generate(new SecureRandom()));
                backend.ledger().mint(account, startingBalance);
                owners.put(account, owner);
                accounts.put(owner, account);
            }
            return null;
        });
    }

    @Override
    public boolean has(PublicKey owner) {
        return accounts.containsKey(owner);
    }

    @Override
    public void execute(PublicKey owner, WalletRequest request) {
        backend.onLoop(() -> {
            backend.ledger().execute(accounts.get(owner), request);
            return null;
        });
    }

    @Override
    public CompletableFuture<HoldInvoiceWallet.Balance> balance(PublicKey owner) {
        return backend.onLoop(() -> {
            int a = accounts.get(owner);
            return new HoldInvoiceWallet.Balance(backend.ledger().balance(a), backend.ledger().locked(a));
        });
    }

    @Override
    public List<Entry> events(PublicKey owner, long afterSeq, int limit) {
        return journal.after(owner, afterSeq, limit, Owned::owner, o -> o.entry().seq()).stream()
                .map(Owned::entry).toList();
    }

    @Override
    public CompletableFuture<Void> awaitEvent(PublicKey owner, long afterSeq) {
        return journal.await(owner, afterSeq, Owned::owner, o -> o.entry().seq());
    }

    /** The ledger account of {@code owner}. */
    OptionalInt account(PublicKey owner) {
        Integer a = accounts.get(owner);
        return a == null ? OptionalInt.empty() : OptionalInt.of(a);
    }
}
