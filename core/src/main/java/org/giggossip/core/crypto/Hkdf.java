package org.giggossip.core.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): {@link #extract} a pseudorandom key from
 * input keying material, then {@link #expand} it into as many bytes as needed
 * under an {@code info} string that names what they are for.
 *
 * <p>Arguments come from our own code, not from peers; a misuse (an output
 * longer than 255 * 32 bytes, a pseudorandom key shorter than 32 bytes) throws
 * {@link IllegalArgumentException}.
 */
public final class Hkdf {
    /** Bytes in an HMAC-SHA256 output, RFC 5869's {@code HashLen}. */
    public static final int HASH_LEN = 32;
    /** The longest output {@link #expand} can produce: {@code 255 * HashLen}. */
    public static final int MAX_OUTPUT = 255 * HASH_LEN;

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /**
     * RFC 5869 section 2.2: {@code PRK = HMAC-SHA256(salt, IKM)}. An empty salt
     * stands for {@code HashLen} zero bytes, as the RFC says.
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        // An HMAC key is zero-padded to the block size, so HashLen zeros == the empty key;
        // SecretKeySpec refuses an empty array, hence the substitution.
        Mac mac = mac(salt.length == 0 ? new byte[HASH_LEN] : salt);
        return mac.doFinal(ikm);
    }

    /**
     * RFC 5869 section 2.3: the first {@code length} bytes of
     * {@code T(1) || T(2) || ...} where {@code T(i) = HMAC(PRK, T(i-1) || info || i)}.
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        if (prk.length < HASH_LEN) {
            throw new IllegalArgumentException("a pseudorandom key has at least " + HASH_LEN + " bytes");
        }
        if (length < 0 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be in [0, " + MAX_OUTPUT + "]");
        }
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** Extract then expand: {@code length} bytes of keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new AssertionError("every JDK provides HmacSHA256 and accepts a non-empty key", e);
        }
    }
}
