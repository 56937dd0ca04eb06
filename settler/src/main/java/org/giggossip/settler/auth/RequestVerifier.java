package org.giggossip.settler.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Schnorr;

/**
 * Checks the {@link AuthHeader} of a request against the exact bytes received.
 * Cheapest checks first: syntax, then the timestamp window, then the signature,
 * and last the nonce, so a forged request cannot use up a real caller's nonce.
 * A nonce is remembered until its timestamp plus the window: after that the
 * timestamp check alone refuses a replay.
 */
public final class RequestVerifier {
    /** The default tolerance between the caller's clock and ours, each way. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /** Where used nonces are remembered (the settler database). */
    @FunctionalInterface
    public interface NonceStore {
        /** Records {@code nonce} of {@code caller} until {@code expiresAt}; false if it was used before. */
        boolean remember(PublicKey caller, byte[] nonce, Instant expiresAt);
    }

    private final Clock clock;
    private final Duration window;
    private final NonceStore nonces;

    /**
     * @param clock  our time
     * @param window how far a request's timestamp may be from our time, either way
     * @param nonces the store of used nonces
     */
    public RequestVerifier(Clock clock, Duration window, NonceStore nonces) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** The window. */
    public Duration window() {
        return window;
    }

    /**
     * Judges a request.
     *
     * @param header        the Authorization header, null if absent
     * @param method        the request method
     * @param pathWithQuery the raw path and query, as on the request line
     * @param body          the body bytes as received
     */
    public AuthResult verify(String header, String method, String pathWithQuery, byte[] body) {
        AuthHeader auth;
        try {
            auth = AuthHeader.parse(header);
        } catch (IllegalArgumentException e) {
            return new AuthResult.Refused(AuthResult.Cause.MALFORMED, e.getMessage());
        }
        Instant now = clock.instant();
        Instant signedAt = Instant.ofEpochMilli(auth.timestamp());
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
            return new AuthResult.Refused(AuthResult.Cause.STALE, "request timestamp " + signedAt
                    + " is outside the window of "
                    + window.toSeconds() + " s around the settler's time " + now + " (expired, or a clock is wrong)");
        }
        byte[] message = AuthHeader.canonical(method, pathWithQuery, auth.timestamp(), auth.nonce(), body);
        if (!Schnorr.verifyTagged(auth.key(), AuthHeader.TAG, message, auth.signature())) {
            return new AuthResult.Refused(AuthResult.Cause.BAD_SIGNATURE, "bad signature: it does not verify for key "
                    + auth.key().hex()
                    + " over this method, path, timestamp, nonce and body");
        }
        if (!nonces.remember(auth.key(), auth.nonce(), signedAt.plus(window))) {
            return new AuthResult.Refused(AuthResult.Cause.REPLAY, "replayed request: this nonce was used before");
        }
        return new AuthResult.Authenticated(auth.key());
    }
}
