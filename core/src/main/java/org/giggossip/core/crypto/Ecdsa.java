package org.giggossip.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * ECDSA over secp256k1 as Lightning uses it, by native libsecp256k1: compact
 * 64-byte signatures ({@code r || s}, RFC 6979 nonces, low S) with a recovery id,
 * and public keys as 33-byte compressed points. BOLT 11 invoices are signed this
 * way; the protocol's own objects use {@link Schnorr}.
 *
 * <p>The key is the node's secp256k1 key; its ECDSA public key is the point
 * {@code secret * G} with whichever Y parity it has, whose X coordinate is the
 * node's x-only id ({@link PrivateKey#publicKey()}).
 */
public final class Ecdsa {
    /** Bytes in a compact signature ({@code r || s}). */
    public static final int SIGNATURE_SIZE = 64;
    /** Bytes in a recoverable signature ({@code r || s || recovery id}). */
    public static final int RECOVERABLE_SIZE = 65;
    /** Bytes in a signed message digest. */
    public static final int MESSAGE_SIZE = 32;
    /** Bytes in a compressed public key ({@code 02|03 || x}). */
    public static final int COMPRESSED_KEY_SIZE = 33;

    /** {@code (n - 1) / 2} for the secp256k1 group order n: the largest low S. */
    private static final byte[] HALF_ORDER = {
        (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0x5d, (byte) 0x57, (byte) 0x6e, (byte) 0x73, (byte) 0x57, (byte) 0xa4, (byte) 0x50, (byte) 0x1d,
        (byte) 0xdf, (byte) 0xe9, (byte) 0x2f, (byte) 0x46, (byte) 0x68, (byte) 0x1b, (byte) 0x20, (byte) 0xa0,
    };

    /** The group order n. */
    private static final BigInteger ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private Ecdsa() {}

    /** The 33-byte compressed public key of {@code key}, with the parity its point really has. */
    public static byte[] compressedPublicKey(PrivateKey key) {
        byte[] c = key.publicKey().compressed(); // 02 || x
        c[0] = (byte) (key.hasOddY() ? 0x03 : 0x02);
        return c;
    }

    /**
     * Signs a 32-byte digest: {@code r || s || recid}, 65 bytes, where S is low and
     * the recovery id (0 to 3) is the one that recovers this key, found by trying
     * each in turn.
     */
    public static byte[] signRecoverable(PrivateKey key, byte[] message32) {
        if (message32 == null || message32.length != MESSAGE_SIZE) {
            throw new IllegalArgumentException("ECDSA signs 32-byte digests");
        }
        byte[] signature = Secp.LIB.sign(message32, key.secretView(), null);
        byte[] compressed = compressedPublicKey(key);
        for (int recid = 0; recid < 4; recid++) {
            byte[] recovered = recoverUncompressed(signature, recid, message32); // 04 || x || y
            if (recovered != null && Arrays.equals(recovered, 1, 33, compressed, 1, 33)
                    && (recovered[64] & 1) == (compressed[0] & 1)) {
                byte[] out = Arrays.copyOf(signature, RECOVERABLE_SIZE);
                out[SIGNATURE_SIZE] = (byte) recid;
                return out;
            }
        }
        throw new IllegalStateException("no recovery id recovers the signing key");
    }

    /**
     * The compressed public key that {@code signature64} with {@code recoveryId}
     * recovers for {@code message32}: high and low S are both accepted, as in
     * BOLT 11. Empty for malformed input or a signature that recovers no key.
     * Never throws.
     */
    public static Optional<byte[]> recover(byte[] signature64, int recoveryId, byte[] message32) {
        if (signature64 == null || signature64.length != SIGNATURE_SIZE) {
            return Optional.empty();
        }
        byte[] uncompressed = recoverUncompressed(signature64, recoveryId, message32);
        return uncompressed == null ? Optional.empty() : Optional.of(Secp.LIB.pubKeyCompress(uncompressed));
    }

    /**
     * Verifies a compact signature against a compressed key. Only low-S
     * signatures verify (the canonical form). Returns false for any malformed
     * input; never throws.
     */
    public static boolean verify(byte[] compressedKey, byte[] message32, byte[] signature64) {
        if (compressedKey == null || message32 == null || signature64 == null
                || compressedKey.length != COMPRESSED_KEY_SIZE
                || message32.length != MESSAGE_SIZE
                || signature64.length != SIGNATURE_SIZE
                || !isLowS(signature64)) {
            return false;
        }
        try {
            return Secp.LIB.verify(signature64, message32, compressedKey);
        } catch (RuntimeException e) {
            return false; // libsecp256k1 refuses to parse the key or the signature
        }
    }

    /**
     * The low-S form of a compact signature: itself if S is low, else
     * {@code r || n - s}, which verifies for the same key and message. A copy;
     * an S of zero or at least n (not a signature) comes back unchanged.
     */
    public static byte[] normalizeS(byte[] signature64) {
        byte[] out = signature64.clone();
        if (out.length != SIGNATURE_SIZE || isLowS(out)) {
            return out;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(out, 32, 64));
        if (s.compareTo(ORDER) >= 0) {
            return out;
        }
        byte[] low = ORDER.subtract(s).toByteArray(); // below n / 2: at most 32 bytes, no sign byte
        Arrays.fill(out, 32, 64, (byte) 0);
        System.arraycopy(low, 0, out, 64 - low.length, low.length);
        return out;
    }

    /** Whether the S half of a compact signature is at most half the group order. */
    public static boolean isLowS(byte[] signature64) {
        return Arrays.compareUnsigned(signature64, 32, 64, HALF_ORDER, 0, 32) <= 0;
    }

    /** The 65-byte uncompressed key, or null. */
    private static byte[] recoverUncompressed(byte[] signature64, int recoveryId, byte[] message32) {
        if (message32 == null || message32.length != MESSAGE_SIZE || recoveryId < 0 || recoveryId > 3) {
            return null;
        }
        try {
            return Secp.LIB.ecdsaRecover(signature64, message32, recoveryId);
        } catch (RuntimeException e) {
            return null; // r or s out of range, or no point with that X and parity
        }
    }
}
