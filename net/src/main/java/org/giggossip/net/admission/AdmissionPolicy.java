package org.giggossip.net.admission;

import java.time.Duration;
import java.util.Objects;
import org.giggossip.core.pow.Target;

/**
 * How much work a node demands and accepts at admission (seed 003, section 2.3:
 * "difficulty configurable").
 *
 * @param required        the target our peer's answer must meet; we check against
 *                        this, never against anything the peer claims
 * @param hardestAccepted the strictest target we agree to solve; a peer demanding
 *                        more is refused with {@link AdmissionError#TOO_HARD}
 * @param timeout         how long, from the start, both answers may take
 */
public record AdmissionPolicy(Target required, Target hardestAccepted, Duration timeout) {
    public AdmissionPolicy {
        Objects.requireNonNull(required, "required");
        Objects.requireNonNull(hardestAccepted, "hardestAccepted");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the admission timeout must be positive");
        }
    }

    /** Demands and accepts the same expected number of attempts, e.g. {@code 2^16}. */
    public static AdmissionPolicy ofDifficulty(double expectedAttempts, Duration timeout) {
        Target t = Target.fromDifficulty(expectedAttempts);
        return new AdmissionPolicy(t, t, timeout);
    }
}
