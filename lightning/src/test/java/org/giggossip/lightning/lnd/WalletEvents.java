package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.payment.WalletEvent;

/** A wallet's sink for tests: the events in order, waited for with a bound. */
final class WalletEvents implements Consumer<WalletEvent> {
    private final BlockingQueue<WalletEvent> queue = new LinkedBlockingQueue<>();
    volatile Thread deliveredOn;

    @Override
    public void accept(WalletEvent event) {
        deliveredOn = Thread.currentThread();
        queue.add(event);
    }

    /** The next event, waiting up to 15 s for it. */
    WalletEvent next() throws InterruptedException {
        WalletEvent e = queue.poll(15, TimeUnit.SECONDS);
        assertThat(e).as("a wallet event within 15 s").isNotNull();
        return e;
    }

    <T extends WalletEvent> T next(Class<T> type) throws InterruptedException {
        WalletEvent e = next();
        assertThat(e).isInstanceOf(type);
        return type.cast(e);
    }

    /** The events delivered so far and not taken. */
    java.util.List<WalletEvent> pending() {
        return java.util.List.copyOf(queue);
    }
}
