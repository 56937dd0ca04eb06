package org.giggossip.sim.report;

import java.util.List;

/**
 * The parts every chart shares: the SVG root, title, legend, axis titles, the
 * y axis with grid lines, an optional numeric x axis, and the mapping from data
 * to pixels. Coordinates are written with two decimals by {@link Numbers#fixed}.
 */
final class ChartFrame {
    static final int WIDTH = 720;
    static final int HEIGHT = 420;
    static final int LEFT = 76;
    static final int RIGHT = 24;
    static final int TOP = 64;
    static final int BOTTOM = 60;
    /** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. */
    private static final String[] PALETTE = {
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"};

    private final StringBuilder svg = new StringBuilder(8192);
    private Ticks xTicks;
    private Ticks yTicks;

    ChartFrame(String title, String xLabel, String yLabel, List<String> legend) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
            .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
            .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
        svg.append("<title>").append(Escape.xml(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(WIDTH / 2.0, 24, "middle", "font-size=\"16\" font-weight=\"bold\"", title);
        text(LEFT + plotWidth() / 2.0, HEIGHT - 14, "middle", "", xLabel);
        svg.append("<text transform=\"translate(18 ").append(fmt(TOP + plotHeight() / 2.0))
            .append(") rotate(-90)\" text-anchor=\"middle\">").append(Escape.xml(yLabel)).append("</text>\n");
        double x = LEFT;
        for (int i = 0; i < legend.size() && legend.size() > 1; i++) {
            svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"38\" width=\"12\" height=\"12\" fill=\"")
                .append(color(i)).append("\"/>\n");
            text(x + 16, 48, "start", "", legend.get(i));
            x += 28 + 7.0 * legend.get(i).length();
        }
    }

    static String color(int series) {
        return PALETTE[series % PALETTE.length];
    }

    static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** Draws the y axis's grid lines and labels for {@code ticks}. */
    void yAxis(Ticks ticks) {
        this.yTicks = ticks;
        for (double v : ticks.values()) {
            double y = py(v);
            line(LEFT, y, LEFT + plotWidth(), y, "#e0e0e0");
            text(LEFT - 6, y + 4, "end", "", Numbers.compact(v, ticks.step()));
        }
    }

    /** Draws the x axis's ticks and labels for {@code ticks}. */
    void xAxis(Ticks ticks) {
        this.xTicks = ticks;
        double bottom = TOP + plotHeight();
        for (double v : ticks.values()) {
            double x = px(v);
            line(x, bottom, x, bottom + 5, "#333333");
            text(x, bottom + 18, "middle", "", Numbers.compact(v, ticks.step()));
        }
    }

    /** The pixel column of data value {@code x}. */
    double px(double x) {
        return LEFT + (x - xTicks.lo()) / (xTicks.hi() - xTicks.lo()) * plotWidth();
    }

    /** The pixel row of data value {@code y}. */
    double py(double y) {
        return TOP + plotHeight() - (y - yTicks.lo()) / (yTicks.hi() - yTicks.lo()) * plotHeight();
    }

    void line(double x1, double y1, double x2, double y2, String stroke) {
        svg.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"")
            .append(fmt(x2)).append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"").append(stroke)
            .append("\"/>\n");
    }

    void text(double x, double y, String anchor, String extra, String content) {
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"")
            .append(anchor).append('"').append(extra.isEmpty() ? "" : " " + extra).append('>')
            .append(Escape.xml(content)).append("</text>\n");
    }

    /** Writes "no data" in the middle of the plot. */
    void noData() {
        text(LEFT + plotWidth() / 2, TOP + plotHeight() / 2, "middle", "fill=\"#888888\"", "no data");
    }

    /** Appends raw SVG markup (the caller escapes any text in it). */
    StringBuilder raw() {
        return svg;
    }

    /** Draws the axis lines over the plot and closes the document. */
    String finish() {
        double bottom = TOP + plotHeight();
        line(LEFT, TOP, LEFT, bottom, "#333333");
        line(LEFT, bottom, LEFT + plotWidth(), bottom, "#333333");
        svg.append("</svg>\n");
        return svg.toString();
    }

    static String fmt(double v) {
        return Numbers.fixed(v, 2);
    }
}
