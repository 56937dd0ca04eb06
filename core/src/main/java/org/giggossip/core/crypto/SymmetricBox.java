package org.giggossip.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticated encryption under a 32-byte secret meant for one message, such
 * as a payment preimage: the settler seals a reply under the preimage, and only
 * whoever learns the preimage by paying can open it (docs/architecture.md, payments).
 *
 * <p>The secret is never used directly as a cipher key. Each box draws a fresh
 * 16-byte salt and derives its own ChaCha20-Poly1305 key:
 * <pre>
 *   key   = HKDF-SHA256(salt = salt16, IKM = secret32, info = "giggossip/symmetricbox/v1", L = 32)
 *   nonce = 12 zero bytes (each derived key seals exactly one message)
 * </pre>
 * so even a secret reused by mistake never repeats a (key, nonce) pair.
 *
 * <p>Wire layout ({@link #OVERHEAD} = 32 bytes more than the plaintext):
 * <pre>
 *   salt        16 bytes   random, HKDF salt
 *   ciphertext  n bytes    ChaCha20 of the plaintext
 *   tag         16 bytes   Poly1305 over ciphertext and the caller's associated data
 * </pre>
 */
public final class SymmetricBox {
    /** Bytes in the secret. */
    public static final int KEY_SIZE = 32;
    /** Bytes of random salt at the start of a box. */
    public static final int SALT_SIZE = 16;
    /** A box is this many bytes longer than its plaintext. */
    public static final int OVERHEAD = SALT_SIZE + Aead.TAG_SIZE;
    /** HKDF {@code info}: names the scheme and its version. */
    static final byte[] INFO = "giggossip/symmetricbox/v1".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] ZERO_NONCE = new byte[Aead.NONCE_SIZE];
    private static final byte[] EMPTY = new byte[0];

    private SymmetricBox() {}

    /** Seals {@code plaintext} under {@code secret}, binding {@code aad} (authenticated, not encrypted). */
    public static byte[] seal(byte[] secret, byte[] plaintext, byte[] aad, SecureRandom random) {
        checkSecret(secret);
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] salt = new byte[SALT_SIZE];
        random.nextBytes(salt);
        byte[] key = Hkdf.derive(salt, secret, INFO, Aead.KEY_SIZE);
        try {
            byte[] sealed = Aead.seal(key, ZERO_NONCE, plaintext, aad);
            byte[] box = new byte[SALT_SIZE + sealed.length];
            System.arraycopy(salt, 0, box, 0, SALT_SIZE);
            System.arraycopy(sealed, 0, box, SALT_SIZE, sealed.length);
            return box;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #seal(byte[], byte[], byte[], SecureRandom)} with no associated data. */
    public static byte[] seal(byte[] secret, byte[] plaintext, SecureRandom random) {
        return seal(secret, plaintext, EMPTY, random);
    }

    /**
     * Opens a box; empty when it is null, shorter than {@link #OVERHEAD}, or not
     * authentic under this secret and {@code aad}. Never throws on {@code box}.
     */
    public static Optional<byte[]> open(byte[] secret, byte[] box, byte[] aad) {
        checkSecret(secret);
        Objects.requireNonNull(aad, "aad");
        if (box == null || box.length < OVERHEAD) {
            return Optional.empty();
        }
        byte[] salt = Arrays.copyOfRange(box, 0, SALT_SIZE);
        byte[] sealed = Arrays.copyOfRange(box, SALT_SIZE, box.length);
        byte[] key = Hkdf.derive(salt, secret, INFO, Aead.KEY_SIZE);
        try {
            return Aead.open(key, ZERO_NONCE, sealed, aad);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #open(byte[], byte[], byte[])} with no associated data. */
    public static Optional<byte[]> open(byte[] secret, byte[] box) {
        return open(secret, box, EMPTY);
    }

    private static void checkSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != KEY_SIZE) {
            throw new IllegalArgumentException("a symmetric box secret has " + KEY_SIZE + " bytes");
        }
    }
}
