package org.giggossip.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void fixedIsPlainRoundedAndWithoutTrailingZeros() {
        assertThat(Numbers.fixed(1.5, 2)).isEqualTo("1.5");
        assertThat(Numbers.fixed(12, 2)).isEqualTo("12");
        assertThat(Numbers.fixed(-0.0, 2)).isEqualTo("0");
        assertThat(Numbers.fixed(-0.001, 2)).isEqualTo("0");
        assertThat(Numbers.fixed(2.675, 2)).isEqualTo("2.67"); // the double is just below 2.675
        assertThat(Numbers.fixed(0.125, 2)).isEqualTo("0.12"); // half-even
        assertThat(Numbers.fixed(1e-7, 9)).isEqualTo("0.0000001");
        assertThat(Numbers.fixed(123456.789, 1)).isEqualTo("123456.8");
        assertThatThrownBy(() -> Numbers.fixed(Double.NaN, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactUsesSuffixesAndEnoughDecimalsForTheStep() {
        assertThat(Numbers.compact(0, 0.2)).isEqualTo("0");
        assertThat(Numbers.compact(0.4, 0.2)).isEqualTo("0.4");
        assertThat(Numbers.compact(250, 50)).isEqualTo("250");
        assertThat(Numbers.compact(20_000, 5_000)).isEqualTo("20k");
        assertThat(Numbers.compact(2_500_000, 500_000)).isEqualTo("2.5M");
        assertThat(Numbers.compact(3e9, 1e9)).isEqualTo("3G");
        assertThat(Numbers.compact(0.05, 0.01)).isEqualTo("0.05");
    }
}
