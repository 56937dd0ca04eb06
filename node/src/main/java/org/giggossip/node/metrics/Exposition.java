package org.giggossip.node.metrics;

import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One scrape in the Prometheus text exposition format, version 0.0.4 (docs/metrics.md):
 * for each metric family a {@code # HELP} line, a {@code # TYPE} line, then its samples,
 * {@code name{label="value",...} value}, one per line, each line ending in a line feed.
 *
 * <p>The rules kept here: metric names match {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names
 * {@code [a-zA-Z_][a-zA-Z0-9_]*} and never start with {@code __} (reserved); a family is
 * written once, its samples right after its header; a label appears once per sample; in
 * label values backslash, double quote and line feed are escaped as {@code \\}, {@code \"}
 * and {@code \n}, in help text backslash and line feed; values are integers, or floats in
 * Go's spelling ({@code NaN}, {@code +Inf}, {@code -Inf}). Breaking a rule is our bug, so
 * it throws {@link IllegalArgumentException} or {@link IllegalStateException}.
 *
 * <pre>{@code
 * Exposition e = new Exposition();
 * e.family("gg_node_frames_received_total", Exposition.Type.COUNTER, "Frames received, by kind.")
 *         .sample(12, "kind", "REPLY");
 * String body = e.text();
 * }</pre>
 *
 * <p>Not thread-safe: one instance per scrape.
 */
public final class Exposition {
    /** The {@code Content-Type} of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The metric types we write. */
    public enum Type {
        /** Only goes up (resets to zero when the process restarts); names end in {@code _total}. */
        COUNTER,
        /** Goes up and down. */
        GAUGE
    }

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new HashSet<>();
    private String current;

    /**
     * Starts the family {@code name}: its help and type lines. Its samples follow.
     *
     * @throws IllegalArgumentException for a bad name, or a counter whose name does not end in {@code _total}
     * @throws IllegalStateException    if the family was written already
     */
    public Exposition family(String name, Type type, String help) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        if (!families.add(name)) {
            throw new IllegalStateException("family " + name + " is written already");
        }
        current = name;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.name().toLowerCase(Locale.ROOT)).append('\n');
        return this;
    }

    /**
     * A sample of the current family with an integer value.
     *
     * @param labels label names and values, alternating
     */
    public Exposition sample(long value, String... labels) {
        return line(Long.toString(value), labels);
    }

    /** A sample of the current family with a floating-point value. */
    public Exposition sample(double value, String... labels) {
        return line(formatDouble(value), labels);
    }

    /** The scrape so far. */
    public String text() {
        return out.toString();
    }

    private Exposition line(String value, String[] labels) {
        if (current == null) {
            throw new IllegalStateException("a sample before any family");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        StringBuilder b = new StringBuilder(current); // checked whole before it joins the scrape
        if (labels.length > 0) {
            Set<String> seen = new HashSet<>();
            b.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                String name = labels[i];
                if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: " + name);
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("label " + name + " twice");
                }
                if (i > 0) {
                    b.append(',');
                }
                String v = Objects.requireNonNull(labels[i + 1], name);
                b.append(name).append("=\"").append(escapeLabelValue(v)).append('"');
            }
            b.append('}');
        }
        out.append(b).append(' ').append(value).append('\n');
        return this;
    }

    /** A label value with backslash, double quote and line feed escaped. */
    static String escapeLabelValue(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Help text with backslash and line feed escaped. */
    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** A float as Prometheus reads it: Go's {@code ParseFloat} spelling. */
    static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
