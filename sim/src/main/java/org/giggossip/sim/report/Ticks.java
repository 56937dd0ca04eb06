package org.giggossip.sim.report;

/**
 * "Nice" axis ticks (Heckbert, Graphics Gems, 1990): steps of 1, 2 or 5 times a
 * power of ten, and a range widened to whole steps.
 *
 * @param lo   the axis start, a multiple of {@code step}
 * @param hi   the axis end, a multiple of {@code step}
 * @param step the distance between ticks
 */
record Ticks(double lo, double hi, double step) {
    /** About {@code count} ticks covering {@code [min, max]}. */
    static Ticks of(double min, double max, int count) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, count - 1));
        return new Ticks(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    /** The tick values from {@code lo} to {@code hi}. */
    double[] values() {
        int n = (int) Math.round((hi - lo) / step) + 1;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + i * step;
        }
        return v;
    }

    private static double nice(double x) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nf * Math.pow(10, exp);
    }
}
