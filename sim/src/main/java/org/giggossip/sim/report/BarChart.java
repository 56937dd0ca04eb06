package org.giggossip.sim.report;

import java.util.Objects;

/**
 * A bar chart of values by category, such as messages per kind, or a histogram
 * of samples ({@link #histogram}). The y axis starts at zero. With many bars,
 * only every k-th category is labelled so the labels do not overlap.
 */
public final class BarChart implements SvgChart {
    private static final double LABEL_WIDTH_PX = 56;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String[] labels;
    private final double[] values;
    /** Histograms label each bar's left edge (a bin's lower bound); categories label its centre. */
    private final boolean labelsAtEdges;

    /**
     * A chart of {@code values[i]} for category {@code labels[i]} (both copied).
     *
     * @throws IllegalArgumentException if the lengths differ or a value is negative or not finite
     */
    public BarChart(String title, String xLabel, String yLabel, String[] labels, double[] values) {
        this(title, xLabel, yLabel, labels, values, false);
    }

    private BarChart(String title, String xLabel, String yLabel, String[] labels, double[] values,
                     boolean labelsAtEdges) {
        this.labelsAtEdges = labelsAtEdges;
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
        if (labels.length != values.length) {
            throw new IllegalArgumentException("labels and values differ in length");
        }
        for (double v : values) {
            if (!(v >= 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException("bar values must be finite and >= 0, got " + v);
            }
        }
        this.labels = labels.clone();
        this.values = values.clone();
    }

    /**
     * A histogram of {@code samples} in {@code bins} equal-width bins from the
     * smallest to the largest sample (the last bin includes the largest). Each
     * bar's left edge is labelled with its bin's lower bound.
     */
    public static BarChart histogram(String title, String xLabel, double[] samples, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive, got " + bins);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : samples) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] counts = new double[samples.length == 0 ? 0 : bins];
        double width = max > min ? (max - min) / bins : 1;
        for (double v : samples) {
            counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
        }
        String[] labels = new String[counts.length];
        for (int b = 0; b < counts.length; b++) {
            labels[b] = Numbers.compact(min + b * width, width);
        }
        return new BarChart(title, xLabel, "count", labels, counts, true);
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String toSvg() {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        ChartFrame frame = new ChartFrame(title, xLabel, yLabel, java.util.List.of());
        frame.yAxis(Ticks.of(0, max > 0 ? max : 1, 6));
        int n = values.length;
        double slot = ChartFrame.plotWidth() / Math.max(1, n);
        int labelEvery = Math.max(1, (int) Math.ceil(LABEL_WIDTH_PX / slot));
        double bottom = ChartFrame.TOP + ChartFrame.plotHeight();
        for (int i = 0; i < n; i++) {
            double x = ChartFrame.LEFT + i * slot;
            double top = frame.py(values[i]);
            frame.raw().append("<rect x=\"").append(ChartFrame.fmt(x + slot * 0.1)).append("\" y=\"")
                .append(ChartFrame.fmt(top)).append("\" width=\"").append(ChartFrame.fmt(slot * 0.8))
                .append("\" height=\"").append(ChartFrame.fmt(bottom - top)).append("\" fill=\"")
                .append(ChartFrame.color(0)).append("\"><title>").append(Escape.xml(labels[i])).append(": ")
                .append(Numbers.fixed(values[i], 3)).append("</title></rect>\n");
            if (i % labelEvery == 0) {
                frame.text(labelsAtEdges ? x : x + slot / 2, bottom + 18, "middle", "", labels[i]);
            }
        }
        if (n == 0) {
            frame.noData();
        }
        return frame.finish();
    }
}
