package org.giggossip.core.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

class TargetTest {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    @Test
    void difficultyOneIsTheMaximumTarget() {
        assertThat(Target.fromDifficulty(1.0)).isEqualTo(Target.MAX);
        assertThat(Target.MAX.toBigInteger()).isEqualTo(TWO_256.subtract(BigInteger.ONE));
        assertThat(Target.MAX.difficulty()).isEqualTo(1.0);
    }

    @Test
    void difficultyBelowOneClampsToTheMaximum() {
        assertThat(Target.fromDifficulty(0.5)).isEqualTo(Target.MAX);
        assertThat(Target.fromDifficulty(Double.MIN_VALUE)).isEqualTo(Target.MAX);
    }

    @Test
    void hugeDifficultyClampsToZero() {
        assertThat(Target.fromDifficulty(Math.scalb(1.0, 256))).isEqualTo(Target.ZERO);
        assertThat(Target.fromDifficulty(1e300)).isEqualTo(Target.ZERO);
        assertThat(Target.fromDifficulty(Double.MAX_VALUE)).isEqualTo(Target.ZERO);
        assertThat(Target.fromDifficulty(Double.POSITIVE_INFINITY)).isEqualTo(Target.ZERO);
        assertThat(Target.ZERO.difficulty()).isEqualTo(Math.scalb(1.0, 256));
        // 2^255 still leaves target 1: floor(2^256 / 2^255) - 1.
        assertThat(Target.fromDifficulty(Math.scalb(1.0, 255)).toBigInteger()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void invalidDifficultiesAreRefused() {
        for (double d : new double[] {0.0, -0.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Target.fromDifficulty(d)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void goldenTargets() {
        // python3: hex(2**256//2 - 1), hex(2**256//3 - 1), hex(2**256//10**6 - 1)
        assertThat(Hex.encode(Target.fromDifficulty(2).toByteArray()))
            .isEqualTo("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
        assertThat(Hex.encode(Target.fromDifficulty(3).toByteArray()))
            .isEqualTo("5555555555555555555555555555555555555555555555555555555555555554");
        assertThat(Hex.encode(Target.fromDifficulty(1e6).toByteArray()))
            .isEqualTo("000010c6f7a0b5ed8d36b4c7f34938583621fafc8b0079a2834d26fa3fcc9ea8");
        assertThat(Hex.encode(PowVectors.zeroBits(20).toByteArray()))
            .isEqualTo("00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
        assertThat(Target.fromDifficulty(3).difficulty()).isEqualTo(3.0);
        assertThat(Target.fromDifficulty(1e6).difficulty()).isEqualTo(1e6);
    }

    @Test
    void parseAcceptsExactly32Bytes() {
        byte[] bytes = Hex.decode("00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffff01");
        Target t = Target.parse(bytes).orElseThrow();
        assertThat(t.toByteArray()).isEqualTo(bytes);
        bytes[31] = 0x7f; // the target copied its input
        assertThat(t.toByteArray()[31]).isEqualTo((byte) 0x01);

        assertThat(Target.parse(null)).isEmpty();
        assertThat(Target.parse(new byte[0])).isEmpty();
        assertThat(Target.parse(new byte[31])).isEmpty();
        assertThat(Target.parse(new byte[33])).isEmpty();
        assertThat(Target.parse(new byte[32])).contains(Target.ZERO);
    }

    @Test
    void toByteArrayReturnsACopy() {
        byte[] b = Target.MAX.toByteArray();
        b[0] = 0;
        assertThat(Target.MAX.toByteArray()[0]).isEqualTo((byte) 0xff);
    }

    @Test
    void isMetByIsInclusiveAtTheBoundary() {
        BigInteger w = new BigInteger(1, PowVectors.WORK_20_BITS);
        assertThat(Target.fromBigInteger(w).isMetBy(PowVectors.WORK_20_BITS)).isTrue();
        assertThat(Target.fromBigInteger(w.add(BigInteger.ONE)).isMetBy(PowVectors.WORK_20_BITS)).isTrue();
        assertThat(Target.fromBigInteger(w.subtract(BigInteger.ONE)).isMetBy(PowVectors.WORK_20_BITS)).isFalse();
        // Words compare unsigned: 0x80... in the last word is large, not negative.
        byte[] work = new byte[32];
        work[24] = (byte) 0x80;
        assertThat(Target.fromBigInteger(BigInteger.valueOf(Long.MAX_VALUE)).isMetBy(work)).isFalse();
        assertThat(Target.MAX.isMetBy(Target.MAX.toByteArray())).isTrue();
        assertThat(Target.ZERO.isMetBy(new byte[32])).isTrue();
        assertThat(Target.ZERO.isMetBy(PowVectors.WORK_20_BITS)).isFalse();
    }

    @Test
    void isMetByRefusesShortWork() {
        assertThatThrownBy(() -> Target.MAX.isMetBy(new byte[31])).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void fromBigIntegerRefusesOutOfRange() {
        assertThatThrownBy(() -> Target.fromBigInteger(TWO_256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.fromBigInteger(BigInteger.ONE.negate()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderAndWeakness() {
        Target easy = Target.fromDifficulty(16);
        Target hard = Target.fromDifficulty(1 << 20);
        assertThat(easy.isWeakerThan(hard)).isTrue();
        assertThat(hard.isWeakerThan(easy)).isFalse();
        assertThat(hard.isWeakerThan(hard)).isFalse();
        assertThat(Target.ZERO).isLessThan(hard);
        assertThat(Target.MAX).isGreaterThan(easy);
        assertThat(easy).isEqualTo(Target.fromDifficulty(16)).hasSameHashCodeAs(Target.fromDifficulty(16));
        assertThat(easy.toString()).contains("0fffffff").contains("16.0");
    }
}
