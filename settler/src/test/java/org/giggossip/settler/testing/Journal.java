package org.giggossip.settler.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.giggossip.core.crypto.PublicKey;

/**
 * Numbered entries for many owners, read after a seq and awaited: the notices
 * of {@link TestBackend} and the wallet journals of {@link TestAccounts}.
 */
final class Journal<T> {
    private record Waiter(PublicKey owner, long after, CompletableFuture<Void> ready) {}

    private final List<T> entries = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long seq;

    /** Appends the entry made for the next seq, owned by {@code owner}. */
    void append(LongFunction<T> make, PublicKey owner) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            entries.add(make.apply(++seq));
            waiters.removeIf(w -> {
                if (w.owner().equals(owner) || w.ready().isDone()) {
                    ready.add(w.ready());
                    return true;
                }
                return false;
            });
        }
        // completed outside the lock: a waiter's continuation may read the journal
        ready.forEach(f -> f.complete(null));
    }

    synchronized List<T> after(PublicKey owner, long after, int limit, Function<T, PublicKey> ownerOf,
            ToLongFunction<T> seqOf) {
        return entries.stream().filter(e -> ownerOf.apply(e).equals(owner) && seqOf.applyAsLong(e) > after)
                .limit(limit).toList();
    }

    CompletableFuture<Void> await(PublicKey owner, long after, Function<T, PublicKey> ownerOf,
            ToLongFunction<T> seqOf) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        synchronized (this) {
            if (!after(owner, after, 1, ownerOf, seqOf).isEmpty()) {
                ready.complete(null);
            } else {
                waiters.add(new Waiter(owner, after, ready));
            }
        }
        return ready;
    }

    synchronized List<T> all() {
        return List.copyOf(entries);
    }
}
