package org.giggossip.sim.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A self-contained {@code report.html}: no scripts, style sheets, fonts or
 * images from elsewhere, so it opens from a file and can be mailed. The page
 * holds, in this order: the title, the introductory paragraphs, a table of key
 * numbers, the charts (inline SVG), a table of the parameters the run used, and
 * optionally the run's JSON results in a {@code <script type="application/json"
 * id="results">} element for tools. Rows keep the order they were added in, so
 * equal runs give byte-identical pages. All text is escaped.
 */
public final class HtmlReport {
    private final String title;
    private final List<String> paragraphs = new ArrayList<>();
    private final Map<String, String> keyNumbers = new LinkedHashMap<>();
    private final List<SvgChart> charts = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String json;

    /** An empty report with a title. */
    public HtmlReport(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Adds a paragraph of plain text under the title. */
    public HtmlReport paragraph(String text) {
        paragraphs.add(Objects.requireNonNull(text, "text"));
        return this;
    }

    /** Adds (or replaces) a row of the key-numbers table. */
    public HtmlReport keyNumber(String name, String value) {
        return row(keyNumbers, name, value);
    }

    /** Adds a chart. */
    public HtmlReport chart(SvgChart chart) {
        charts.add(Objects.requireNonNull(chart, "chart"));
        return this;
    }

    /** Adds (or replaces) a row of the parameters table. */
    public HtmlReport parameter(String name, String value) {
        return row(parameters, name, value);
    }

    private HtmlReport row(Map<String, String> table, String name, String value) {
        table.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Embeds the run's results as JSON, as written by {@link JsonWriter} (which
     * escapes {@code <}, so the text cannot close the script element).
     *
     * @throws IllegalArgumentException if the text contains {@code <}
     */
    public HtmlReport results(String jsonText) {
        if (jsonText.indexOf('<') >= 0) {
            throw new IllegalArgumentException("JSON for a script element must not contain '<'; write it with JsonWriter");
        }
        this.json = jsonText;
        return this;
    }

    /** The page as text. */
    public String render() {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>").append(Escape.xml(title)).append("</title>\n<style>\n")
            .append("body{font-family:sans-serif;max-width:780px;margin:2em auto;padding:0 1em;color:#222}\n")
            .append("table{border-collapse:collapse;margin:1em 0}\n")
            .append("th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}\n")
            .append("td.v{text-align:right;font-variant-numeric:tabular-nums}\n")
            .append("figure{margin:1.5em 0}svg{max-width:100%;height:auto}\n")
            .append("</style>\n</head>\n<body>\n<h1>").append(Escape.xml(title)).append("</h1>\n");
        for (String p : paragraphs) {
            h.append("<p>").append(Escape.xml(p)).append("</p>\n");
        }
        table(h, "Key numbers", keyNumbers);
        if (!charts.isEmpty()) {
            h.append("<h2>Charts</h2>\n");
        }
        for (SvgChart c : charts) {
            h.append("<figure>\n").append(c.toSvg()).append("<figcaption>").append(Escape.xml(c.title()))
                .append("</figcaption>\n</figure>\n");
        }
        table(h, "Parameters", parameters);
        if (json != null) {
            h.append("<script type=\"application/json\" id=\"results\">").append(json).append("</script>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    /** Writes the page to {@code file} in UTF-8. */
    public void write(Path file) {
        try {
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void table(StringBuilder h, String heading, Map<String, String> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>").append(heading).append("</h2>\n<table>\n");
        rows.forEach((name, value) -> h.append("<tr><th>").append(Escape.xml(name)).append("</th><td class=\"v\">")
            .append(Escape.xml(value)).append("</td></tr>\n"));
        h.append("</table>\n");
    }
}
