package org.giggossip.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 authenticated encryption with associated data (RFC 8439),
 * by the JDK's {@code ChaCha20-Poly1305} cipher.
 *
 * <p>A sealed message is {@code ciphertext || tag}: as long as the plaintext
 * plus {@link #TAG_SIZE} bytes. A (key, nonce) pair must never seal two
 * different messages; the callers in this package use each key once.
 *
 * <p>Keys and nonces come from our own code, so a wrong size throws
 * {@link IllegalArgumentException}. Sealed bytes come from peers, so
 * {@link #open} judges them and never throws on them.
 */
public final class Aead {
    /** Bytes in a key. */
    public static final int KEY_SIZE = 32;
    /** Bytes in a nonce. */
    public static final int NONCE_SIZE = 12;
    /** Bytes in the Poly1305 tag appended to the ciphertext. */
    public static final int TAG_SIZE = 16;

    private static final String CIPHER = "ChaCha20-Poly1305";
    private static final byte[] EMPTY = new byte[0];

    private Aead() {}

    /** Encrypts and authenticates {@code plaintext}, and authenticates {@code aad}; returns ciphertext || tag. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
        try {
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("ChaCha20-Poly1305 encryption cannot fail on a valid key and nonce", e);
        }
    }

    /** {@link #seal(byte[], byte[], byte[], byte[])} with no associated data. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
        return seal(key, nonce, plaintext, EMPTY);
    }

    /**
     * Checks the tag and decrypts; empty when {@code sealed} is null, shorter than
     * a tag, or not authentic under this key, nonce and {@code aad}. Never throws
     * on {@code sealed}.
     */
    public static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] sealed, byte[] aad) {
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, aad);
        if (sealed == null || sealed.length < TAG_SIZE) {
            return Optional.empty();
        }
        try {
            return Optional.of(cipher.doFinal(sealed));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty(); // defensive: no provider failure on peer bytes escapes as an exception
        }
    }

    /** {@link #open(byte[], byte[], byte[], byte[])} with no associated data. */
    public static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] sealed) {
        return open(key, nonce, sealed, EMPTY);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(aad, "aad");
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 takes a " + KEY_SIZE + "-byte key");
        }
        if (nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 takes a " + NONCE_SIZE + "-byte nonce");
        }
        try {
            // A new Cipher each time: the JDK refuses to encrypt twice with one key and nonce on
            // one instance, and instances are not thread-safe.
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK since 11 provides ChaCha20-Poly1305", e);
        }
    }
}
