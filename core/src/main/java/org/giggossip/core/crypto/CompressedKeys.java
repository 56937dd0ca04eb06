package org.giggossip.core.crypto;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw secp256k1 operations on 32-byte secrets and 33-byte compressed public keys,
 * for protocols that name keys with their Y parity, such as BOLT 8's Noise
 * handshake in {@code net}. Everything else in the project uses x-only
 * {@link PublicKey}s; {@link #noiseSecret(PrivateKey)} bridges the two: an
 * identity's compressed key is its even-Y point {@code 02 || x}.
 *
 * <p>Peer bytes never make these methods throw: they answer with an empty
 * {@link Optional} or {@code false}.
 */
public final class CompressedKeys {
    /** Bytes in a compressed public key: a parity byte (02 or 03) and X. */
    public static final int SIZE = 33;

    private CompressedKeys() {}

    /** Whether {@code key} is a 33-byte compressed encoding (02 or 03 prefix) of a curve point. Never throws. */
    public static boolean isValid(byte[] key) {
        if (key == null || key.length != SIZE || (key[0] != 0x02 && key[0] != 0x03)) {
            return false;
        }
        try {
            Secp.LIB.pubkeyParse(key);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The compressed public key of a 32-byte secret; empty if the secret is not a valid key. */
    public static Optional<byte[]> publicKey(byte[] secret) {
        if (secret == null || secret.length != PrivateKey.SIZE) {
            return Optional.empty();
        }
        try {
            return Optional.of(Secp.LIB.pubKeyCompress(Secp.LIB.pubkeyCreate(secret)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * BOLT 8's {@code ECDH(k, rk)}: {@code SHA256(compressed(k * rk))}, which is
     * libsecp256k1's default ECDH output. Empty when the secret or the point is
     * not valid.
     */
    public static Optional<byte[]> ecdh(byte[] secret, byte[] compressedPoint) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != PrivateKey.SIZE || !isValid(compressedPoint)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Secp.LIB.ecdh(secret, compressedPoint));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The secret whose compressed public key is {@code 02 || identity x}: the
     * identity's secret, negated when its point has odd Y. A fresh copy; the
     * caller should wipe it.
     */
    public static byte[] noiseSecret(PrivateKey identity) {
        return identity.evenYSecret();
    }

    /** {@code 02 || x}: the compressed key with even Y that an x-only identity stands for. */
    public static byte[] evenY(PublicKey identity) {
        return identity.compressed();
    }

    /** The x-only identity of a compressed key (its X), whatever its parity byte; empty if not valid. */
    public static Optional<PublicKey> xOnly(byte[] compressed) {
        if (!isValid(compressed)) {
            return Optional.empty();
        }
        return PublicKey.parse(Arrays.copyOfRange(compressed, 1, SIZE));
    }
}
