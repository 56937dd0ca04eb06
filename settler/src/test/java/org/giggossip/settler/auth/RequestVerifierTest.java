package org.giggossip.settler.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.Schnorr;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.Test;

/** The GG-Schnorr request signature: format, canonical bytes, window, replay. */
class RequestVerifierTest {
    static final PrivateKey KEY = TestSigners.key(7);
    static final Instant T0 = Instant.ofEpochMilli(1_763_000_000_000L);
    static final byte[] BODY = "{\"after\":0,\"wait_ms\":0}".getBytes(StandardCharsets.UTF_8);
    static final byte[] NONCE = Hex.decode("000102030405060708090a0b0c0d0e0f");

    final FakeClock clock = new FakeClock(T0);
    final Set<String> used = new HashSet<>();
    final RequestVerifier verifier = new RequestVerifier(clock, Duration.ofSeconds(60),
            (caller, nonce, expiresAt) -> used.add(caller.hex() + Hex.encode(nonce)));
    final RequestSigner signer = new RequestSigner(TestSigners.deterministic(KEY), clock, new SecureRandom());

    String header(String method, String path, byte[] body, Instant at, byte[] nonce) {
        return signer.authorization(method, path, body, at.toEpochMilli(), nonce);
    }

    @Test
    void theSignatureIsBip340OverTheTaggedCanonicalText() {
        String h = header("POST", "/v1/notices", BODY, T0, NONCE);
        AuthHeader parsed = AuthHeader.parse(h);
        String text = "POST\n/v1/notices\n" + T0.toEpochMilli() + "\n000102030405060708090a0b0c0d0e0f\n"
                + Hex.encode(Sha256.hash(BODY));
        assertThat(AuthHeader.canonical("POST", "/v1/notices", T0.toEpochMilli(), NONCE, BODY))
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(Schnorr.verify(KEY.publicKey(), Sha256.tagged("gg-settler-request/1",
                text.getBytes(StandardCharsets.UTF_8)), parsed.signature())).isTrue();
        assertThat(h).startsWith("GG-Schnorr key=" + KEY.publicKey().hex() + ", ts=" + T0.toEpochMilli()
                + ", nonce=000102030405060708090a0b0c0d0e0f, sig=");
        assertThat(verifier.verify(h, "POST", "/v1/notices", BODY))
                .isEqualTo(new AuthResult.Authenticated(KEY.publicKey()));
    }

    @Test
    void anyChangeOfMethodPathQueryOrBodyBreaksTheSignature() {
        String h = header("POST", "/v1/notices?x=1", BODY, T0, NONCE);
        assertRefused(verifier.verify(h, "GET", "/v1/notices?x=1", BODY), "bad signature");
        assertRefused(verifier.verify(h, "POST", "/v1/notices", BODY), "bad signature");
        assertRefused(verifier.verify(h, "POST", "/v1/notices?x=2", BODY), "bad signature");
        assertRefused(verifier.verify(h, "POST", "/v1/notices?x=1", "{}".getBytes()), "bad signature");
        // a bad signature does not use up the nonce
        assertThat(verifier.verify(h, "POST", "/v1/notices?x=1", BODY)).isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void aTimestampOutsideTheWindowEitherWayIsRefused() {
        assertRefused(verifier.verify(header("POST", "/p", BODY, T0.minusSeconds(61), NONCE), "POST", "/p", BODY),
                "outside the window");
        assertRefused(verifier.verify(header("POST", "/p", BODY, T0.plusSeconds(61), NONCE), "POST", "/p", BODY),
                "outside the window");
        assertThat(verifier.verify(header("POST", "/p", BODY, T0.minusSeconds(60), NONCE), "POST", "/p", BODY))
                .isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void aNonceIsUsedOnce() {
        String h = header("POST", "/p", BODY, T0, NONCE);
        assertThat(verifier.verify(h, "POST", "/p", BODY)).isInstanceOf(AuthResult.Authenticated.class);
        assertRefused(verifier.verify(h, "POST", "/p", BODY), "replayed");
        // another request with the same nonce, too
        assertRefused(verifier.verify(header("POST", "/q", BODY, T0, NONCE), "POST", "/q", BODY), "replayed");
    }

    @Test
    void malformedHeadersAreRefusedWithAReason() {
        String good = header("POST", "/p", BODY, T0, NONCE);
        assertRefused(verifier.verify(null, "POST", "/p", BODY), "no Authorization");
        assertRefused(verifier.verify("Bearer x", "POST", "/p", BODY), "scheme");
        // a leading zero: the timestamp has one spelling only
        assertRefused(verifier.verify(good.replace(", ts=", ", ts=0"), "POST", "/p", BODY), "ts must be");
        assertRefused(verifier.verify(good.toUpperCase().replace("GG-SCHNORR KEY", "GG-Schnorr key")
                .replace("TS=", "ts=").replace("NONCE=", "nonce=").replace("SIG=", "sig="), "POST", "/p", BODY),
                "lower-case hex");
        assertRefused(verifier.verify(good + ", ts=1", "POST", "/p", BODY), "twice");
        assertRefused(verifier.verify(good + ", extra=1", "POST", "/p", BODY), "unknown");
        assertRefused(verifier.verify(good.substring(0, good.indexOf(", sig=")), "POST", "/p", BODY), "sig");
        assertRefused(verifier.verify(good + "x".repeat(600), "POST", "/p", BODY), "longer than");
        assertRefused(verifier.verify(good.replace("key=" + KEY.publicKey().hex(), "key=" + "00".repeat(32)),
                "POST", "/p", BODY), "public key");
    }

    @Test
    void eachRefusalNamesItsCause() {
        String good = header("POST", "/p", BODY, T0, NONCE);
        assertThat(cause(verifier.verify(null, "POST", "/p", BODY))).isEqualTo(AuthResult.Cause.MALFORMED);
        assertThat(cause(verifier.verify(header("POST", "/p", BODY, T0.minusSeconds(61), NONCE), "POST", "/p",
                BODY))).isEqualTo(AuthResult.Cause.STALE);
        assertThat(cause(verifier.verify(good, "POST", "/q", BODY))).isEqualTo(AuthResult.Cause.BAD_SIGNATURE);
        assertThat(verifier.verify(good, "POST", "/p", BODY)).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(cause(verifier.verify(good, "POST", "/p", BODY))).isEqualTo(AuthResult.Cause.REPLAY);
    }

    private static AuthResult.Cause cause(AuthResult r) {
        assertThat(r).isInstanceOf(AuthResult.Refused.class);
        return ((AuthResult.Refused) r).cause();
    }

    @Test
    void aHeaderRoundTrips() {
        AuthHeader h = AuthHeader.parse(header("POST", "/p", BODY, T0, NONCE));
        assertThat(AuthHeader.parse(h.format()).format()).isEqualTo(h.format());
        assertThat(h.timestamp()).isEqualTo(T0.toEpochMilli());
        assertThatThrownBy(() -> new AuthHeader(KEY.publicKey(), 1, new byte[15], new byte[64]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void assertRefused(AuthResult r, String reason) {
        assertThat(r).isInstanceOfSatisfying(AuthResult.Refused.class,
                x -> assertThat(x.reason()).contains(reason));
    }
}
