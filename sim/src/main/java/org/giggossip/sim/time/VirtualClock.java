package org.giggossip.sim.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link Clock} that reads virtual time: the instant is a fixed epoch plus the
 * simulation's current virtual nanoseconds. Give it to the engine where the
 * daemon gives {@code Clock.systemUTC()} (docs/style.md 9); it never reads the wall
 * clock, so a run reads the same instants every time.
 *
 * <p>The epoch defaults to {@value #DEFAULT_EPOCH_TEXT}, a date after every
 * certificate and timestamp a scenario is likely to create, and can be set per
 * simulation.
 */
public final class VirtualClock extends Clock {
    /** The default epoch, as text. */
    public static final String DEFAULT_EPOCH_TEXT = "2026-01-01T00:00:00Z";
    /** The default epoch: virtual time 0 reads as this instant. */
    public static final Instant DEFAULT_EPOCH = Instant.parse(DEFAULT_EPOCH_TEXT);

    private final Instant epoch;
    private final LongSupplier virtualNanos;
    private final ZoneId zone;

    /**
     * A clock reading {@code epoch + virtualNanos.getAsLong()} nanoseconds.
     *
     * @param zone the zone it reports, usually {@code ZoneOffset.UTC} (only instants matter to the engine)
     */
    public VirtualClock(Instant epoch, LongSupplier virtualNanos, ZoneId zone) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.virtualNanos = Objects.requireNonNull(virtualNanos, "virtualNanos");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The instant virtual time 0 reads as. */
    public Instant epoch() {
        return epoch;
    }

    /** The current virtual time in nanoseconds since the epoch. */
    public long virtualNanos() {
        return virtualNanos.getAsLong();
    }

    /** The instant a virtual time reads as. */
    public Instant toInstant(long nanos) {
        return epoch.plusNanos(nanos);
    }

    @Override
    public Instant instant() {
        return toInstant(virtualNanos.getAsLong());
    }

    /** Milliseconds since 1970, computed without creating an {@link Instant}. */
    @Override
    public long millis() {
        long nanosIntoSecond = epoch.getNano() + virtualNanos.getAsLong();
        return Math.addExact(Math.multiplyExact(epoch.getEpochSecond(), 1000L),
            Math.floorDiv(nanosIntoSecond, SimTime.MILLISECOND));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same virtual time seen in another zone (validators only read instants). */
    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new VirtualClock(epoch, virtualNanos, newZone);
    }

    @Override
    public String toString() {
        return "VirtualClock[epoch=" + epoch + ", now=+" + virtualNanos.getAsLong() + "ns]";
    }
}
