package org.giggossip.core.ledger;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;

/**
 * The accounts of a {@link Ledger}, in parallel primitive arrays indexed by the
 * account id (0, 1, 2, ... in order of registration), so that a million
 * accounts cost a few tens of bytes each: the key reference, two amounts, the
 * per-account counters and one slot of an open-addressing index from public
 * key to id. Owned by the ledger's thread.
 */
final class Accounts {
    private static final int INITIAL = 16;

    private PrivateKey[] keys = new PrivateKey[INITIAL];
    private long[] balance = new long[INITIAL];
    private long[] locked = new long[INITIAL];
    private int[] created = new int[INITIAL];
    private int[] settled = new int[INITIAL];
    private int[] cancelled = new int[INITIAL];
    private int[] expired = new int[INITIAL];
    private long[] received = new long[INITIAL];
    private long[] paid = new long[INITIAL];
    private int count;

    /** Open addressing, linear probing: slot holds id + 1, 0 is empty; at most half full. */
    private int[] index = new int[2 * INITIAL];

    int count() {
        return count;
    }

    int register(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        PublicKey id = key.publicKey();
        if (find(id).isPresent()) {
            throw new IllegalArgumentException("account already registered for " + id);
        }
        if (count == keys.length) {
            grow();
        }
        int account = count++;
        keys[account] = key;
        insert(account);
        return account;
    }

    /** Registers an account restored from its row, with its amounts and counters. */
    int restore(PrivateKey key, AccountStats s) {
        int account = register(key);
        balance[account] = s.balanceMsat();
        locked[account] = s.lockedMsat();
        created[account] = s.invoicesCreated();
        settled[account] = s.invoicesSettled();
        cancelled[account] = s.invoicesCancelled();
        expired[account] = s.invoicesExpired();
        received[account] = s.receivedMsat();
        paid[account] = s.paidMsat();
        return account;
    }

    OptionalInt find(PublicKey id) {
        int mask = index.length - 1;
        for (int slot = mix(id.hashCode()) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
            int account = index[slot] - 1;
            if (keys[account].publicKey().equals(id)) {
                return OptionalInt.of(account);
            }
        }
        return OptionalInt.empty();
    }

    void check(int account) {
        if (account < 0 || account >= count) {
            throw new IllegalArgumentException("no account " + account + " (" + count + " registered)");
        }
    }

    PrivateKey key(int account) {
        return keys[account];
    }

    long balance(int account) {
        return balance[account];
    }

    long locked(int account) {
        return locked[account];
    }

    void credit(int account, long msat) {
        balance[account] = Math.addExact(balance[account], msat);
    }

    /** Moves {@code msat} from the account's balance to its locked funds; the caller checked the balance. */
    void lock(int account, long msat) {
        balance[account] -= msat;
        locked[account] += msat;
    }

    /** Moves locked funds back to the payer's balance. */
    void unlock(int account, long msat) {
        locked[account] -= msat;
        balance[account] += msat;
    }

    /** Pays locked funds of {@code payer} to {@code payee}. */
    void transferLocked(int payer, int payee, long msat) {
        locked[payer] -= msat;
        balance[payee] = Math.addExact(balance[payee], msat);
        paid[payer] += msat;
        received[payee] += msat;
    }

    void countCreated(int issuer) {
        created[issuer]++;
    }

    void countSettled(int issuer) {
        settled[issuer]++;
    }

    void countEnded(int issuer, boolean byExpiry) {
        if (byExpiry) {
            expired[issuer]++;
        } else {
            cancelled[issuer]++;
        }
    }

    AccountStats stats(int account) {
        return new AccountStats(account, keys[account].publicKey(), balance[account], locked[account],
                created[account], settled[account], cancelled[account], expired[account], received[account],
                paid[account]);
    }

    /** Sums of all balances and of all locked funds, and the number of accounts with a negative amount. */
    record Totals(long balancesMsat, long lockedMsat, int negativeAccounts) {}

    Totals totals() {
        long balances = 0;
        long lockedSum = 0;
        int negative = 0;
        for (int a = 0; a < count; a++) {
            balances = Math.addExact(balances, balance[a]);
            lockedSum = Math.addExact(lockedSum, locked[a]);
            if (balance[a] < 0 || locked[a] < 0) {
                negative++;
            }
        }
        return new Totals(balances, lockedSum, negative);
    }

    private void grow() {
        int n = keys.length * 2;
        keys = Arrays.copyOf(keys, n);
        balance = Arrays.copyOf(balance, n);
        locked = Arrays.copyOf(locked, n);
        created = Arrays.copyOf(created, n);
        settled = Arrays.copyOf(settled, n);
        cancelled = Arrays.copyOf(cancelled, n);
        expired = Arrays.copyOf(expired, n);
        received = Arrays.copyOf(received, n);
        paid = Arrays.copyOf(paid, n);
        index = new int[2 * n];
        for (int a = 0; a < count; a++) {
            insert(a);
        }
    }

    private void insert(int account) {
        int mask = index.length - 1;
        int slot = mix(keys[account].publicKey().hashCode()) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = account + 1;
    }

    /** Spreads the bits of a hash code over the table (Murmur3's finalizer). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
