package org.giggossip.core.payment;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.crypto.Hkdf;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;

/**
 * The 32-byte secret behind a hold invoice (seed 000, sections 3.7 and 3.8):
 * its SHA-256 is the payment hash, as in Lightning, and the settler reveals it
 * only after the payment is accepted. For the network invoices of a reply it is
 * also the key that opens the encrypted reply payload ({@link #replyKey()}).
 */
public final class Preimage {
    /** Bytes in a preimage. */
    public static final int SIZE = 32;

    private static final byte[] REPLY_KEY_INFO =
            "giggossip/v1/reply-payload-key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] bytes;

    private Preimage(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("preimage must be " + SIZE + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** Wraps 32 bytes. */
    public static Preimage of(byte[] bytes) {
        return new Preimage(bytes);
    }

    /** A fresh preimage from {@code random}. */
    public static Preimage generate(SecureRandom random) {
        byte[] b = new byte[SIZE];
        random.nextBytes(b);
        return new Preimage(b);
    }

    /** The payment hash: SHA-256 of the preimage (BOLT 11 {@code p} field). */
    public Hash32 paymentHash() {
        return Hash32.of(Sha256.hash(bytes));
    }

    /** Whether this preimage opens invoices with {@code paymentHash}, in constant time. */
    public boolean matches(Hash32 paymentHash) {
        return MessageDigest.isEqual(Sha256.hash(bytes), paymentHash.bytes());
    }

    /**
     * The symmetric key under which the settler encrypts the reply payload
     * (seed 000, 3.8 "preimage = key"): HKDF-SHA256 of the preimage, so the
     * key and the payment hash are independent functions of the secret.
     */
    public byte[] replyKey() {
        return Hkdf.derive(new byte[0], bytes, REPLY_KEY_INFO, 32);
    }

    /** The bytes, copied. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preimage p && MessageDigest.isEqual(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Shows only the payment hash: a preimage is a secret until revealed. */
    @Override
    public String toString() {
        return "Preimage(hash=" + Hex.encode(Sha256.hash(bytes)) + ")";
    }
}
