package org.giggossip.sim.report;

/**
 * A chart that renders itself as a standalone SVG document (no XML
 * declaration, so it can also be placed inline in HTML). Rendering is
 * deterministic: equal data give byte-identical SVG. Implementations:
 * {@link LineChart} (also CDFs) and {@link BarChart} (also histograms).
 */
public interface SvgChart {
    /** The chart's title. */
    String title();

    /** The chart as an SVG document. */
    String toSvg();
}
