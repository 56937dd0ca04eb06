package org.giggossip.core.crypto;

import java.security.SecureRandom;

/**
 * BIP 340 Schnorr signatures over 32-byte messages, by native libsecp256k1.
 * Protocol objects are signed with {@link #signTagged}: the message is the tagged
 * hash of the exact bytes carried on the wire, so verifiers never re-serialize.
 */
public final class Schnorr {
    public static final int SIGNATURE_SIZE = 64;
    public static final int MESSAGE_SIZE = 32;

    private Schnorr() {}

    /** Signs a 32-byte message with the given 32 bytes of auxiliary randomness (BIP 340 {@code aux_rand}). */
    public static byte[] sign(PrivateKey key, byte[] message32, byte[] auxRand32) {
        if (message32.length != MESSAGE_SIZE || auxRand32.length != 32) {
            throw new IllegalArgumentException("BIP 340 signs 32-byte messages with 32 bytes of aux_rand");
        }
        return Secp.LIB.signSchnorr(message32, key.secretView(), auxRand32);
    }

    /** Signs with fresh auxiliary randomness. */
    public static byte[] sign(PrivateKey key, byte[] message32, SecureRandom random) {
        byte[] aux = new byte[32];
        random.nextBytes(aux);
        return sign(key, message32, aux);
    }

    /**
     * Verifies a signature given the raw 32-byte x-only key. Returns false for any
     * malformed input (wrong sizes, a key that is not on the curve); never throws.
     */
    public static boolean verify(byte[] publicKeyXOnly, byte[] message32, byte[] signature64) {
        if (publicKeyXOnly == null || message32 == null || signature64 == null
                || publicKeyXOnly.length != PublicKey.SIZE
                || message32.length != MESSAGE_SIZE
                || signature64.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            return Secp.LIB.verifySchnorr(signature64, message32, publicKeyXOnly);
        } catch (RuntimeException e) {
            return false; // libsecp256k1 refuses to parse the key
        }
    }

    public static boolean verify(PublicKey key, byte[] message32, byte[] signature64) {
        return verify(key.bytes(), message32, signature64);
    }

    /** Signs {@code Sha256.tagged(tag, body)}: the way every protocol object is signed. */
    public static byte[] signTagged(PrivateKey key, String tag, byte[] body, SecureRandom random) {
        return sign(key, Sha256.tagged(tag, body), random);
    }

    /** Verifies a signature made by {@link #signTagged}. Never throws. */
    public static boolean verifyTagged(PublicKey key, String tag, byte[] body, byte[] signature64) {
        return body != null && verify(key, Sha256.tagged(tag, body), signature64);
    }
}
