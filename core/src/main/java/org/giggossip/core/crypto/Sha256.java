package org.giggossip.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and BIP 340 tagged hashes. */
public final class Sha256 {
    /** Bytes in a digest. */
    public static final int SIZE = 32;

    private Sha256() {}

    /** A new SHA-256 digest. Every JDK has SHA-256, so this never fails. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK provides SHA-256", e);
        }
    }

    public static byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }

    public static byte[] hash(byte[] first, byte[] second) {
        MessageDigest d = newDigest();
        d.update(first);
        d.update(second);
        return d.digest();
    }

    /**
     * BIP 340 tagged hash: {@code SHA256(SHA256(tag) || SHA256(tag) || data...)}.
     * Every signed object of the protocol is hashed under its own tag, so a
     * signature made for one kind of object can never be valid for another.
     */
    public static byte[] tagged(String tag, byte[]... parts) {
        byte[] tagHash = hash(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MessageDigest d = newDigest();
        d.update(tagHash);
        d.update(tagHash);
        for (byte[] part : parts) {
            d.update(part);
        }
        return d.digest();
    }
}
