package org.giggossip.core.wire;

import java.util.Arrays;
import org.giggossip.core.util.Hex;

/**
 * An immutable value of a fixed number of bytes (an id or a hash). Two values
 * are equal when they are of the same class and hold the same bytes; the bytes
 * are copied in and out.
 */
public abstract sealed class FixedBytes implements Comparable<FixedBytes>
        permits AskId, PayloadId, CertificateId, Hash32 {
    private final byte[] bytes;

    FixedBytes(byte[] bytes, int size, String name) {
        this.bytes = Wire.requireExact(bytes, size, name);
    }

    /** The bytes, copied. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex of the bytes. */
    public final String hex() {
        return Hex.encode(bytes);
    }

    /** Package-private view for encoding, not copied. */
    final byte[] view() {
        return bytes;
    }

    /** Orders values by their bytes as unsigned numbers (big-endian). */
    @Override
    public final int compareTo(FixedBytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((FixedBytes) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "(" + hex() + ")";
    }
}
