package org.giggossip.core.validation;

import java.util.Objects;

/**
 * The judgement on a piece of untrusted input (docs/style.md 6). Validators return a
 * verdict instead of throwing; only {@link Accept}ed input is acted upon or relayed.
 */
public sealed interface Verdict permits Verdict.Accept, Verdict.Ignore, Verdict.Reject {

    Verdict ACCEPT = new Accept();

    static Verdict accept() {
        return ACCEPT;
    }

    static Verdict ignore(String reason) {
        return new Ignore(reason);
    }

    static Verdict reject(Penalty penalty) {
        return new Reject(penalty);
    }

    static Verdict reject(Penalty.Reason reason, Penalty.Severity severity, String detail) {
        return new Reject(new Penalty(reason, severity, detail));
    }

    default boolean isAccepted() {
        return this instanceof Accept;
    }

    /** Returns this verdict if it is not an accept, otherwise the next one; for chaining checks cheapest first. */
    default Verdict and(java.util.function.Supplier<Verdict> next) {
        return isAccepted() ? next.get() : this;
    }

    /** The input is good. */
    record Accept() implements Verdict {}

    /** The input is dropped without blame (a duplicate, an expired offer). */
    record Ignore(String reason) implements Verdict {
        public Ignore {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The input is dropped and the sender is penalised: {@code penalty} says for what and how much. */
    record Reject(Penalty penalty) implements Verdict {
        public Reject {
            Objects.requireNonNull(penalty, "penalty");
        }
    }
}
