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

    static Verdict reject(String reason, Penalty penalty) {
        return new Reject(reason, penalty);
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

    /** The input is dropped and the sender is penalised. */
    record Reject(String reason, Penalty penalty) implements Verdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(penalty, "penalty");
        }
    }
}
