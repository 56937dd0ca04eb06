package org.giggossip.sim.time;

import java.time.Duration;

/**
 * Units of virtual time. Virtual time is a {@code long} count of
 * <b>nanoseconds</b> since the simulation's epoch (see {@link VirtualClock}),
 * which reaches about 292 years: precise enough for a link's serialisation delay
 * and long enough for any run.
 */
public final class SimTime {
    /** Nanoseconds in a microsecond. */
    public static final long MICROSECOND = 1_000L;
    /** Nanoseconds in a millisecond. */
    public static final long MILLISECOND = 1_000_000L;
    /** Nanoseconds in a second. */
    public static final long SECOND = 1_000_000_000L;
    /** Nanoseconds in a minute. */
    public static final long MINUTE = 60 * SECOND;
    /** Nanoseconds in an hour. */
    public static final long HOUR = 60 * MINUTE;

    private SimTime() {}

    /** {@code ms} milliseconds as virtual time. */
    public static long millis(long ms) {
        return Math.multiplyExact(ms, MILLISECOND);
    }

    /** {@code s} seconds as virtual time. */
    public static long seconds(long s) {
        return Math.multiplyExact(s, SECOND);
    }

    /** A duration as virtual time. */
    public static long of(Duration d) {
        return d.toNanos();
    }

    /** Virtual time as a duration. */
    public static Duration toDuration(long nanos) {
        return Duration.ofNanos(nanos);
    }

    /** Virtual time in (fractional) seconds, for reports. */
    public static double toSeconds(long nanos) {
        return nanos / (double) SECOND;
    }

    /** Virtual time in (fractional) milliseconds, for reports. */
    public static double toMillis(long nanos) {
        return nanos / (double) MILLISECOND;
    }
}
