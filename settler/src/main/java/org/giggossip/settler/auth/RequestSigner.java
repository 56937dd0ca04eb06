package org.giggossip.settler.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Signer;

/**
 * Signs settler requests for the clients: makes the {@code Authorization} header
 * ({@link AuthHeader}) for a method, a path with query and a body, with the
 * current time and a fresh random nonce. Thread-safe if the signer is.
 */
public final class RequestSigner {
    private final Signer signer;
    private final Clock clock;
    private final SecureRandom random;

    public RequestSigner(Signer signer, Clock clock, SecureRandom random) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The key requests are signed with. */
    public PublicKey publicKey() {
        return signer.publicKey();
    }

    /** The header value for a request signed now with a fresh nonce. */
    public String authorization(String method, String pathWithQuery, byte[] body) {
        byte[] nonce = new byte[AuthHeader.NONCE_BYTES];
        random.nextBytes(nonce);
        return authorization(method, pathWithQuery, body, clock.millis(), nonce);
    }

    /** The header value for a request signed at {@code timestamp} (unix ms) with {@code nonce}. */
    public String authorization(String method, String pathWithQuery, byte[] body, long timestamp, byte[] nonce) {
        byte[] message = AuthHeader.canonical(method, pathWithQuery, timestamp, nonce, body);
        return new AuthHeader(signer.publicKey(), timestamp, nonce, signer.signTagged(AuthHeader.TAG, message))
                .format();
    }
}
