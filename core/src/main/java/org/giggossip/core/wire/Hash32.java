package org.giggossip.core.wire;

/**
 * A 32-byte SHA-256 digest carried on the wire: a payment hash (seed 000,
 * sections 3.7 and 3.8) or the hash of an encrypted reply payload (section 3.9).
 */
public final class Hash32 extends FixedBytes {
    /** Bytes in the digest. */
    public static final int SIZE = WireLimits.HASH_BYTES;

    private Hash32(byte[] bytes) {
        super(bytes, SIZE, "hash");
    }

    /** Wraps {@value #SIZE} bytes; throws {@link IllegalArgumentException} for any other length. */
    public static Hash32 of(byte[] bytes) {
        return new Hash32(bytes);
    }
}
