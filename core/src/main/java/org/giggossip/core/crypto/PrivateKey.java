package org.giggossip.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secp256k1 secret key (32 bytes, in [1, n-1]). Its {@link #toString()} never
 * shows the secret.
 */
public final class PrivateKey {
    public static final int SIZE = 32;

    private final byte[] secret;
    private final PublicKey publicKey;
    /** Whether {@code secret * G} has an odd Y coordinate (its x-only key then stands for the negated secret). */
    private final boolean oddY;

    private PrivateKey(byte[] secret) {
        this.secret = secret;
        byte[] full = Secp.LIB.pubkeyCreate(secret); // 65-byte uncompressed: 04 || x || y
        this.publicKey = PublicKey.trusted(Arrays.copyOfRange(full, 1, 33));
        this.oddY = (full[64] & 1) == 1;
    }

    /** A fresh random key. */
    public static PrivateKey generate(SecureRandom random) {
        byte[] s = new byte[SIZE];
        do {
            random.nextBytes(s);
        } while (!isValid(s));
        return new PrivateKey(s);
    }

    /** Wraps 32 secret bytes; throws {@link IllegalArgumentException} if they are not a valid key. */
    public static PrivateKey of(byte[] secret) {
        if (!isValid(secret)) {
            throw new IllegalArgumentException("not a valid secp256k1 secret key");
        }
        return new PrivateKey(secret.clone());
    }

    private static boolean isValid(byte[] s) {
        if (s == null || s.length != SIZE) {
            return false;
        }
        try {
            return Secp.LIB.secKeyVerify(s);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The x-only public key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** Whether {@code secret * G} has an odd Y coordinate: the parity its ECDSA public key has. */
    boolean hasOddY() {
        return oddY;
    }

    /** The secret, copied. Handle with care. */
    public byte[] secretBytes() {
        return secret.clone();
    }

    /** Package-private view of the secret for the crypto classes, not copied. */
    byte[] secretView() {
        return secret;
    }

    /**
     * A fresh copy of the secret whose point is {@link #publicKey()} lifted with
     * even Y (BIP 340's {@code d}): the secret itself, or its negation when
     * {@code secret * G} has odd Y. Key agreement with x-only keys needs it, so that
     * both sides multiply the same points. The caller should wipe the copy.
     */
    byte[] evenYSecret() {
        return oddY ? Secp.LIB.privKeyNegate(secret.clone()) : secret.clone();
    }

    @Override
    public String toString() {
        return "PrivateKey(" + publicKey.hex() + ")";
    }
}
