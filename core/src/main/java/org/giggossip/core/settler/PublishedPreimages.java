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
    /** Hashes published or forgotten since the last {@link #drainChanges}. */
    private final java.util.Set<Hash32> changed = new java.util.LinkedHashSet<>();

    PublishedPreimages(Duration retention) {
        this.retention = retention;
    }

    void publish(Hash32 paymentHash, Preimage preimage, Instant now) {
        prune(now);
        if (byHash.putIfAbsent(paymentHash, new Entry(preimage, now.plus(retention))) == null) {
            changed.add(paymentHash);
        }
    }

    /** Restores a published preimage kept until {@code until} (rows are restored in any order). */
    void restore(Hash32 paymentHash, Preimage preimage, Instant until) {
        byHash.put(paymentHash, new Entry(preimage, until));
    }

    /** Sorts restored entries by expiry, as {@link #prune} expects. */
    void restored() {
        java.util.List<Map.Entry<Hash32, Entry>> entries = new java.util.ArrayList<>(byHash.entrySet());
        entries.sort(Map.Entry.comparingByValue(java.util.Comparator.comparing(Entry::until)));
        byHash.clear();
        entries.forEach(e -> byHash.put(e.getKey(), e.getValue()));
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(org.giggossip.core.durable.StateChanges changes) {
        for (Hash32 hash : changed) {
            Entry e = byHash.get(hash);
            if (e == null) {
                changes.delete(SettlerState.publishedKey(hash));
            } else {
                changes.put(SettlerState.publishedKey(hash), SettlerState.encodePublished(e.preimage(), e.until()));
            }
        }
        changed.clear();
    }

    Optional<Preimage> find(Hash32 paymentHash, Instant now) {
        prune(now);
        Entry e = byHash.get(paymentHash);
        return e == null ? Optional.empty() : Optional.of(e.preimage());
    }

    /** The preimages still retained, oldest first. */
    java.util.List<Preimage> all(Instant now) {
        prune(now);
        return byHash.values().stream().map(Entry::preimage).toList();
    }

    int size() {
        return byHash.size();
    }

    void prune(Instant now) {
        Iterator<Map.Entry<Hash32, Entry>> it = byHash.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Hash32, Entry> e = it.next();
            if (e.getValue().until().isAfter(now)) {
                return;
            }
            changed.add(e.getKey());
            it.remove();
        }
    }
}
