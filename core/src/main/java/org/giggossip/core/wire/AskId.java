package org.giggossip.core.wire;

import java.security.SecureRandom;

/**
 * Identifies one originator-middleman exchange (seed 000, section 3.3,
 * Figure 6): 16 random bytes chosen by the originator.
 */
public final class AskId extends FixedBytes {
    /** Bytes in the id. */
    public static final int SIZE = WireLimits.ID_BYTES;

    private AskId(byte[] bytes) {
        super(bytes, SIZE, "ask_id");
    }

    /** Wraps {@value #SIZE} bytes; throws {@link IllegalArgumentException} for any other length. */
    public static AskId of(byte[] bytes) {
        return new AskId(bytes);
    }

    /** A fresh random id. */
    public static AskId random(SecureRandom random) {
        byte[] b = new byte[SIZE];
        random.nextBytes(b);
        return new AskId(b);
    }
}
