package org.giggossip.core.crypto;

import java.util.Arrays;
import java.util.Optional;
import org.giggossip.core.util.Hex;

/**
 * A 32-byte x-only secp256k1 public key (BIP 340); a node's identity. Instances
 * always hold a valid curve point: {@link #parse} checks it.
 */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int SIZE = 32;

    private final byte[] x;

    private PublicKey(byte[] x) {
        this.x = x;
    }

    /** Parses an x-only key; empty if it is not 32 bytes or not the X coordinate of a curve point. Never throws. */
    public static Optional<PublicKey> parse(byte[] xOnly) {
        if (xOnly == null || xOnly.length != SIZE) {
            return Optional.empty();
        }
        byte[] copy = xOnly.clone();
        if (!ValidKeys.contains(copy)) {
            try {
                Secp.LIB.pubkeyParse(Secp.evenCompressed(copy));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            ValidKeys.add(copy);
        }
        return Optional.of(new PublicKey(copy));
    }

    /** Like {@link #parse} but throws {@link IllegalArgumentException}; for trusted input such as configuration. */
    public static PublicKey of(byte[] xOnly) {
        return parse(xOnly).orElseThrow(() -> new IllegalArgumentException("not a valid x-only secp256k1 public key"));
    }

    public static PublicKey fromHex(String hex) {
        return of(Hex.decode(hex));
    }

    /** Wraps bytes already known to be a valid key (from libsecp256k1 itself). */
    static PublicKey trusted(byte[] xOnly) {
        return new PublicKey(xOnly.clone());
    }

    /** The 32 bytes, copied. */
    public byte[] bytes() {
        return x.clone();
    }

    /** The 33-byte compressed encoding with even Y. */
    public byte[] compressed() {
        return Secp.evenCompressed(x);
    }

    public String hex() {
        return Hex.encode(x);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && Arrays.equals(x, other.x);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(x);
    }

    @Override
    public int compareTo(PublicKey o) {
        return Arrays.compareUnsigned(x, o.x);
    }

    @Override
    public String toString() {
        return hex();
    }
}
