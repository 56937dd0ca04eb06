package org.giggossip.core.settler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.wire.Hash32;

/**
 * Values a {@link Settler} keeps by payment hash for a fixed retention, each a row of its durable
 * state (published preimages, ended disputes). Kept in order of addition, which with one retention is
 * also the order of expiry, so pruning only looks at the oldest entries. Owned by the settler's thread.
 *
 * @param <V> the value kept
 */
final class Retained<V> {
    private record Entry<V>(V value, Instant until) {}

    /** How a value is stored: its row key, and its row (the value and when it is forgotten). */
    interface Rows<V> {
        String key(Hash32 hash);

        byte[] encode(V value, Instant until);
    }

    private final Duration retention;
    private final Rows<V> rows;
    private final LinkedHashMap<Hash32, Entry<V>> byHash = new LinkedHashMap<>();
    /** Hashes added or forgotten since the last {@link #drainChanges}. */
    private final Set<Hash32> changed = new LinkedHashSet<>();

    Retained(Duration retention, Rows<V> rows) {
        this.retention = retention;
        this.rows = rows;
    }

    /** Keeps {@code value} for the retention unless one is kept for {@code hash} already. */
    void putIfAbsent(Hash32 hash, V value, Instant now) {
        prune(now);
        if (byHash.putIfAbsent(hash, new Entry<>(value, now.plus(retention))) == null) {
            changed.add(hash);
        }
    }

    /** Keeps {@code value} for the retention from now, in place of any kept for {@code hash}. */
    void put(Hash32 hash, V value, Instant now) {
        prune(now);
        byHash.remove(hash);
        byHash.put(hash, new Entry<>(value, now.plus(retention)));
        changed.add(hash);
    }

    /**
     * Restores a row kept until {@code until} (rows are restored in any order; call {@link #restored}
     * after the last).
     */
    void restore(Hash32 hash, V value, Instant until) {
        byHash.put(hash, new Entry<>(value, until));
    }

    /** Sorts restored entries by expiry, as {@link #prune} expects. */
    void restored() {
        List<Map.Entry<Hash32, Entry<V>>> entries = new ArrayList<>(byHash.entrySet());
        entries.sort(Map.Entry.comparingByValue(Comparator.comparing(Entry::until)));
        byHash.clear();
        entries.forEach(e -> byHash.put(e.getKey(), e.getValue()));
    }

    Optional<V> find(Hash32 hash, Instant now) {
        prune(now);
        return Optional.ofNullable(byHash.get(hash)).map(Entry::value);
    }

    /** The values still kept, oldest first. */
    List<V> all(Instant now) {
        prune(now);
        return byHash.values().stream().map((Function<Entry<V>, V>) Entry::value).toList();
    }

    int size() {
        return byHash.size();
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(StateChanges changes) {
        for (Hash32 hash : changed) {
            Entry<V> e = byHash.get(hash);
            if (e == null) {
                changes.delete(rows.key(hash));
            } else {
                changes.put(rows.key(hash), rows.encode(e.value(), e.until()));
            }
        }
        changed.clear();
    }

    /** Forgets what is kept until {@code now} or earlier. */
    void prune(Instant now) {
        Iterator<Map.Entry<Hash32, Entry<V>>> it = byHash.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Hash32, Entry<V>> e = it.next();
            if (e.getValue().until().isAfter(now)) {
                return;
            }
            changed.add(e.getKey());
            it.remove();
        }
    }
}
