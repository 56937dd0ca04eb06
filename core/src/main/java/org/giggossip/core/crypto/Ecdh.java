package org.giggossip.core.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Elliptic-curve Diffie-Hellman on secp256k1 between a {@link PrivateKey} and an
 * x-only {@link PublicKey}, by native libsecp256k1.
 *
 * <p>An x-only key names the point with even Y (BIP 340). The private key is
 * used as BIP 340's {@code d}: negated when its own point has odd Y, so that its
 * x-only public key is exactly {@code d * G}. Then {@code d_a * (d_b * G) ==
 * d_b * (d_a * G)} and the secret is symmetric:
 * {@code sharedSecret(a, B) == sharedSecret(b, A)}.
 *
 * <p>The secret is libsecp256k1's default ECDH output,
 * {@code SHA256((0x02 | (y & 1)) || x)} of the shared point: 32 bytes, to be fed to
 * a key derivation function ({@link Hkdf}), never used directly as a key.
 */
public final class Ecdh {
    /** Bytes in a shared secret. */
    public static final int SECRET_SIZE = 32;

    private Ecdh() {}

    /**
     * The 32-byte shared secret of {@code ours} and {@code theirs}. Both keys are
     * valid by construction, so this cannot fail on input.
     */
    public static byte[] sharedSecret(PrivateKey ours, PublicKey theirs) {
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(theirs, "theirs");
        byte[] d = ours.evenYSecret();
        try {
            return Secp.LIB.ecdh(d, theirs.compressed());
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }
}
