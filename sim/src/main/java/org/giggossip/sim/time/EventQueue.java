package org.giggossip.sim.time;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A priority queue of events ordered by (time, insertion sequence): the earliest
 * time first, and among equal times the one added first. The order therefore
 * depends only on the calls made, never on hash codes or identity, which is what
 * makes a run repeatable.
 *
 * <p>It is a 4-ary heap over two arrays (time and sequence number side by side
 * in a {@code long[]}, the events in an {@code Object[]}), so an entry costs 20
 * to 24 bytes plus its event, and adding or polling allocates nothing except
 * when the arrays grow. Tens of millions of pending entries fit comfortably.
 *
 * <p>Not thread-safe: one simulation loop owns it (docs/style.md 8).
 *
 * @param <E> the event type
 */
public final class EventQueue<E> {
    private static final int DEFAULT_CAPACITY = 1024;
    /** Children per node: a 4-ary heap is shallower than a binary one and its children share cache lines. */
    private static final int ARITY = 4;

    /** Entry i's time at [2i] and sequence number at [2i + 1], so one comparison reads one cache line. */
    private long[] keys;
    private Object[] events;
    private int size;
    private long nextSeq;

    /** An empty queue. */
    public EventQueue() {
        this(DEFAULT_CAPACITY);
    }

    /** An empty queue with room for {@code initialCapacity} entries before it grows. */
    public EventQueue(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be positive, got " + initialCapacity);
        }
        keys = new long[2 * initialCapacity];
        events = new Object[initialCapacity];
    }

    /**
     * Adds an event at {@code time}.
     *
     * @return the event's sequence number: 0 for the first event ever added, then 1, 2, ...
     */
    public long add(long time, E event) {
        if (event == null) {
            throw new NullPointerException("event");
        }
        if (size == events.length) {
            grow();
        }
        long seq = nextSeq++;
        siftUp(size++, time, seq, event);
        return seq;
    }

    /** True when no event is pending. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of pending events. */
    public int size() {
        return size;
    }

    /**
     * The time of the earliest pending event.
     *
     * @throws NoSuchElementException if the queue is empty
     */
    public long peekTime() {
        requireNonEmpty();
        return keys[0];
    }

    /**
     * Removes and returns the earliest pending event (read its time first with
     * {@link #peekTime()}).
     *
     * @throws NoSuchElementException if the queue is empty
     */
    @SuppressWarnings("unchecked")
    public E poll() {
        requireNonEmpty();
        E head = (E) events[0];
        int last = --size;
        long t = keys[2 * last];
        long s = keys[2 * last + 1];
        Object e = events[last];
        events[last] = null;
        if (last > 0) {
            siftDown(t, s, e);
        }
        return head;
    }

    /** Removes every pending event; sequence numbers keep counting. */
    public void clear() {
        Arrays.fill(events, 0, size, null);
        size = 0;
    }

    private void siftUp(int index, long t, long s, Object e) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            if (!before(t, s, keys[2 * parent], keys[2 * parent + 1])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, t, s, e);
    }

    private void siftDown(long t, long s, Object e) {
        int i = 0;
        while (true) {
            int first = ARITY * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            for (int c = first + 1, end = Math.min(first + ARITY, size); c < end; c++) {
                if (before(keys[2 * c], keys[2 * c + 1], keys[2 * best], keys[2 * best + 1])) {
                    best = c;
                }
            }
            if (!before(keys[2 * best], keys[2 * best + 1], t, s)) {
                break;
            }
            move(best, i);
            i = best;
        }
        put(i, t, s, e);
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        keys[2 * to] = keys[2 * from];
        keys[2 * to + 1] = keys[2 * from + 1];
        events[to] = events[from];
    }

    private void put(int i, long t, long s, Object e) {
        keys[2 * i] = t;
        keys[2 * i + 1] = s;
        events[i] = e;
    }

    private void grow() {
        int capacity = events.length;
        int newCapacity = capacity + Math.max(capacity >> 1, 16);
        if (newCapacity < 0 || newCapacity > (Integer.MAX_VALUE - 8) / 2) {
            throw new IllegalStateException("event queue full: " + capacity + " events pending");
        }
        keys = Arrays.copyOf(keys, 2 * newCapacity);
        events = Arrays.copyOf(events, newCapacity);
    }

    private void requireNonEmpty() {
        if (size == 0) {
            throw new NoSuchElementException("no pending event");
        }
    }
}
