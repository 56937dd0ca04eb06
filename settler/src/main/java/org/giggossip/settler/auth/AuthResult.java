package org.giggossip.settler.auth;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/** The verdict on a request's signature (docs/style.md 6): who sent it, or why it is refused (HTTP 401). */
public sealed interface AuthResult {

    /** The request is signed by {@code caller}, fresh, and not a replay. */
    record Authenticated(PublicKey caller) implements AuthResult {
        public Authenticated {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /**
     * The request is not authenticated; {@code reason} tells the caller why, {@code cause} classifies it
     * (a fixed set, for counting).
     */
    record Refused(Cause cause, String reason) implements AuthResult {
        public Refused {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a request is not authenticated. */
    enum Cause {
        /** No {@code Authorization} header, or not one of ours. */
        MALFORMED,
        /** The timestamp is outside the window (expired, or a clock is wrong). */
        STALE,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** The nonce was used before. */
        REPLAY
    }
}
