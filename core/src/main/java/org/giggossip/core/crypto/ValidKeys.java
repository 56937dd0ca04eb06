package org.giggossip.core.crypto;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small memo of x-only keys already found on the curve. Checking a key costs
 * a square root in the field (a few microseconds), and every decoded
 * certificate carries two keys that a node sees again and again (its peers'
 * senders, its settler). Only keys that passed the full check are stored, so a
 * hit returns exactly what the check would; a miss just runs it. Direct-mapped
 * and lock-free: entries are immutable arrays, replaced whole.
 */
final class ValidKeys {
    private static final int SLOTS = 1 << 14;
    private static final AtomicReferenceArray<byte[]> SEEN = new AtomicReferenceArray<>(SLOTS);

    private ValidKeys() {}

    private static int slot(byte[] key) {
        // Keys are uniformly distributed: their first bytes are a good enough index.
        return ((key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16) & (SLOTS - 1);
    }

    /** Whether {@code key} (32 bytes, never changed afterwards) is known to be valid. */
    static boolean contains(byte[] key) {
        byte[] seen = SEEN.get(slot(key));
        return seen != null && Arrays.equals(seen, key);
    }

    /** Records a key that passed the check; the array must never be changed afterwards. */
    static void add(byte[] key) {
        SEEN.set(slot(key), key);
    }
}
