package org.giggossip.core.util;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Outputs of a sans-I/O state machine, delivered in the order they were made,
 * only once the state change that made them is complete.
 *
 * <p>A handler {@link #add}s its outputs while it changes state and calls
 * {@link #flush} when it is done. A host that reacts to an output by calling
 * the state machine again (a wallet that answers at once, a ledger whose
 * listener settles the next invoice of a chain) re-enters it from inside
 * {@code flush}: the nested handler runs on consistent state, its outputs join
 * the end of the queue, and its own {@code flush} returns at once, so outputs
 * always leave in one first-in, first-out order, whatever the host does. Owned
 * by one thread (docs/style.md 8).
 *
 * @param <T> the type of output
 */
public final class Outbox<T> {
    private final Consumer<? super T> sink;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private boolean flushing;

    /** @param sink receives every output, in order */
    public Outbox(Consumer<? super T> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Queues an output; it leaves at the next outermost {@link #flush}. */
    public void add(T output) {
        queue.add(Objects.requireNonNull(output, "output"));
    }

    /**
     * Delivers the queued outputs, including any queued meanwhile by a re-entrant
     * call; does nothing when called from inside a delivery. If the sink throws,
     * the outputs not yet delivered stay queued for the next flush.
     */
    public void flush() {
        if (flushing) {
            return;
        }
        flushing = true;
        try {
            T next;
            while ((next = queue.poll()) != null) {
                sink.accept(next);
            }
        } finally {
            flushing = false;
        }
    }

    /** Outputs queued and not yet delivered. */
    public int pending() {
        return queue.size();
    }
}
