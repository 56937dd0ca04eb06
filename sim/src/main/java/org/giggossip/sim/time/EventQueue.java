package org.giggossip.sim.time;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A priority queue of events ordered by (time, insertion sequence): the earliest
 * time first, and among equal times the one added first. The order therefore
 * depends only on the calls made, never on hash codes or identity, which is what
 * makes a run repeatable.
 *
 * <p>It is a binary heap over three parallel arrays (times and sequence numbers
 * as {@code long}, the events as {@code Object}), so an entry costs 24 bytes plus
 * its event and adding or polling allocates nothing except when the arrays grow.
 * Tens of millions of pending entries fit comfortably.
 *
 * <p>Not thread-safe: one simulation loop owns it (STYLE.md 8).
 *
 * @param <E> the event type
 */
public final class EventQueue<E> {
    private static final int DEFAULT_CAPACITY = 1024;

    private long[] times;
    private long[] seqs;
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
        times = new long[initialCapacity];
        seqs = new long[initialCapacity];
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
        if (size == times.length) {
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
        return times[0];
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
        long t = times[last];
        long s = seqs[last];
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
            int parent = (i - 1) >>> 1;
            if (!before(t, s, times[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, t, s, e);
    }

    private void siftDown(long t, long s, Object e) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!before(times[child], seqs[child], t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        put(i, t, s, e);
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        events[to] = events[from];
    }

    private void put(int i, long t, long s, Object e) {
        times[i] = t;
        seqs[i] = s;
        events[i] = e;
    }

    private void grow() {
        int capacity = times.length;
        int newCapacity = capacity + Math.max(capacity >> 1, 16);
        if (newCapacity < 0 || newCapacity > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("event queue full: " + capacity + " events pending");
        }
        times = Arrays.copyOf(times, newCapacity);
        seqs = Arrays.copyOf(seqs, newCapacity);
        events = Arrays.copyOf(events, newCapacity);
    }

    private void requireNonEmpty() {
        if (size == 0) {
            throw new NoSuchElementException("no pending event");
        }
    }
}
