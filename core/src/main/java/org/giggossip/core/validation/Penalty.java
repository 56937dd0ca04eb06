package org.giggossip.core.validation;

import java.util.Locale;
import java.util.Objects;

/**
 * A peer's fault, as every layer reports it (docs/style.md 6, after Bisq's {@code RuleViolation}):
 * what the peer did as a {@link Reason} value, how bad it is as a {@link Severity}, and a detail for
 * logs. Count, label and switch by reason and severity, never by the detail: it carries values the
 * peer chose (sizes, ids, times), so a counter keyed by it could grow without bound.
 *
 * @param reason what the peer did
 * @param severity how many such faults are tolerated before the peer is disconnected
 * @param detail which field or value was wrong, for a log line only (may be empty)
 */
public record Penalty(Reason reason, Severity severity, String detail) {

    public Penalty {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(severity, "severity");
        detail = detail == null ? "" : detail;
    }

    /** A fault an honest peer can cause. */
    public static Penalty minor(Reason reason, String detail) {
        return new Penalty(reason, Severity.MINOR, detail);
    }

    /** A fault unlikely from an honest peer. */
    public static Penalty major(Reason reason, String detail) {
        return new Penalty(reason, Severity.MAJOR, detail);
    }

    /** A fault only a broken or hostile peer commits: its link is closed at once. */
    public static Penalty fatal(Reason reason, String detail) {
        return new Penalty(reason, Severity.FATAL, detail);
    }

    /** Whether this one fault closes the peer's link (it is {@link Severity#FATAL}). */
    public boolean disconnects() {
        return severity == Severity.FATAL;
    }

    /** The reason's label, then the detail: {@code "bad_pow: proof-of-work does not meet the required target"}. */
    @Override
    public String toString() {
        return detail.isEmpty() ? reason.label() : reason.label() + ": " + detail;
    }

    /** How bad a fault is, with the number of such faults tolerated from one peer before it is dropped. */
    public enum Severity {
        /** Honest peers can cause it (clock skew, a race with expiry). */
        MINOR(20),
        /** Unlikely from an honest peer (an out-of-policy value, a duplicate). */
        MAJOR(5),
        /** Only a broken or hostile peer does this (bad signature, bad proof of work, garbage bytes). */
        FATAL(1);

        private final int tolerance;

        Severity(int tolerance) {
            this.tolerance = tolerance;
        }

        /** Faults of this severity tolerated from one peer before it is dropped. */
        public int tolerance() {
            return tolerance;
        }

        /** The stable lowercase name, for metrics labels and logs: {@code "fatal"}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a peer did wrong. The set is closed: a new kind of fault gets a new value, so metrics
     * labels ({@link #label()}) stay a fixed, small set.
     */
    public enum Reason {
        /** Bytes that are not a well-formed message of their type (a gossip frame, a discovery message, an item). */
        UNDECODABLE,
        /** A proof of work that does not meet its target, or a target that is not one. */
        BAD_POW,
        /** A proof of work against another scheme or a weaker target than the one required. */
        WEAK_POW,
        /** A proof of work of a scheme this node does not know. */
        UNKNOWN_POW_SCHEME,
        /** A timestamp older than the tolerance allows (a replayed or late message). */
        STALE_TIMESTAMP,
        /** A timestamp further in the future than the tolerance allows. */
        FUTURE_TIMESTAMP,
        /** A signature that does not verify under the key it names (certificate, payload, promise, list). */
        BAD_SIGNATURE,
        /** A certificate used before its validity starts. */
        CERTIFICATE_NOT_YET_VALID,
        /** A certificate used after its validity ended. */
        CERTIFICATE_EXPIRED,
        /** A certificate on its authority's revocation list. */
        CERTIFICATE_REVOKED,
        /** An id used before by the same peer (an ask id reused). */
        REPLAY,
        /** A message answering nothing open here (a broadcast for an ask without open conditions). */
        UNSOLICITED,
        /** A broadcast whose payload is not the one its ask was about. */
        PAYLOAD_MISMATCH,
        /** A settlement promise that does not cover the encrypted reply payload it came with. */
        PROMISE_MISMATCH,
        /** A network invoice that is not a valid BOLT 11 invoice, or has no amount. */
        BAD_INVOICE,
        /** A network invoice with another payment hash than the promise, or below the settler's amount. */
        INVOICE_MISMATCH,
        /**
         * A backward onion that is not of the fixed size, or whose outer layer does not open for us as a
         * layer from the peer that sent it (sealed to another node, changed, or garbage).
         */
        BAD_ONION,
        /** A VoidPhone item the local modules validated as invalid. */
        INVALID_ITEM;

        /** The stable lowercase name, for metrics labels and logs: {@code "bad_pow"}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
