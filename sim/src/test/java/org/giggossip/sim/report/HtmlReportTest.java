package org.giggossip.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @Test
    void embedsChartsTablesAndResultsInOrderAndEscaped(@TempDir Path dir) throws Exception {
        StringBuilder json = new StringBuilder();
        new JsonWriter(json).beginObject().field("note", "</script>").endObject();
        LineChart chart = new LineChart("reach over time", "s", "nodes")
            .series("reach", new double[] {0, 1}, new double[] {1, 1000});
        HtmlReport report = new HtmlReport("Run <1> & more")
            .paragraph("1,000 nodes, k-regular.")
            .keyNumber("p50 latency", "41.2 ms")
            .keyNumber("delivered", "99.1%")
            .chart(chart)
            .chart(new BarChart("kinds", "kind", "count", new String[] {"a"}, new double[] {1}))
            .parameter("seed", "42")
            .parameter("topology", "k-regular <k=8>")
            .results(json.toString());
        String html = report.render();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Run &lt;1&gt; &amp; more</title>");
        assertThat(html).contains(chart.toSvg());
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(html.indexOf("Key numbers")).isLessThan(html.indexOf("<svg")).isPositive();
        assertThat(html.indexOf("Parameters")).isGreaterThan(html.lastIndexOf("</svg>"));
        assertThat(html.indexOf("p50 latency")).isLessThan(html.indexOf("delivered"));
        assertThat(html).contains("k-regular &lt;k=8&gt;").doesNotContain("</script><");
        assertThat(html).contains("<script type=\"application/json\" id=\"results\">{\"note\":\"\\u003c/script\\u003e\"}</script>");
        assertThat(html).doesNotContain("<link", "src=", "url(", "@import");
        // Each embedded chart is well-formed XML on its own.
        int from = html.indexOf("<svg ");
        SvgChartTest.parse(html.substring(from, html.indexOf("</svg>", from) + 6));
        assertThat(report.render()).isEqualTo(html);

        Path file = dir.resolve("report.html");
        report.write(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
        assertThatThrownBy(() -> report.results("{\"a\":\"<\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
