package org.giggossip.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.giggossip.sim.stats.Distribution;

/**
 * A line chart of one or more series over a numeric x axis: values over virtual
 * time, or cumulative distributions ({@link #cdf}). A NaN y value leaves a gap in
 * its line. The y axis starts at zero unless {@link #yFromZero(boolean)} says
 * otherwise. A legend is drawn when there is more than one series.
 */
public final class LineChart implements SvgChart {
    private static final int CDF_POINTS = 200;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean yFromZero = true;

    private record Series(String name, double[] xs, double[] ys) {}

    /** An empty chart with a title and axis titles. */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** A chart for cumulative distributions: y is the share of samples at or below x, 0 to 1. */
    public static LineChart cdf(String title, String xLabel) {
        return new LineChart(title, xLabel, "share of samples ≤ x");
    }

    /**
     * Adds the cumulative distribution of {@code d} as a series, from 200 evenly
     * spaced quantiles plus the maximum, x values multiplied by {@code xScale}
     * (e.g. {@code 1e-6} for nanoseconds shown as milliseconds).
     */
    public LineChart cdfSeries(String name, Distribution d, double xScale) {
        if (d.count() == 0) {
            return series(name, new double[0], new double[0]);
        }
        double[] xs = new double[CDF_POINTS + 1];
        double[] ys = new double[CDF_POINTS + 1];
        for (int i = 0; i <= CDF_POINTS; i++) {
            double q = i / (double) CDF_POINTS;
            xs[i] = d.percentile(q) * xScale;
            ys[i] = q;
        }
        return series(name, xs, ys);
    }

    /** Adds a series; {@code xs} and {@code ys} must have equal lengths (both are copied). */
    public LineChart series(String name, double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("xs and ys differ in length: " + xs.length + " vs " + ys.length);
        }
        series.add(new Series(Objects.requireNonNull(name, "name"), xs.clone(), ys.clone()));
        return this;
    }

    /** Whether the y axis must include zero (default true). */
    public LineChart yFromZero(boolean fromZero) {
        this.yFromZero = fromZero;
        return this;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String toSvg() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = yFromZero ? 0 : Double.POSITIVE_INFINITY;
        double yMax = yFromZero ? 0 : Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isFinite(s.xs[i]) && Double.isFinite(s.ys[i])) {
                    xMin = Math.min(xMin, s.xs[i]);
                    xMax = Math.max(xMax, s.xs[i]);
                    yMin = Math.min(yMin, s.ys[i]);
                    yMax = Math.max(yMax, s.ys[i]);
                }
            }
        }
        boolean empty = xMin > xMax;
        ChartFrame frame = new ChartFrame(title, xLabel, yLabel, series.stream().map(Series::name).toList());
        frame.yAxis(empty ? Ticks.of(0, 1, 6) : Ticks.of(yMin, yMax, 6));
        frame.xAxis(empty ? Ticks.of(0, 1, 8) : Ticks.of(xMin, xMax, 8));
        if (empty) {
            frame.noData();
        }
        for (int s = 0; s < series.size(); s++) {
            drawLine(frame, series.get(s), ChartFrame.color(s));
        }
        return frame.finish();
    }

    /** One polyline per run of finite points. */
    private static void drawLine(ChartFrame frame, Series s, String color) {
        StringBuilder points = new StringBuilder();
        int run = 0;
        for (int i = 0; i <= s.xs.length; i++) {
            boolean finite = i < s.xs.length && Double.isFinite(s.xs[i]) && Double.isFinite(s.ys[i]);
            if (finite) {
                points.append(run++ == 0 ? "" : " ").append(ChartFrame.fmt(frame.px(s.xs[i]))).append(',')
                    .append(ChartFrame.fmt(frame.py(s.ys[i])));
            } else if (run > 0) {
                frame.raw().append("<polyline fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
                points.setLength(0);
                run = 0;
            }
        }
    }
}
