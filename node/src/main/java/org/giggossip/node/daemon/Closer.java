package org.giggossip.node.daemon;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a daemon opened, closed in the reverse order: every part is added as soon as it is open,
 * so that a start that fails half-way closes exactly what it opened, and a stop closes
 * everything, by the same code. A part that fails to close is logged and the rest still close.
 *
 * <p>Thread-safe.
 */
public final class Closer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Closer.class.getName());

    private final Deque<Part> parts = new ArrayDeque<>();

    private record Part(String name, AutoCloseable part) {}

    /** Adds an open part; returns it. */
    public synchronized <T extends AutoCloseable> T add(String name, T part) {
        parts.push(new Part(name, part));
        return part;
    }

    /** Closes every part, the last added first; never throws. */
    @Override
    public void close() {
        while (true) {
            Part p;
            synchronized (this) {
                p = parts.poll();
            }
            if (p == null) {
                return;
            }
            try {
                p.part().close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + p.name() + ": " + e);
            }
        }
    }
}
