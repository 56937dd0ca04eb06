package org.giggossip.sim.net;

import java.util.Objects;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.time.Event;
import org.giggossip.sim.time.Scheduler;

/**
 * Which nodes are online, and when they leave and come back. An offline node
 * sends nothing and {@link VirtualNetwork} drops everything that arrives for it.
 *
 * <p>{@link #exponential} makes each node alternate between online sessions and
 * offline gaps of exponentially distributed length. Each node starts online with
 * the stationary probability {@code meanOnline / (meanOnline + meanOffline)}
 * and its first change comes after an exponential time too (the process is
 * memoryless), so the online share is steady from time 0. The {@code i}-th
 * duration of node {@code u} is a stateless function of (key, u, i), which
 * makes every node's schedule independent of every other node and of the order
 * in which events run. Further changes can be scripted with {@link #scheduleChange};
 * the random schedule goes on regardless, its next change flipping whatever
 * state the node is in then.
 *
 * <p>Memory: a {@code boolean} and an {@code int} per node, plus one reusable
 * event object per node once started.
 */
public final class Churn {
    /** Told of every change of a node's state, at the virtual time it happens. */
    @FunctionalInterface
    public interface Listener {
        /** Node {@code node} has just gone online ({@code online}) or offline. */
        void changed(int node, boolean online);
    }

    private final boolean[] online;
    private final int[] sessions;
    private final long meanOnline;
    private final long meanOffline;
    private final long key;
    private int onlineCount;
    private Scheduler scheduler;
    private Listener listener;

    private Churn(int nodes, long meanOnline, long meanOffline, long key) {
        this.online = new boolean[nodes];
        this.sessions = new int[nodes];
        this.meanOnline = meanOnline;
        this.meanOffline = meanOffline;
        this.key = key;
    }

    /** Every node online, always (changes can still be scripted). */
    public static Churn none(int nodes) {
        Churn c = new Churn(nodes, 0, 0, 0);
        java.util.Arrays.fill(c.online, true);
        c.onlineCount = nodes;
        return c;
    }

    /**
     * Exponential sessions and gaps.
     *
     * @param meanOnline  mean session length, virtual nanoseconds, positive
     * @param meanOffline mean gap length, virtual nanoseconds, positive
     * @param key         fixes the schedule, e.g. {@code streams.seedFor("churn", 0)}
     */
    public static Churn exponential(int nodes, long meanOnline, long meanOffline, long key) {
        if (meanOnline <= 0 || meanOffline <= 0) {
            throw new IllegalArgumentException("mean durations must be positive, got " + meanOnline + ", " + meanOffline);
        }
        Churn c = new Churn(nodes, meanOnline, meanOffline, key);
        double pOnline = meanOnline / (double) (meanOnline + meanOffline);
        for (int u = 0; u < nodes; u++) {
            c.online[u] = RandomStreams.unitDouble(c.nodeKey(u), -1) < pOnline;
            if (c.online[u]) {
                c.onlineCount++;
            }
        }
        return c;
    }

    /** The number of nodes. */
    public int nodeCount() {
        return online.length;
    }

    /** True when {@code node} is online now. */
    public boolean isOnline(int node) {
        return online[node];
    }

    /** The number of nodes online now. */
    public int onlineCount() {
        return onlineCount;
    }

    /**
     * Schedules every node's first change on {@code scheduler}; from then on each
     * change schedules the node's next one, and {@code listener} hears of each.
     * Call once, at virtual time 0 or later.
     */
    public void start(Scheduler scheduler, Listener listener) {
        if (this.scheduler != null) {
            throw new IllegalStateException("churn already started");
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (meanOnline == 0) {
            return;
        }
        for (int u = 0; u < online.length; u++) {
            scheduler.scheduleAfter(nextDuration(u), new Toggle(u));
        }
    }

    /**
     * Sets {@code node} online or offline at virtual time {@code at}, besides any
     * random changes (a scripted outage, say). Requires {@link #start}.
     */
    public void scheduleChange(long at, int node, boolean goOnline) {
        if (scheduler == null) {
            throw new IllegalStateException("start the churn first");
        }
        scheduler.schedule(at, () -> set(node, goOnline));
    }

    private void set(int node, boolean goOnline) {
        if (online[node] == goOnline) {
            return;
        }
        online[node] = goOnline;
        onlineCount += goOnline ? 1 : -1;
        listener.changed(node, goOnline);
    }

    /** The length of the node's current state: its next session or gap. */
    private long nextDuration(int node) {
        double u = RandomStreams.unitDouble(nodeKey(node), sessions[node]++);
        double mean = online[node] ? meanOnline : meanOffline;
        // Inverse transform: -mean * ln(1 - u), with u < 1 so the log is finite; at least 1 ns.
        return Math.max(1L, Math.round(-mean * Math.log1p(-u)));
    }

    private long nodeKey(int node) {
        return RandomStreams.mix64(key + node);
    }

    /** One per node, rescheduled after each change, so churn allocates nothing per change. */
    private final class Toggle implements Event {
        private final int node;

        Toggle(int node) {
            this.node = node;
        }

        @Override
        public void fire() {
            set(node, !online[node]);
            scheduler.scheduleAfter(nextDuration(node), this);
        }
    }
}
