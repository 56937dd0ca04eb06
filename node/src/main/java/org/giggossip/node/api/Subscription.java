package org.giggossip.node.api;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One subscriber of an {@link AppModel}: a bounded queue of events and a virtual
 * thread that hands them to the listener in order. {@link AppModel#on} only
 * {@linkplain #offer offers} (never blocks); a full queue or a listener that
 * throws ends the subscription, and {@code onDropped} is told why.
 */
public final class Subscription implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Subscription.class.getName());
    /** Wakes the delivery thread when the subscription ends. */
    private static final ApiEvent END = new ApiEvent(0, java.time.Instant.EPOCH,
        new org.giggossip.core.engine.AppEvent.SettlerRefused("end of subscription"));

    private final BlockingQueue<ApiEvent> queue;
    private final Consumer<ApiEvent> listener;
    private final Consumer<String> onDropped;
    private final Consumer<Subscription> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason = "";

    Subscription(int capacity, Consumer<ApiEvent> listener, Consumer<String> onDropped,
            Consumer<Subscription> onClose) {
        // one spare slot so END always fits
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.onDropped = Objects.requireNonNull(onDropped, "onDropped");
        this.onClose = onClose;
    }

    void start() {
        Thread.ofVirtual().name("app-subscriber").start(this::deliver);
    }

    /** Queues an event; false when the queue is full (the subscriber fell behind). */
    boolean offer(ApiEvent e) {
        return !closed.get() && queue.remainingCapacity() > 1 && queue.offer(e);
    }

    /** Whether the subscription has ended (closed by its owner or dropped). */
    public boolean isClosed() {
        return closed.get();
    }

    /** Why the subscription was dropped, or empty if it is open or was closed by its owner. */
    public String closeReason() {
        return closeReason;
    }

    /** Stops delivery; events still queued are discarded. Idempotent. */
    @Override
    public void close() {
        end("");
    }

    void drop(String reason) {
        if (end(reason)) {
            try {
                onDropped.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "onDropped threw", e);
            }
        }
    }

    private boolean end(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        closeReason = reason;
        onClose.accept(this);
        queue.clear();
        queue.offer(END);
        return true;
    }

    private void deliver() {
        while (true) {
            ApiEvent e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (e == END || closed.get()) {
                return;
            }
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.DEBUG, "subscriber threw; dropping it", ex);
                drop("listener failed: " + ex);
                return;
            }
        }
    }
}
