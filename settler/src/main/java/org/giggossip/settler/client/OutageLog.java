package org.giggossip.settler.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * What an operator sees of the settler service being unreachable (docs/settler.md,
 * "Nodes on a settler service"; without it, a restarted service once left a ride stuck
 * and no node logged anything): the first failure at WARNING, then at most one WARNING
 * per {@link #EVERY} with how many failed meanwhile, and one INFO line when the service
 * answers again. Thread-safe.
 */
final class OutageLog {
    /** At most one WARNING line this often while the service stays unreachable. */
    static final Duration EVERY = Duration.ofSeconds(30);

    private final System.Logger log;
    private final String what;
    private final long everyNanos;
    // guarded by this
    private int failures;
    private int unlogged;
    private long firstAt;
    private long loggedAt;

    OutageLog(System.Logger log, String what) {
        this(log, what, EVERY);
    }

    OutageLog(System.Logger log, String what, Duration every) {
        this.log = Objects.requireNonNull(log, "log");
        this.what = Objects.requireNonNull(what, "what");
        this.everyNanos = every.toNanos();
    }

    /** A call to the service failed with {@code error}; {@code next} says what happens now (retry, give up). */
    void failed(String call, Exception error, String next) {
        String line;
        synchronized (this) {
            long now = System.nanoTime();
            if (failures++ == 0) {
                firstAt = now;
            } else if (now - loggedAt < everyNanos) {
                unlogged++;
                return;
            }
            loggedAt = now;
            line = what + " unreachable: " + call + " failed: " + error + "; " + next
                    + (unlogged == 0 ? "" : " (" + unlogged + " more failures not logged)");
            unlogged = 0;
        }
        log.log(Level.WARNING, line);
    }

    /** A call went through: ends an outage, if one was logged. */
    void answered() {
        String line;
        synchronized (this) {
            if (failures == 0) {
                return;
            }
            line = what + " answers again after " + failures + " failed attempts over "
                    + Duration.ofNanos(System.nanoTime() - firstAt).toMillis() + " ms";
            failures = 0;
            unlogged = 0;
        }
        log.log(Level.INFO, line);
    }

    /** Failed attempts since the service last answered. */
    synchronized int failures() {
        return failures;
    }
}
