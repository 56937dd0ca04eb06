package org.giggossip.sim.topology;

/**
 * A set of non-negative {@code long} keys with open addressing and linear
 * probing, for edge look-ups while a graph is built: 8 bytes a slot, no object
 * per key. Removal uses backward-shift deletion, so no tombstones accumulate.
 */
final class LongHashSet {
    private static final long EMPTY = -1L;

    private long[] slots;
    private int mask;
    private int size;

    LongHashSet(int expected) {
        // The smallest power of two that holds `expected` keys below the 3/4 load limit.
        long need = Math.max(8L, expected * 4L / 3 + 1);
        if (need > 1 << 30) {
            throw new IllegalArgumentException("too many keys: " + expected);
        }
        int capacity = Integer.highestOneBit((int) need - 1) << 1;
        slots = new long[capacity];
        java.util.Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        for (int i = index(key); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == key) {
                return true;
            }
            if (s == EMPTY) {
                return false;
            }
        }
    }

    boolean add(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must not be negative: " + key);
        }
        if ((size + 1) * 4L > slots.length * 3L) {
            rehash();
        }
        for (int i = index(key); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == key) {
                return false;
            }
            if (s == EMPTY) {
                slots[i] = key;
                size++;
                return true;
            }
        }
    }

    boolean remove(long key) {
        int i = index(key);
        while (slots[i] != key) {
            if (slots[i] == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift: move later members of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
            int home = index(slots[j]);
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = EMPTY;
        size--;
        return true;
    }

    private int index(long key) {
        return (int) org.giggossip.sim.random.RandomStreams.mix64(key) & mask;
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        java.util.Arrays.fill(slots, EMPTY);
        mask = slots.length - 1;
        size = 0;
        for (long key : old) {
            if (key != EMPTY) {
                add(key);
            }
        }
    }
}
