package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The report of a small taxi-city run: keys, types, determinism, charts and page. */
class ReportTest {
    /** The members report.json starts with, in this order. */
    static final List<String> HEAD = List.of("scenario", "nodes", "jobs", "delivery_ratio", "jobs_with_offers",
            "offers_per_job", "time_to_first_offer_ms", "time_to_paid_ms", "network_fee_per_job_sat",
            "hops_per_offer", "pow_attempts_total", "frames_total", "bytes_per_node", "payments_settled",
            "payments_cancelled", "money_conserved", "wall_seconds", "peak_heap_mb");
    /** Members that follow, in this order, with others possibly between them. */
    static final List<String> TAIL = List.of("jobs_paid", "replies_opened", "jobs_settled", "counters",
            "rejections", "conservation", "params");

    private static Simulation.Result small;
    private static Report report;

    @BeforeAll
    static void runOnce() {
        small = run(1);
        report = new Report(Scenario.named("taxi-city"), small);
    }

    /** A small taxi-city run: 150 nodes, 4 jobs. */
    static Simulation.Result run(long seed) {
        SimParams p = Scenario.named("taxi-city").apply(SimParams.defaults()).with("nodes", "150").with("jobs", "4")
                .with("seed", Long.toString(seed)).with("progress", "false");
        return new Simulation(p).run(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) MiniJson.parse(json);
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportJsonHasEveryKeyInOrderWithItsType() {
        Map<String, Object> j = parse(report.json());
        List<String> keys = new ArrayList<>(j.keySet());
        assertThat(keys.subList(0, HEAD.size())).containsExactlyElementsOf(HEAD);
        assertThat(keys).containsSubsequence(TAIL).doesNotContain("attack");
        assertThat(keys.getLast()).isEqualTo("params");

        Summary s = small.summary();
        assertThat(j.get("scenario")).isEqualTo("taxi-city");
        assertThat(integer(j, "nodes")).isEqualTo(150);
        assertThat(integer(j, "jobs")).isEqualTo(4);
        assertThat(number(j, "delivery_ratio")).isBetween(0.0, 1.0).isCloseTo(s.deliveryRatio, within(1e-6));
        assertThat(integer(j, "jobs_with_offers")).isEqualTo(s.jobsWithOffers);
        assertStats(j, "offers_per_job", "mean", "p50", "p99");
        assertStats(j, "time_to_first_offer_ms", "p50", "p99");
        assertStats(j, "time_to_paid_ms", "p50", "p99");
        assertStats(j, "network_fee_per_job_sat", "mean", "p99");
        assertStats(j, "hops_per_offer", "mean", "max");
        assertStats(j, "bytes_per_node", "mean", "max");
        assertThat(integer((Map<String, Object>) j.get("time_to_first_offer_ms"), "p50"))
                .isEqualTo(s.timeToFirstOfferMs.p50());
        for (String count : List.of("pow_attempts_total", "frames_total", "payments_settled", "payments_cancelled",
                "peak_heap_mb", "jobs_paid", "replies_opened", "jobs_settled")) {
            assertThat(integer(j, count)).as(count).isNotNegative();
        }
        assertThat(integer(j, "frames_total")).isEqualTo(s.framesTotal).isPositive();
        assertThat(j.get("money_conserved")).isEqualTo(Boolean.TRUE);
        assertThat(number(j, "wall_seconds")).isPositive();
        assertThat(j.get("conservation")).isInstanceOf(String.class).asString().startsWith("conserved");
        for (String map : List.of("counters", "rejections")) {
            ((Map<String, Object>) j.get(map)).forEach((k, v) -> assertThat(integer(Map.of(k, v), k)).isNotNegative());
        }

        Map<String, Object> params = (Map<String, Object>) j.get("params");
        List<String> known = new ArrayList<>();
        SimParams.keys().forEach(k -> known.add(k.name()));
        assertThat(params.keySet()).containsExactlyElementsOf(known);
        assertThat(integer(params, "nodes")).isEqualTo(150);
        assertThat(number(params, "workers")).isEqualTo(0.1);
        assertThat(params.get("topology")).isEqualTo("city");
        assertThat(params.get("progress")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void theDeliveryCurveEndsAtTheDeliveryRatio() {
        Summary s = small.summary();
        assertThat(s.reachPossible).isEqualTo(4L * (s.honestNodes - 1));
        assertThat((double) s.reachTimes.count() / s.reachPossible).isCloseTo(s.deliveryRatio, within(1e-9));
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        String again = new Report(Scenario.named("taxi-city"), run(1)).json();
        assertThat(withoutMachineLines(again)).isEqualTo(withoutMachineLines(report.json()));
        assertThat(again.lines().count() - withoutMachineLines(again).lines().count()).isEqualTo(4);
        String other = new Report(Scenario.named("taxi-city"), run(2)).json();
        assertThat(withoutMachineLines(other)).isNotEqualTo(withoutMachineLines(report.json()));
    }

    /** The JSON without the four lines that measure the machine. */
    static String withoutMachineLines(String json) {
        return json.lines().filter(l -> !l.contains("\"wall_seconds\"") && !l.contains("\"peak_heap_mb\"")
                && !l.contains("\"cpu_seconds\"") && !l.contains("\"live_heap_mb\""))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void writesChartsThatAreSvgAndAPageThatEmbedsThem(@TempDir Path dir) throws Exception {
        List<Path> written = report.write(dir);
        assertThat(report.chartFiles())
                .containsExactly("delivery.svg", "time-to-first-offer.svg", "time-to-paid.svg", "fees-by-hops.svg");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(written.stream().map(f -> f.getFileName().toString())
                            .toList())
                    .contains(Report.JSON_FILE, Report.HTML_FILE);
        }
        assertThat(Files.readString(dir.resolve(Report.JSON_FILE))).isEqualTo(report.json());
        String html = Files.readString(dir.resolve(Report.HTML_FILE), StandardCharsets.UTF_8);
        assertThat(html).contains("<title>Gig-gossip simulation: taxi-city</title>", "delivery ratio",
                "money conserved", "time to first offer", "network fee per job", "worker_radius_km",
                "<script type=\"application/json\" id=\"results\">{");
        for (String chart : report.chartFiles()) {
            String svg = Files.readString(dir.resolve(chart), StandardCharsets.UTF_8);
            assertThat(parseXml(svg).getDocumentElement().getLocalName()).as(chart).isEqualTo("svg");
            assertThat(html).as(chart).contains(svg);
        }
        assertThat(Files.readString(dir.resolve("delivery.svg"))).contains("share of honest nodes reached")
                .contains("<polyline");
    }

    @ParameterizedTest
    @CsvSource({
        "attack-silent, silent_nodes, ",
        "attack-spam, spam_delivery_ratio, attack-spam.svg",
        "attack-chatterbox, replays_sent, attack-chatterbox.svg",
        "attack-sybil-eclipse, target_delivery_ratio, attack-target.svg",
        "attack-censorship, target_delivery_ratio, attack-target.svg",
        "attack-covert-flash, delivery_ratio_after_flash, attack-covert-flash.svg",
        "attack-revoked, revoked_last_job_after_s, attack-revoked.svg",
        "attack-silent-worker, silent_jobs, attack-silent-worker.svg"})
    void everyAttackReportsItsOutcomeAndChartsIt(String scenario, String key, String chart, @TempDir Path dir)
            throws Exception {
        SimParams p = Scenario.named(scenario).apply(SimParams.defaults()).with("nodes=80").with("jobs=2")
                .with("pow=cost").with("drain_s=60").with("progress=false");
        Report attack = new Report(Scenario.named(scenario), new Simulation(p).run(null));
        Map<String, Object> j = parse(attack.json());
        assertThat(new ArrayList<>(j.keySet()).get(HEAD.size())).isEqualTo("attack");
        assertThat(j.get("scenario")).isEqualTo(scenario);
        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) j.get("attack");
        assertThat(outcome).containsKey(key);
        outcome.values().forEach(v -> assertThat(v).isInstanceOf(BigDecimal.class));
        List<String> attackCharts = attack.chartFiles().stream().filter(f -> f.startsWith("attack")).toList();
        assertThat(attackCharts).isEqualTo(chart == null ? List.of() : List.of(chart));
        attack.write(dir);
        for (String file : attack.chartFiles()) {
            assertThat(parseXml(Files.readString(dir.resolve(file))).getDocumentElement().getLocalName())
                    .as(file).isEqualTo("svg");
        }
        assertThat(Files.readString(dir.resolve(Report.HTML_FILE))).contains("attack: " + key.replace('_', ' '));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunWithoutOffersWritesNullLatenciesAndEmptyCharts(@TempDir Path dir) throws Exception {
        SimParams p = SimParams.defaults().with("nodes", "30").with("jobs", "1").with("workers", "0")
                .with("pow", "cost").with("drain_s", "30").with("progress", "false");
        Report empty = new Report(Scenario.named("taxi-city"), new Simulation(p).run(null));
        Map<String, Object> j = parse(empty.json());
        assertThat(integer(j, "jobs_with_offers")).isZero();
        assertThat((Map<String, Object>) j.get("time_to_first_offer_ms")).containsEntry("p50", null)
                .containsEntry("p99", null);
        assertThat((Map<String, Object>) j.get("hops_per_offer")).containsEntry("mean", null);
        empty.write(dir);
        for (String chart : empty.chartFiles()) {
            parseXml(Files.readString(dir.resolve(chart)));
        }
        assertThat(Files.readString(dir.resolve("time-to-paid.svg"))).contains("no data");
        assertThat(empty.keyNumbers()).containsEntry("time to paid", "no samples");
    }

    private static void assertStats(Map<String, Object> j, String name, String... fields) {
        assertThat(j.get(name)).as(name).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) j.get(name);
        assertThat(stats.keySet()).as(name).containsExactly(fields);
        stats.forEach((k, v) -> assertThat(v).as(name + "." + k).isInstanceOf(BigDecimal.class));
    }

    private static double number(Map<String, Object> j, String name) {
        assertThat(j.get(name)).as(name).isInstanceOf(BigDecimal.class);
        return ((BigDecimal) j.get(name)).doubleValue();
    }

    private static long integer(Map<String, Object> j, String name) {
        assertThat(j.get(name)).as(name).isInstanceOf(BigDecimal.class);
        return ((BigDecimal) j.get(name)).longValueExact();
    }

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
