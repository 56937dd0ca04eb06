package org.giggossip.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Prometheus text format, version 0.0.4, rule by rule. */
class ExpositionTest {

    @Test
    void aFamilyIsHelpThenTypeThenItsSamplesEachLineEndingInALineFeed() {
        Exposition e = new Exposition();
        e.family("gg_frames_received_total", Exposition.Type.COUNTER, "Frames received.")
                .sample(3, "kind", "REPLY")
                .sample(0, "kind", "ASK_FOR_BROADCAST");
        e.family("gg_links", Exposition.Type.GAUGE, "Links up now.").sample(2);
        assertThat(e.text()).isEqualTo("""
                # HELP gg_frames_received_total Frames received.
                # TYPE gg_frames_received_total counter
                gg_frames_received_total{kind="REPLY"} 3
                gg_frames_received_total{kind="ASK_FOR_BROADCAST"} 0
                # HELP gg_links Links up now.
                # TYPE gg_links gauge
                gg_links 2
                """);
    }

    @Test
    void severalLabelsAreCommaSeparatedInTheOrderGiven() {
        Exposition e = new Exposition().family("m_total", Exposition.Type.COUNTER, "h")
                .sample(1, "route", "/v1/jobs/{id}", "method", "GET", "code", "2xx");
        assertThat(e.text()).endsWith("m_total{route=\"/v1/jobs/{id}\",method=\"GET\",code=\"2xx\"} 1\n");
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeed() {
        Exposition e = new Exposition().family("m", Exposition.Type.GAUGE, "h")
                .sample(1, "v", "a\\b\"c\nd");
        assertThat(e.text()).endsWith("m{v=\"a\\\\b\\\"c\\nd\"} 1\n");
        assertThat(Exposition.escapeLabelValue("plain {}=,")).isEqualTo("plain {}=,");
    }

    @Test
    void helpEscapesBackslashAndLineFeedButNotQuotes() {
        Exposition e = new Exposition().family("m", Exposition.Type.GAUGE, "a \"b\" \\ c\nd");
        assertThat(e.text()).startsWith("# HELP m a \"b\" \\\\ c\\nd\n");
    }

    @Test
    void floatsAreWrittenInGosSpelling() {
        assertThat(Exposition.formatDouble(Double.NaN)).isEqualTo("NaN");
        assertThat(Exposition.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Exposition.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(Exposition.formatDouble(2.0)).isEqualTo("2");
        assertThat(Exposition.formatDouble(0.25)).isEqualTo("0.25");
        assertThat(Exposition.formatDouble(1.7e300)).isEqualTo("1.7E300");
        Exposition e = new Exposition().family("m", Exposition.Type.GAUGE, "h").sample(1.5);
        assertThat(e.text()).endsWith("m 1.5\n");
    }

    @Test
    void namesOutsideTheGrammarAreRefused() {
        assertThatThrownBy(() -> new Exposition().family("1abc", Exposition.Type.GAUGE, "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Exposition().family("a-b", Exposition.Type.GAUGE, "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Exposition().family("ns:sub_name", Exposition.Type.GAUGE, "h").text())
                .contains("# TYPE ns:sub_name gauge");
        Exposition e = new Exposition().family("m", Exposition.Type.GAUGE, "h");
        assertThatThrownBy(() -> e.sample(1, "__reserved", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.sample(1, "a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.sample(1, "a", "x", "a", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.sample(1, "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.text()).as("a refused sample writes nothing").doesNotContain("x");
    }

    @Test
    void aCounterEndsInTotalAFamilyIsWrittenOnceAndSamplesNeedAFamily() {
        assertThatThrownBy(() -> new Exposition().family("frames", Exposition.Type.COUNTER, "h"))
                .isInstanceOf(IllegalArgumentException.class);
        Exposition e = new Exposition().family("m", Exposition.Type.GAUGE, "h");
        assertThatThrownBy(() -> e.family("m", Exposition.Type.GAUGE, "h")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Exposition().sample(1)).isInstanceOf(IllegalStateException.class);
    }
}
