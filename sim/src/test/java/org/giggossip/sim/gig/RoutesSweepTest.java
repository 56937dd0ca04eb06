package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code routes-per-job} scenario of {@code gg sim} (seed 000, 3.6: more than one route per job,
 * so that the customer can choose the cheapest network fee): one taxi city, its jobs and seed run
 * with 1 to 4 routes per job ({@code replies_per_topic} = {@code multibroadcast} = k). More routes
 * give more offers per job, and the cheapest network fee offered is not higher. The measured numbers
 * are printed and quoted in docs/simulator.md. Eight runs of 300 nodes: about a minute, so tagged slow.
 */
@Tag("slow")
class RoutesSweepTest {
    private static Simulation.Result result;
    private static List<RoutesSweep.Point> points;
    /** The runs with replies_per_topic = k and multibroadcast 1, and those with both = k. */
    private static List<RoutesSweep.Point> replies;
    private static List<RoutesSweep.Point> both;

    @BeforeAll
    static void runTheSweep() {
        SimParams p = Scenario.named("routes-per-job").apply(SimParams.defaults()).with("nodes", "300")
                .with("jobs", "10").with("workers", "0.2").with("pow", "cost").with("drain_s", "1200")
                .with("progress", "false");
        result = new Simulation(p).run(null);
        points = result.summary().routesSweep;
        replies = RoutesSweep.series(points, 1, false);
        both = RoutesSweep.series(points, 1, true);
        for (RoutesSweep.Point pt : points) {
            System.out.printf("replies_per_topic %d, multibroadcast %d: offers per job %.2f (%d of %d jobs with offers), offer fee %.2f sat,"
                    + " cheapest %.2f sat, paid %.2f sat (%d paid), frames %d%n", pt.repliesPerTopic(), pt.multibroadcast(),
                    pt.offersPerJob(),
                    pt.jobsWithOffers(), pt.jobs(), pt.offerFeeSat(), pt.cheapestFeeSat(), pt.paidFeeSat(),
                    pt.jobsPaid(), pt.framesTotal());
        }
    }

    @Test
    void moreRepliesPerTopicGiveMoreOffersPerJobAndNoDearerCheapestFeeForFewFrames() {
        assertThat(points).hasSize(7);
        assertThat(replies).extracting(RoutesSweep.Point::repliesPerTopic).containsExactly(1, 2, 3, 4);
        for (int i = 1; i < replies.size(); i++) {
            RoutesSweep.Point before = replies.get(i - 1);
            RoutesSweep.Point now = replies.get(i);
            assertThat(now.offersPerJob()).as("offers per job at %d replies", now.repliesPerTopic())
                    .isGreaterThan(before.offersPerJob());
            assertThat(now.cheapestFeeSat()).as("cheapest network fee at %d replies", now.repliesPerTopic())
                    .isLessThanOrEqualTo(before.cheapestFeeSat());
            assertThat(now.jobsWithOffers()).isGreaterThanOrEqualTo(before.jobsWithOffers());
        }
        assertThat(replies.get(1).offersPerJob()).as("the default, 2, against 1")
                .isGreaterThan(1.5 * replies.getFirst().offersPerJob());
        assertThat(replies.getLast().cheapestFeeSat()).isLessThan(replies.getFirst().cheapestFeeSat());
        // answering more copies costs only the replies: the broadcast is the same
        assertThat(replies.getLast().framesTotal()).isLessThan((long) (1.1 * replies.getFirst().framesTotal()));
        assertThat(points).allSatisfy(pt -> assertThat(pt.jobsPaid()).isEqualTo(pt.jobsWithOffers()));
    }

    @Test
    void relayingEachJobMoreOftenAddsOffersAtTheCostOfTheBroadcast() {
        assertThat(both).extracting(RoutesSweep.Point::multibroadcast).containsExactly(1, 2, 3, 4);
        for (int i = 1; i < both.size(); i++) {
            assertThat(both.get(i).offersPerJob()).isGreaterThan(both.get(i - 1).offersPerJob());
            assertThat(both.get(i).framesTotal()).isGreaterThan(both.get(i - 1).framesTotal());
        }
        // k relays of each job: about k times the frames, for no cheaper route than the replies alone give
        assertThat(both.getLast().framesTotal()).isGreaterThan(3 * both.getFirst().framesTotal());
        assertThat(both.getLast().cheapestFeeSat()).isGreaterThanOrEqualTo(replies.getLast().cheapestFeeSat());
    }

    @Test
    void theMainRunIsTheDefaultAndConservesMoney() {
        Summary s = result.summary();
        assertThat(result.params().integer("replies_per_topic")).isEqualTo(2);
        assertThat(s.moneyConserved).as(s.conservation).isTrue();
        assertThat(s.liveInvoicesAtEnd).isZero();
        // the main run is the sweep's run with two replies per topic and multibroadcast 1
        assertThat(s.offersPerJob.mean()).isEqualTo(replies.get(1).offersPerJob());
        assertThat(s.framesTotal).isEqualTo(replies.get(1).framesTotal());
    }

    @Test
    void theReportChartsTheSweepAndListsItInTheJson(@TempDir Path dir) throws Exception {
        Report report = new Report(Scenario.named("routes-per-job"), result);
        assertThat(report.chartFiles()).contains("routes-offers.svg", "routes-fees.svg", "routes-frames.svg");
        report.write(dir);
        String html = Files.readString(dir.resolve(Report.HTML_FILE));
        assertThat(html).contains("Offers per job by routes per job", "Network fee by routes per job",
                "Frames by routes per job");
        assertThat(report.keyNumbers()).containsKeys("routes: replies_per_topic 1, multibroadcast 1",
                "routes: replies_per_topic 4, multibroadcast 1", "routes: replies_per_topic 4, multibroadcast 4");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sweep = (List<Map<String, Object>>) ReportTest.parse(report.json()).get("routes_sweep");
        assertThat(sweep).hasSize(7);
        assertThat(sweep.getFirst()).containsKeys("replies_per_topic", "multibroadcast", "offers_per_job", "offer_fee_sat", "cheapest_offer_fee_sat",
                "paid_fee_sat", "frames_total");
        assertThat(((Number) sweep.getLast().get("multibroadcast")).intValue()).isEqualTo(4);
    }

    @Test
    void sweepValuesAreChecked() {
        SimParams d = SimParams.defaults();
        assertThat(d.with("routes_sweep", "1, 3").routesSweep()).containsExactly(1, 3);
        assertThat(d.routesSweep()).isEmpty();
        assertThatThrownBy(() -> d.with("routes_sweep", "0,1")).hasMessageContaining("routes_sweep");
        assertThatThrownBy(() -> d.with("routes_sweep", "2,2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> d.with("routes_sweep", "1,2,3,4,5,6,7,8,9")).hasMessageContaining("more than");
        assertThatThrownBy(() -> d.with("routes_sweep", "1,x")).hasMessageContaining("routes_sweep");
        assertThatThrownBy(() -> d.with("replies_per_topic", "0")).hasMessageContaining("replies_per_topic");
        assertThatThrownBy(() -> d.with("replies_per_topic", "17")).hasMessageContaining("replies_per_topic");
    }
}
