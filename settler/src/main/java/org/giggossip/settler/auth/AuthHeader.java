package org.giggossip.settler.auth;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.util.Hex;

/**
 * The {@code Authorization} header of a signed settler request:
 * <pre>
 * Authorization: GG-Schnorr key=&lt;64 hex&gt;, ts=&lt;unix ms&gt;, nonce=&lt;32 hex&gt;, sig=&lt;128 hex&gt;
 * </pre>
 * {@code key} is the caller's x-only public key (BIP 340), {@code ts} the time of
 * signing in milliseconds since the epoch (decimal, no sign, no leading zeros),
 * {@code nonce} 16 random bytes and {@code sig} a BIP 340 signature by {@code key}
 * over {@code Sha256.tagged(}{@value #TAG}{@code , }{@link #canonical}{@code )}.
 * Hex is lower case. The four parameters may come in any order, each exactly once,
 * separated by commas and optional spaces.
 *
 * @param key       the caller
 * @param timestamp unix milliseconds when the request was signed
 * @param nonce     16 bytes never used before by this key within the window
 * @param signature 64-byte BIP 340 signature
 */
public record AuthHeader(PublicKey key, long timestamp, byte[] nonce, byte[] signature) {
    /** The authentication scheme's name, the header's first word. */
    public static final String SCHEME = "GG-Schnorr";
    /** The BIP 340 tag of request signatures: signatures for other purposes never verify as one. */
    public static final String TAG = "gg-settler-request/1";
    /** Bytes of a nonce. */
    public static final int NONCE_BYTES = 16;
    /** A header longer than this is refused before it is parsed. */
    public static final int MAX_LENGTH = 512;

    public AuthHeader {
        Objects.requireNonNull(key, "key");
        if (timestamp < 0) {
            throw new IllegalArgumentException("ts must not be negative");
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes");
        }
        if (signature.length != 64) {
            throw new IllegalArgumentException("sig must be 64 bytes");
        }
        nonce = nonce.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The header value. */
    public String format() {
        return SCHEME + " key=" + key.hex() + ", ts=" + timestamp + ", nonce=" + Hex.encode(nonce) + ", sig="
                + Hex.encode(signature);
    }

    /**
     * The bytes that are signed: the UTF-8 of
     * {@code METHOD \n path-with-query \n ts \n nonce-hex \n hex(sha256(body))}, where
     * the path with query is exactly as sent on the request line (not decoded).
     */
    public static byte[] canonical(String method, String pathWithQuery, long timestamp, byte[] nonce, byte[] body) {
        String text = method + "\n" + pathWithQuery + "\n" + timestamp + "\n" + Hex.encode(nonce) + "\n"
                + Hex.encode(Sha256.hash(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a header value.
     *
     * @throws IllegalArgumentException with the reason, if the value is not a well-formed header
     */
    public static AuthHeader parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no Authorization header");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Authorization header longer than " + MAX_LENGTH + " characters");
        }
        if (!value.startsWith(SCHEME + " ")) {
            throw new IllegalArgumentException("Authorization scheme must be " + SCHEME);
        }
        Map<String, String> params = new HashMap<>();
        for (String part : value.substring(SCHEME.length() + 1).split(",", -1)) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Authorization parameter '" + clip(p) + "' is not name=value");
            }
            String name = p.substring(0, eq);
            if (!name.equals("key") && !name.equals("ts") && !name.equals("nonce") && !name.equals("sig")) {
                throw new IllegalArgumentException("unknown Authorization parameter '" + clip(name) + "'");
            }
            if (params.put(name, p.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("Authorization parameter " + name + " given twice");
            }
        }
        for (String name : new String[] {"key", "ts", "nonce", "sig"}) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("Authorization parameter " + name + " is missing");
            }
        }
        PublicKey key = PublicKey.parse(hex(params.get("key"), 32, "key"))
                .orElseThrow(() -> new IllegalArgumentException("key is not an x-only secp256k1 public key"));
        String ts = params.get("ts");
        if (!ts.matches("0|[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("ts must be unix milliseconds in decimal");
        }
        return new AuthHeader(key, Long.parseLong(ts), hex(params.get("nonce"), NONCE_BYTES, "nonce"),
                hex(params.get("sig"), 64, "sig"));
    }

    private static byte[] hex(String text, int bytes, String name) {
        if (text.length() != bytes * 2 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException(name + " must be " + bytes * 2 + " lower-case hex digits");
        }
        return Hex.decode(text);
    }

    private static String clip(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
