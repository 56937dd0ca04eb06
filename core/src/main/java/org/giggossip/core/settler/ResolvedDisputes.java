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
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.wire.Hash32;

/**
 * The disputes a {@link Settler} has ended, with their evidence and outcome,
 * kept for a fixed retention (the preimage retention): the administrators see
 * them, and a second resolution is refused with what was decided. Kept in order
 * of resolution, which with one retention is also the order of expiry.
 */
final class ResolvedDisputes {
    private record Entry(DisputeView dispute, Instant until) {}

    private final Duration retention;
    private final LinkedHashMap<Hash32, Entry> byHash = new LinkedHashMap<>();
    /** Hashes added or forgotten since the last {@link #drainChanges}. */
    private final Set<Hash32> changed = new LinkedHashSet<>();

    ResolvedDisputes(Duration retention) {
        this.retention = retention;
    }

    void add(DisputeView dispute, Instant now) {
        prune(now);
        byHash.remove(dispute.replyHash());
        byHash.put(dispute.replyHash(), new Entry(dispute, now.plus(retention)));
        changed.add(dispute.replyHash());
    }

    /** Restores a row (rows are restored in any order; call {@link #restored} after the last). */
    void restore(DisputeView dispute, Instant until) {
        byHash.put(dispute.replyHash(), new Entry(dispute, until));
    }

    /** Sorts restored entries by expiry, as {@link #prune} expects. */
    void restored() {
        List<Map.Entry<Hash32, Entry>> entries = new ArrayList<>(byHash.entrySet());
        entries.sort(Map.Entry.comparingByValue(Comparator.comparing(Entry::until)));
        byHash.clear();
        entries.forEach(e -> byHash.put(e.getKey(), e.getValue()));
    }

    Optional<DisputeView> find(Hash32 replyHash, Instant now) {
        prune(now);
        Entry e = byHash.get(replyHash);
        return e == null ? Optional.empty() : Optional.of(e.dispute());
    }

    /** The disputes still retained, oldest resolution first. */
    List<DisputeView> all(Instant now) {
        prune(now);
        return byHash.values().stream().map(Entry::dispute).toList();
    }

    /** Adds the rows changed since the last call to {@code changes}. */
    void drainChanges(StateChanges changes) {
        for (Hash32 hash : changed) {
            Entry e = byHash.get(hash);
            if (e == null) {
                changes.delete(SettlerState.resolvedKey(hash));
            } else {
                changes.put(SettlerState.resolvedKey(hash), SettlerState.encodeResolved(e.dispute(), e.until()));
            }
        }
        changed.clear();
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
