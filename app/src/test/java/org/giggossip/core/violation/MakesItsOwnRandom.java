package org.giggossip.core.violation;

import java.security.SecureRandom;

/** Breaks "core creates no SecureRandom of its own". */
public final class MakesItsOwnRandom {
    private MakesItsOwnRandom() {}

    public static byte[] nonce() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
