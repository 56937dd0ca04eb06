package org.giggossip.sim.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Deterministic text for numbers in reports: a fixed number of decimals, rounded
 * half-even from the double's exact binary value, trailing zeros dropped, never
 * an exponent, never {@code -0}. The same double gives the same text on every
 * JVM and locale.
 */
public final class Numbers {
    private Numbers() {}

    /**
     * {@code value} with at most {@code decimals} decimals, e.g. {@code 1.5},
     * {@code 12}, {@code 0.001}.
     *
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal d = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /**
     * A short axis label: thousands as {@code k}, millions as {@code M},
     * billions as {@code G}, with as many decimals as {@code step} (the distance
     * between neighbouring ticks) needs to tell them apart.
     */
    public static String compact(double value, double step) {
        double abs = Math.abs(value);
        double scale = 1;
        String suffix = "";
        if (abs >= 1e9) {
            scale = 1e9;
            suffix = "G";
        } else if (abs >= 1e6) {
            scale = 1e6;
            suffix = "M";
        } else if (abs >= 1e4) {
            scale = 1e3;
            suffix = "k";
        }
        double scaledStep = step / scale;
        int decimals = scaledStep <= 0 ? 0 : Math.max(0, (int) Math.ceil(-Math.log10(scaledStep) - 1e-9));
        return fixed(value / scale, Math.min(decimals, 12)) + suffix;
    }
}
