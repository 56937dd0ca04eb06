package org.giggossip.core.pow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.util.Hex;

/**
 * A proof-of-work target: a 256-bit unsigned integer, 32 bytes big-endian on the
 * wire ({@code pow_target} of the WorkRequest, seed 000, sections 3.4 and 3.6).
 * Work meets the target when, read the same way, it is less than or equal to it;
 * a smaller target is harder.
 *
 * <p>Immutable. Held as four unsigned 64-bit words so that {@link #isMetBy(byte[])},
 * which runs once per solving attempt and once per verification, is four
 * unsigned compares at most and never allocates.
 */
public final class Target implements Comparable<Target> {
    /** Bytes of a target on the wire. */
    public static final int SIZE = 32;

    /** Target 2^256 - 1: every work meets it (difficulty 1). */
    public static final Target MAX = new Target(-1L, -1L, -1L, -1L);

    /**
     * Target 0: met only by all-zero work, with probability 2^-256 per attempt.
     * Unreachable in practice; used to measure solving speed and to test cancellation.
     */
    public static final Target ZERO = new Target(0L, 0L, 0L, 0L);

    private static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MAX_VALUE = TWO_256.subtract(BigInteger.ONE);

    // Most significant word first.
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private Target(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /**
     * The target from its 32 wire bytes (big-endian, unsigned), or empty when the
     * input is null or not exactly 32 bytes long. The bytes are copied.
     */
    public static Optional<Target> parse(byte[] bytes) {
        if (bytes == null || bytes.length != SIZE) {
            return Optional.empty();
        }
        return Optional.of(fromWords(bytes));
    }

    private static Target fromWords(byte[] b) {
        return new Target(
            (long) LONG_BE.get(b, 0), (long) LONG_BE.get(b, 8),
            (long) LONG_BE.get(b, 16), (long) LONG_BE.get(b, 24));
    }

    /**
     * The target at which one attempt succeeds with probability {@code 1 / expectedAttempts}:
     * {@code floor(2^256 / expectedAttempts) - 1}, clamped to {@code [0, 2^256 - 1]}.
     * Difficulty 1 (or less) gives {@link #MAX}; a difficulty of 2^256 or more,
     * including infinity, gives {@link #ZERO}.
     *
     * @throws IllegalArgumentException when the difficulty is NaN, zero or negative
     */
    public static Target fromDifficulty(double expectedAttempts) {
        if (!(expectedAttempts > 0)) {
            throw new IllegalArgumentException("difficulty must be positive: " + expectedAttempts);
        }
        if (Double.isInfinite(expectedAttempts)) {
            return ZERO;
        }
        BigInteger t = new BigDecimal(TWO_256)
            .divide(new BigDecimal(expectedAttempts), 0, RoundingMode.FLOOR)
            .toBigIntegerExact()
            .subtract(BigInteger.ONE);
        return fromBigInteger(t.max(BigInteger.ZERO).min(MAX_VALUE));
    }

    /** The target with this value, which must be in {@code [0, 2^256 - 1]}. Not for the hot path. */
    public static Target fromBigInteger(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("target out of range [0, 2^256-1]: " + value);
        }
        byte[] raw = value.toByteArray(); // big-endian two's complement, maybe with a leading 0
        byte[] b = new byte[SIZE];
        int n = Math.min(raw.length, SIZE);
        System.arraycopy(raw, raw.length - n, b, SIZE - n, n);
        return fromWords(b);
    }

    /**
     * The expected number of attempts to meet this target, {@code 2^256 / (target + 1)},
     * as the nearest double: 1.0 for {@link #MAX}, 2^256 for {@link #ZERO}.
     */
    public double difficulty() {
        return new BigDecimal(TWO_256)
            .divide(new BigDecimal(toBigInteger().add(BigInteger.ONE)), MathContext.DECIMAL128)
            .doubleValue();
    }

    /** This target as a non-negative integer. Not for the hot path. */
    public BigInteger toBigInteger() {
        return new BigInteger(1, toByteArray());
    }

    /** The 32 wire bytes, big-endian; a fresh copy. */
    public byte[] toByteArray() {
        byte[] b = new byte[SIZE];
        LONG_BE.set(b, 0, w0);
        LONG_BE.set(b, 8, w1);
        LONG_BE.set(b, 16, w2);
        LONG_BE.set(b, 24, w3);
        return b;
    }

    /**
     * Whether the 32 bytes of {@code work} at offset 0, read as an unsigned
     * big-endian integer, are at most this target. No allocation, no BigInteger.
     *
     * @throws IndexOutOfBoundsException when {@code work} is shorter than 32 bytes
     */
    public boolean isMetBy(byte[] work) {
        // One check up front, which also lets the JIT drop the per-word bounds checks.
        Objects.checkFromIndexSize(0, SIZE, work.length);
        long w = (long) LONG_BE.get(work, 0);
        if (w != w0) {
            return Long.compareUnsigned(w, w0) < 0;
        }
        w = (long) LONG_BE.get(work, 8);
        if (w != w1) {
            return Long.compareUnsigned(w, w1) < 0;
        }
        w = (long) LONG_BE.get(work, 16);
        if (w != w2) {
            return Long.compareUnsigned(w, w2) < 0;
        }
        return Long.compareUnsigned((long) LONG_BE.get(work, 24), w3) <= 0;
    }

    /** Whether this target is easier to meet than {@code other} (numerically greater). */
    public boolean isWeakerThan(Target other) {
        return compareTo(other) > 0;
    }

    /** Unsigned numeric order: a smaller target is a harder one. */
    @Override
    public int compareTo(Target o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) {
            c = Long.compareUnsigned(w1, o.w1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w2, o.w2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w3, o.w3);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && w0 == t.w0 && w1 == t.w1 && w2 == t.w2 && w3 == t.w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w0) * 31 * 31 * 31 + Long.hashCode(w1) * 31 * 31
            + Long.hashCode(w2) * 31 + Long.hashCode(w3);
    }

    /** The target in hex (64 digits) with its difficulty, e.g. for logs. */
    @Override
    public String toString() {
        return "Target[" + Hex.encode(toByteArray()) + ", difficulty " + difficulty() + "]";
    }
}
