package org.giggossip.net.voidphone;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An {@link ItemGossipPort} that records what the API server hands it, for tests to await. */
final class RecordingGossipPort implements ItemGossipPort {
    /** One announcement. */
    record Announced(int ttl, int dataType, String dataHex) {}

    /** One validation. */
    record Validated(long itemId, boolean valid) {}

    final BlockingQueue<Announced> announced = new LinkedBlockingQueue<>();
    final BlockingQueue<Validated> validated = new LinkedBlockingQueue<>();

    @Override
    public void announce(int ttl, int dataType, byte[] data) {
        announced.add(new Announced(ttl, dataType, org.giggossip.core.util.Hex.encode(data)));
    }

    @Override
    public void validated(long itemId, boolean valid) {
        validated.add(new Validated(itemId, valid));
    }

    /** The next announcement within {@code timeout}, or an assertion error. */
    Announced nextAnnounced(Duration timeout) throws InterruptedException {
        Announced a = announced.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new AssertionError("no announcement within " + timeout);
        }
        return a;
    }

    /** The next validation within {@code timeout}, or an assertion error. */
    Validated nextValidated(Duration timeout) throws InterruptedException {
        Validated v = validated.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (v == null) {
            throw new AssertionError("no validation within " + timeout);
        }
        return v;
    }
}
