package org.giggossip.core.crypto;

import fr.acinq.secp256k1.Secp256k1;

/** The one handle on native libsecp256k1 (ACINQ secp256k1-kmp). Package-private: use the key classes. */
final class Secp {
    static final Secp256k1 LIB = Secp256k1.Companion.get();

    private Secp() {}

    /** {@code 0x02 || x}: the compressed point with even Y for an x-only key. */
    static byte[] evenCompressed(byte[] xOnly) {
        byte[] c = new byte[33];
        c[0] = 0x02;
        System.arraycopy(xOnly, 0, c, 1, 32);
        return c;
    }
}
