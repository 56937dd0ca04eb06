package org.giggossip.core.wire;

import java.security.SecureRandom;

/**
 * Identifies one request payload (seed 000, section 3.3): 16 random bytes
 * chosen by the sender. Nodes recognise a payload seen before by it
 * (multibroadcast policy, section 3.6).
 */
public final class PayloadId extends FixedBytes {
    /** Bytes in the id. */
    public static final int SIZE = WireLimits.ID_BYTES;

    private PayloadId(byte[] bytes) {
        super(bytes, SIZE, "payload_id");
    }

    /** Wraps {@value #SIZE} bytes; throws {@link IllegalArgumentException} for any other length. */
    public static PayloadId of(byte[] bytes) {
        return new PayloadId(bytes);
    }

    /** A fresh random id. */
    public static PayloadId random(SecureRandom random) {
        byte[] b = new byte[SIZE];
        random.nextBytes(b);
        return new PayloadId(b);
    }
}
