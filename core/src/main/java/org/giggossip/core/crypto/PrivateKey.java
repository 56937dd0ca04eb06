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

    private PrivateKey(byte[] secret) {
        this.secret = secret;
        byte[] full = Secp.LIB.pubkeyCreate(secret); // 65-byte uncompressed: 04 || x || y
        this.publicKey = PublicKey.trusted(Arrays.copyOfRange(full, 1, 33));
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

    /** The secret, copied. Handle with care. */
    public byte[] secretBytes() {
        return secret.clone();
    }

    /** Package-private view of the secret for the crypto classes, not copied. */
    byte[] secretView() {
        return secret;
    }

    @Override
    public String toString() {
        return "PrivateKey(" + publicKey.hex() + ")";
    }
}
