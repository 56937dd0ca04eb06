package org.giggossip.core.validation;

/**
 * How bad a peer's violation is, with the number of such violations tolerated
 * before the peer is disconnected (docs/style.md 6, after Bisq's {@code RuleViolation}).
 */
public enum Penalty {
    /** Honest peers can cause it (clock skew, a race with expiry). */
    MINOR(20),
    /** Unlikely from an honest peer (an out-of-policy value, a duplicate). */
    MAJOR(5),
    /** Only a broken or hostile peer does this (bad signature, bad proof of work, garbage bytes). */
    FATAL(1);

    private final int tolerance;

    Penalty(int tolerance) {
        this.tolerance = tolerance;
    }

    /** Violations of this kind tolerated from one peer before it is dropped. */
    public int tolerance() {
        return tolerance;
    }
}
