package org.giggossip.sim.net;

import org.giggossip.sim.time.SimTime;

/**
 * Each node's uplink capacity: a message of {@code b} bytes occupies its
 * sender's uplink for {@code ceil(b * 1e9 / bytesPerSecond)} nanoseconds, and
 * messages queue behind each other (first come, first served), so a node that
 * floods its peers sees its later messages leave later. Downlinks are not
 * modelled. One {@code long} per node.
 *
 * <p>Not thread-safe; owned by the simulation loop.
 */
public final class Bandwidth {
    private final long bytesPerSecond;
    private final long[] busyUntil;

    private Bandwidth(long bytesPerSecond, long[] busyUntil) {
        this.bytesPerSecond = bytesPerSecond;
        this.busyUntil = busyUntil;
    }

    /** No limit: every message leaves at once. */
    public static Bandwidth unlimited() {
        return new Bandwidth(0, null);
    }

    /** An uplink of {@code bytesPerSecond} for each of {@code nodes} nodes. */
    public static Bandwidth uplink(int nodes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        return new Bandwidth(bytesPerSecond, new long[nodes]);
    }

    /** True when there is no limit. */
    public boolean isUnlimited() {
        return busyUntil == null;
    }

    /**
     * Queues {@code bytes} on {@code from}'s uplink at virtual time {@code now}.
     *
     * @return the time the last byte has left, at least {@code now}
     */
    public long transmit(int from, long now, int bytes) {
        if (busyUntil == null) {
            return now;
        }
        long start = Math.max(now, busyUntil[from]);
        long duration = (bytes * SimTime.SECOND + bytesPerSecond - 1) / bytesPerSecond;
        long done = start + duration;
        busyUntil[from] = done;
        return done;
    }
}
