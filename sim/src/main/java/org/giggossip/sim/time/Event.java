package org.giggossip.sim.time;

/**
 * Something that happens at a point of virtual time: a frame arriving, a timer
 * firing, a node going offline. The {@link Scheduler} calls {@link #fire()} with
 * its clock already set to the event's time.
 *
 * <p>There is no cancellation: an event that may become stale (a timer the engine
 * cancelled) checks when it fires whether it still applies, for example by
 * comparing a generation number it captured with the owner's current one. This
 * keeps the queue a plain heap with no index to maintain.
 */
@FunctionalInterface
public interface Event {
    /** Runs the event; it may schedule further events. */
    void fire();
}
