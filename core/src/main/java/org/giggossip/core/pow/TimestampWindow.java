package org.giggossip.core.pow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;

/**
 * The timestamp rule of the POWBroadcastFrame (seed 000, section 3.6), which makes
 * a proof of work unusable once its tolerance has passed (the Chatterbox defence,
 * section 4): {@code timestamp <= now <= timestamp + timestamp_tolerance}.
 *
 * <p><b>Clock skew.</b> An optional allowance ({@code allowedSkew}, default zero,
 * so that the seed's rule holds exactly) accepts timestamps up to that much in
 * the future, for peers whose clocks run a little fast. It widens only the future
 * side: the past side is bounded by the tolerance the verifier itself chose,
 * and widening it would only lengthen the window in which a proof can be replayed.
 *
 * <p>Both bounds are inclusive. Verdicts: Accept; a timestamp from the future:
 * Reject MINOR; a stale timestamp: Reject MINOR (honest peers cause both through
 * clock skew or slow delivery). Immutable; time comes from the injected clock
 * (docs/style.md 5 and 9). Never throws for any timestamp.
 */
public final class TimestampWindow {
    private final Clock clock;
    private final Duration tolerance;
    private final Duration allowedSkew;

    /** The seed's exact rule: no skew allowance. */
    public TimestampWindow(Clock clock, Duration tolerance) {
        this(clock, tolerance, Duration.ZERO);
    }

    /**
     * @param tolerance {@code timestamp_tolerance}, not negative
     * @param allowedSkew how far in the future a timestamp may be, not negative
     */
    public TimestampWindow(Clock clock, Duration tolerance, Duration allowedSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = requireNotNegative(tolerance, "tolerance");
        this.allowedSkew = requireNotNegative(allowedSkew, "allowedSkew");
    }

    private static Duration requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }

    public Duration tolerance() {
        return tolerance;
    }

    public Duration allowedSkew() {
        return allowedSkew;
    }

    /** Judges a frame's timestamp against the clock's current instant. */
    public Verdict check(Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        Instant now = clock.instant();
        // Duration.between cannot overflow for any two Instants, unlike timestamp.plus(tolerance).
        Duration age = Duration.between(timestamp, now);
        if (age.isNegative()) {
            Duration ahead = age.negated();
            if (ahead.compareTo(allowedSkew) > 0) {
                return Verdict.reject(Reason.FUTURE_TIMESTAMP, Severity.MINOR, "timestamp " + timestamp
                    + " is from the future (" + ahead + " ahead of " + now + ")");
            }
            return Verdict.accept();
        }
        if (age.compareTo(tolerance) > 0) {
            return Verdict.reject(Reason.STALE_TIMESTAMP, Severity.MINOR, "stale timestamp " + timestamp + ": " + age
                + " old, tolerance " + tolerance);
        }
        return Verdict.accept();
    }
}
