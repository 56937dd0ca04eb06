package org.giggossip.core.pow;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TargetPropertiesTest {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    @Property
    void parseRoundTrips(@ForAll @Size(32) byte[] bytes) {
        Target t = Target.parse(bytes).orElseThrow();
        assertThat(t.toByteArray()).isEqualTo(bytes);
        assertThat(t.toBigInteger()).isEqualTo(new BigInteger(1, bytes));
        assertThat(Target.fromBigInteger(t.toBigInteger())).isEqualTo(t);
    }

    @Property
    void parseRefusesOtherLengths(@ForAll @Size(max = 100) byte[] bytes) {
        assertThat(Target.parse(bytes).isPresent()).isEqualTo(bytes.length == 32);
    }

    @Property
    void isMetByAgreesWithBigInteger(@ForAll("words") byte[] target, @ForAll("words") byte[] work) {
        boolean expected = new BigInteger(1, work).compareTo(new BigInteger(1, target)) <= 0;
        assertThat(Target.parse(target).orElseThrow().isMetBy(work)).isEqualTo(expected);
    }

    @Property
    void compareToAgreesWithBigInteger(@ForAll("words") byte[] a, @ForAll("words") byte[] b) {
        int expected = Integer.signum(new BigInteger(1, a).compareTo(new BigInteger(1, b)));
        Target ta = Target.parse(a).orElseThrow();
        Target tb = Target.parse(b).orElseThrow();
        assertThat(Integer.signum(ta.compareTo(tb))).isEqualTo(expected);
        assertThat(ta.equals(tb)).isEqualTo(expected == 0);
    }

    /** 32-byte values drawn from few distinct bytes, so that equal and nearly equal words are common. */
    @Provide
    Arbitrary<byte[]> words() {
        return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
            .array(byte[].class).ofSize(32);
    }

    @Property
    void integerDifficultyMatchesTheFormula(@ForAll @LongRange(min = 1, max = 1L << 53) long d) {
        BigInteger expected = TWO_256.divide(BigInteger.valueOf(d)).subtract(BigInteger.ONE);
        assertThat(Target.fromDifficulty(d).toBigInteger()).isEqualTo(expected);
    }

    @Property
    void difficultyRoundTrips(@ForAll @DoubleRange(min = 1.0, max = 1e36) double d) {
        assertThat(Target.fromDifficulty(d).difficulty()).isEqualTo(d);
    }

    @Property
    void targetRoundTripsThroughDifficultyClosely(@ForAll @Size(32) byte[] bytes) {
        Target t = Target.parse(bytes).orElseThrow();
        BigInteger back = Target.fromDifficulty(t.difficulty()).toBigInteger();
        BigInteger v = t.toBigInteger();
        // A double keeps 53 bits, so the target comes back within about 2^-52 relative (plus one).
        BigInteger tolerance = v.shiftRight(50).add(BigInteger.TWO);
        assertThat(back.subtract(v).abs()).isLessThanOrEqualTo(tolerance);
    }

    @Property
    void harderDifficultyNeverGivesAWeakerTarget(
            @ForAll @DoubleRange(min = 0.5, max = 1e80) double a, @ForAll @DoubleRange(min = 0.5, max = 1e80) double b) {
        Target ta = Target.fromDifficulty(Math.min(a, b));
        Target tb = Target.fromDifficulty(Math.max(a, b));
        assertThat(tb.isWeakerThan(ta)).isFalse();
    }
}
