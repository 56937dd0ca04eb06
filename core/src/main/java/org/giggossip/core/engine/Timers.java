package org.giggossip.core.engine;

import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The engine's own timers. The engine never sleeps or starts a thread: it asks
 * the host to wake it ({@link Output.WakeUp}) at the earliest deadline and runs
 * the tasks that are due when woken. Equal deadlines run in the order they were set.
 */
final class Timers {
    private record Task(Instant at, long seq, Runnable action) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final Consumer<Output> out;
    private long seq;
    private Instant requested;

    Timers(Consumer<Output> out) {
        this.out = out;
    }

    /** Runs {@code action} at {@code at} (or at the first wake after it). */
    void at(Instant at, Runnable action) {
        queue.add(new Task(at, seq++, action));
        if (requested == null || at.isBefore(requested)) {
            requested = at;
            out.accept(new Output.WakeUp(at));
        }
    }

    /** Runs every task due at {@code now}, then asks to be woken for the next. */
    void run(Instant now) {
        requested = null;
        while (!queue.isEmpty() && !queue.peek().at.isAfter(now)) {
            queue.poll().action.run();
        }
        if (!queue.isEmpty() && (requested == null || queue.peek().at.isBefore(requested))) {
            requested = queue.peek().at;
            out.accept(new Output.WakeUp(requested));
        }
    }

    /** Tasks waiting. */
    int size() {
        return queue.size();
    }
}
