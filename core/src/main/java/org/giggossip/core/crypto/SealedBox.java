package org.giggossip.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Encryption to a public key (docs/architecture.md, "Encryption to a public key"):
 * anyone can seal a message that only the holder of the recipient's private key
 * can open, and any change to the box is detected. The sender stays anonymous:
 * a box proves nothing about who made it (sign inside it when that matters).
 *
 * <p>Construction, for recipient key {@code B} and a fresh ephemeral key pair
 * {@code (e, E)} per box:
 * <pre>
 *   shared = Ecdh.sharedSecret(e, B)                         32 bytes
 *   key    = HKDF-SHA256(salt = E || B,                       both x-only, 64 bytes
 *                        IKM  = shared,
 *                        info = "giggossip/sealedbox/v1", L = 32)
 *   box    = E || ChaCha20-Poly1305(key, nonce = 12 zero bytes, plaintext, aad)
 * </pre>
 * The key is new for every box (it depends on the ephemeral key), so the fixed
 * nonce never repeats under one key. Both public keys are in the salt, so a box
 * cannot be re-targeted at another recipient or given another ephemeral key.
 *
 * <p>Wire layout ({@link #OVERHEAD} = 48 bytes more than the plaintext):
 * <pre>
 *   ephemeral   32 bytes   x-only public key E; the point with even Y (BIP 340)
 *   ciphertext  n bytes    ChaCha20 of the plaintext
 *   tag         16 bytes   Poly1305 over the ciphertext and the associated data
 * </pre>
 */
public final class SealedBox {
    /** A box is this many bytes longer than its plaintext. */
    public static final int OVERHEAD = PublicKey.SIZE + Aead.TAG_SIZE;
    /** HKDF {@code info}: names the scheme and its version. */
    static final byte[] INFO = "giggossip/sealedbox/v1".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] ZERO_NONCE = new byte[Aead.NONCE_SIZE];
    private static final byte[] EMPTY = new byte[0];

    private SealedBox() {}

    /** Seals {@code plaintext} to {@code recipient}, binding {@code aad} (authenticated, not encrypted). */
    public static byte[] seal(PublicKey recipient, byte[] plaintext, byte[] aad, SecureRandom random) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        PrivateKey ephemeral = PrivateKey.generate(random);
        byte[] ephemeralPub = ephemeral.publicKey().bytes();
        byte[] key = boxKey(ephemeral, recipient, ephemeralPub, recipient.bytes());
        try {
            byte[] sealed = Aead.seal(key, ZERO_NONCE, plaintext, aad);
            byte[] box = new byte[PublicKey.SIZE + sealed.length];
            System.arraycopy(ephemeralPub, 0, box, 0, PublicKey.SIZE);
            System.arraycopy(sealed, 0, box, PublicKey.SIZE, sealed.length);
            return box;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #seal(PublicKey, byte[], byte[], SecureRandom)} with no associated data. */
    public static byte[] seal(PublicKey recipient, byte[] plaintext, SecureRandom random) {
        return seal(recipient, plaintext, EMPTY, random);
    }

    /**
     * Opens a box sealed to {@code recipient}'s public key. Empty when the box is
     * null, shorter than {@link #OVERHEAD}, starts with bytes that are not a
     * public key, was sealed to someone else, or was changed in any bit. Never
     * throws on {@code box}.
     */
    public static Optional<byte[]> open(PrivateKey recipient, byte[] box, byte[] aad) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(aad, "aad");
        if (box == null || box.length < OVERHEAD) {
            return Optional.empty();
        }
        byte[] ephemeralPub = Arrays.copyOfRange(box, 0, PublicKey.SIZE);
        Optional<PublicKey> ephemeral = PublicKey.parse(ephemeralPub);
        if (ephemeral.isEmpty()) {
            return Optional.empty();
        }
        byte[] key;
        try {
            key = boxKey(recipient, ephemeral.get(), ephemeralPub, recipient.publicKey().bytes());
        } catch (RuntimeException e) {
            return Optional.empty(); // libsecp256k1 refused the point; parse() should have caught it
        }
        try {
            return Aead.open(key, ZERO_NONCE, Arrays.copyOfRange(box, PublicKey.SIZE, box.length), aad);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #open(PrivateKey, byte[], byte[])} with no associated data. */
    public static Optional<byte[]> open(PrivateKey recipient, byte[] box) {
        return open(recipient, box, EMPTY);
    }

    private static byte[] boxKey(PrivateKey ours, PublicKey theirs, byte[] ephemeralPub, byte[] recipientPub) {
        byte[] shared = Ecdh.sharedSecret(ours, theirs);
        byte[] salt = new byte[2 * PublicKey.SIZE];
        System.arraycopy(ephemeralPub, 0, salt, 0, PublicKey.SIZE);
        System.arraycopy(recipientPub, 0, salt, PublicKey.SIZE, PublicKey.SIZE);
        try {
            return Hkdf.derive(salt, shared, INFO, Aead.KEY_SIZE);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }
}
