package org.giggossip.core.durable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Changes to a keyed state since the last time they were drained: each key
 * either put to a value or deleted (a null value), in the order of change. A
 * sans-I/O state machine with a large state (the settler's gigs, the ledger's
 * invoices) hands these to its host after each input, and the host commits them
 * in one transaction before carrying out any output of that input (write-ahead),
 * so a crash at any moment loses nothing that any output depended on. Keys are
 * 1 to 200 printable ASCII characters.
 */
public final class StateChanges {
    private final LinkedHashMap<String, byte[]> changes = new LinkedHashMap<>();

    /** Records that {@code key} now holds {@code value}. */
    public void put(String key, byte[] value) {
        changes.put(checkKey(key), Objects.requireNonNull(value, "value").clone());
    }

    /** Records that {@code key} no longer exists. */
    public void delete(String key) {
        changes.put(checkKey(key), null);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Number of keys changed. */
    public int size() {
        return changes.size();
    }

    /** Every changed key with its new value, or null for a deleted key; in order of first change. */
    public Map<String, byte[]> entries() {
        return Collections.unmodifiableMap(changes);
    }

    /** Takes every change of {@code later} on top of these (a later change of a key wins). */
    public void addAll(StateChanges later) {
        later.changes.forEach((k, v) -> {
            changes.remove(k);
            changes.put(k, v);
        });
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("bad state key: " + key);
        }
        return key;
    }
}
