package org.giggossip.core.settler;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;

/**
 * The preimages a {@link Settler} has revealed, answerable by FetchPreimage
 * (end of seed 000, 3.9) for a fixed retention. Kept in order of publication,
 * which with one retention is also the order of expiry, so pruning only looks
 * at the oldest entries.
 */
final class PublishedPreimages {
    private record Entry(Preimage preimage, Instant until) {}

    private final Duration retention;
    private final LinkedHashMap<Hash32, Entry> byHash = new LinkedHashMap<>();

    PublishedPreimages(Duration retention) {
        this.retention = retention;
    }

    void publish(Hash32 paymentHash, Preimage preimage, Instant now) {
        prune(now);
        byHash.putIfAbsent(paymentHash, new Entry(preimage, now.plus(retention)));
    }

    Optional<Preimage> find(Hash32 paymentHash, Instant now) {
        prune(now);
        Entry e = byHash.get(paymentHash);
        return e == null ? Optional.empty() : Optional.of(e.preimage());
    }

    int size() {
        return byHash.size();
    }

    void prune(Instant now) {
        Iterator<Map.Entry<Hash32, Entry>> it = byHash.entrySet().iterator();
        while (it.hasNext() && !it.next().getValue().until().isAfter(now)) {
            it.remove();
        }
    }
}
