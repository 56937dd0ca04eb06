package org.giggossip.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.giggossip.sim.stats.Samples;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SvgChartTest {
    private static final String TRICKY = "latency <ms> & \"quotes\" 'apos' \u0001 \ud800 😀";

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void lineChartIsWellFormedWithSeriesAxesAndLegend() throws Exception {
        LineChart chart = new LineChart(TRICKY, "virtual time (s)", "messages / s")
            .series("sent", new double[] {0, 1, 2, 3, 4}, new double[] {0, 120, Double.NaN, 80, 95})
            .series("delivered", new double[] {0, 1, 2, 3, 4}, new double[] {0, 100, 110, 70, 90});
        String svg = chart.toSvg();
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        // The NaN splits "sent" in two; "delivered" is one line.
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).startsWith("latency <ms> & \"quotes\"");
        assertThat(svg).contains(">sent</text>", ">delivered</text>", ">virtual time (s)</text>", ">120</text>");
        assertThat(chart.toSvg()).isEqualTo(svg);
    }

    @Test
    void cdfAndEmptyChartsAreWellFormed() throws Exception {
        Samples s = new Samples();
        for (int i = 1; i <= 1000; i++) {
            s.add(i * 1_000_000L);
        }
        String cdf = LineChart.cdf("delivery latency", "ms").cdfSeries("all", s, 1e-6)
            .cdfSeries("none", new Samples(), 1).toSvg();
        assertThat(parse(cdf).getElementsByTagName("polyline").getLength()).isEqualTo(1);
        assertThat(cdf).contains(">1000</text>").contains(">0.2</text>");
        String empty = new LineChart("nothing", "x", "y").toSvg();
        assertThat(parse(empty).getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(empty).contains("no data");
    }

    @Test
    void barChartsAndHistogramsAreWellFormed() throws Exception {
        BarChart bars = new BarChart("frames by kind", "kind", "count",
            new String[] {"ask", "conditions", "broadcast", TRICKY}, new double[] {10, 8, 7.5, 0});
        Document doc = parse(bars.toSvg());
        // a background rectangle plus one per bar
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(5);
        double[] samples = new double[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i * 37) % 100;
        }
        BarChart histogram = BarChart.histogram("hops", "hops", samples, 10);
        Document h = parse(histogram.toSvg());
        assertThat(h.getElementsByTagName("rect").getLength()).isEqualTo(11);
        assertThat(histogram.toSvg()).contains("<title>0: 100</title>");
        assertThat(parse(BarChart.histogram("empty", "x", new double[0], 5).toSvg())).isNotNull();
    }

    @Test
    void escapeKeepsXmlWellFormed() {
        assertThat(Escape.xml("a<b>&\"'\u0000\t\ud83d\ude00\ud800\uffff"))
            .isEqualTo("a&lt;b&gt;&amp;&quot;&#39;\uFFFD\t\ud83d\ude00\uFFFD\uFFFD");
    }
}
