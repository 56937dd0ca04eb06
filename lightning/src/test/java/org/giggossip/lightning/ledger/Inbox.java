package org.giggossip.lightning.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;

/** A wallet sink the test thread reads from, waiting (bounded) for the next entry. */
final class Inbox implements Consumer<WalletAccounts.Entry> {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final LinkedBlockingQueue<WalletAccounts.Entry> queue = new LinkedBlockingQueue<>();
    final List<WalletAccounts.Entry> all = new ArrayList<>();

    @Override
    public void accept(WalletAccounts.Entry entry) {
        queue.add(entry);
    }

    /** The next entry; fails after {@link #TIMEOUT}. */
    WalletAccounts.Entry next() {
        try {
            WalletAccounts.Entry e = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no wallet event within " + TIMEOUT + "; had " + all);
            }
            all.add(e);
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next entry's event, which must be of {@code type}. */
    <T extends WalletEvent> T next(Class<T> type) {
        WalletAccounts.Entry e = next();
        if (!type.isInstance(e.event())) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + e);
        }
        return type.cast(e.event());
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
