package org.giggossip.sim.time;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The simulation loop: a virtual clock and an {@link EventQueue} of
 * {@link Event}s. Running an event first moves the clock to the event's time,
 * so virtual time never goes backwards, and events at equal times run in the
 * order they were scheduled.
 *
 * <p>One thread owns a scheduler (docs/style.md 8). Events may schedule further
 * events, at the current time or later, and may call {@link #stop()}.
 */
public final class Scheduler {
    private final EventQueue<Event> queue;
    private final VirtualClock clock;
    private long now;
    private long processed;
    private boolean stopRequested;

    /** A scheduler at virtual time 0 whose clock reads {@link VirtualClock#DEFAULT_EPOCH}. */
    public Scheduler() {
        this(VirtualClock.DEFAULT_EPOCH);
    }

    /** A scheduler at virtual time 0 whose clock reads {@code epoch}. */
    public Scheduler(Instant epoch) {
        this.queue = new EventQueue<>();
        this.clock = new VirtualClock(epoch, this::now, ZoneOffset.UTC);
    }

    /** The current virtual time, in nanoseconds since the epoch. */
    public long now() {
        return now;
    }

    /** A clock that reads this scheduler's virtual time. */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Schedules {@code event} at virtual time {@code at}.
     *
     * @throws IllegalArgumentException if {@code at} is before {@link #now()}
     */
    public void schedule(long at, Event event) {
        if (at < now) {
            throw new IllegalArgumentException("cannot schedule in the past: at " + at + " < now " + now);
        }
        queue.add(at, event);
    }

    /** Schedules {@code event} {@code delay} nanoseconds from now ({@code delay >= 0}). */
    public void scheduleAfter(long delay, Event event) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        schedule(Math.addExact(now, delay), event);
    }

    /**
     * Runs the earliest pending event, if any.
     *
     * @return false when there was none
     */
    public boolean step() {
        if (queue.isEmpty()) {
            return false;
        }
        now = queue.peekTime();
        Event event = queue.poll();
        processed++;
        event.fire();
        return true;
    }

    /**
     * Runs every event due at or before {@code time}, then moves the clock to
     * {@code time} (if it is later). Returns early, with the clock at the last
     * event's time, when an event calls {@link #stop()}.
     *
     * @return the number of events run
     */
    public long runUntil(long time) {
        return runUntil(time, Long.MAX_VALUE);
    }

    /**
     * Like {@link #runUntil(long)}, but returns after at most {@code maxEvents}
     * events; the clock moves on to {@code time} only if every event due by then
     * has run. Lets a host run in slices, for example to update a
     * {@code ProgressLine} between them.
     *
     * @return the number of events run
     */
    public long runUntil(long time, long maxEvents) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must not be negative, got " + maxEvents);
        }
        stopRequested = false;
        long before = processed;
        while (!stopRequested && processed - before < maxEvents && nextEventTime() <= time) {
            step();
        }
        if (!stopRequested && nextEventTime() > time && time > now) {
            now = time;
        }
        return processed - before;
    }

    /**
     * Runs events until none is pending, {@code maxEvents} have run, or an event
     * calls {@link #stop()}. The clock stays at the last event's time.
     *
     * @return the number of events run
     */
    public long runUntilIdle(long maxEvents) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must not be negative, got " + maxEvents);
        }
        stopRequested = false;
        long before = processed;
        while (!stopRequested && processed - before < maxEvents && step()) {
            // step() does the work
        }
        return processed - before;
    }

    /** Makes the running {@code runUntil} or {@code runUntilIdle} return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    /** True when the last {@code runUntil} or {@code runUntilIdle} ended because an event called {@link #stop()}. */
    public boolean stopped() {
        return stopRequested;
    }

    /** The number of pending events. */
    public int pending() {
        return queue.size();
    }

    /** The time of the earliest pending event, or {@link Long#MAX_VALUE} when none is pending. */
    public long nextEventTime() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
    }

    /** The number of events run since the scheduler was created. */
    public long eventsProcessed() {
        return processed;
    }
}
