package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.sim.report.BarChart;
import org.giggossip.sim.report.LineChart;
import org.giggossip.sim.report.SvgChart;
import org.giggossip.sim.time.SimTime;

/**
 * The charts of a run's report, each with the name of its SVG file: delivery
 * over time, the two latency distributions, the network fee by route length,
 * for a run with a routes sweep offers per job and network fees against the routes per job, and for a run with attackers one chart per attack of what it achieved.
 */
final class ReportCharts {
    /** Points drawn of the delivery curve, however many receipts there were. */
    private static final int CURVE_POINTS = 200;

    /** A chart and the file it is written to. */
    record Named(String file, SvgChart chart) {}

    private ReportCharts() {}

    static List<Named> of(Summary s) {
        List<Named> charts = new ArrayList<>();
        charts.add(new Named("delivery.svg", delivery(s)));
        charts.add(new Named("time-to-first-offer.svg", LineChart.cdf("Time to the first offer",
                "milliseconds since the job was posted").cdfSeries("jobs", s.firstOfferMs, 1)));
        charts.add(new Named("time-to-paid.svg", LineChart.cdf("Time to paid",
                "milliseconds since the job was posted").cdfSeries("jobs", s.paidMs, 1)));
        charts.add(new Named("fees-by-hops.svg", feesByHops(s)));
        if (!s.routesSweep.isEmpty()) {
            charts.add(new Named("routes-offers.svg", routesOffers(s.routesSweep)));
            charts.add(new Named("routes-fees.svg", routesFees(s.routesSweep)));
            charts.add(new Named("routes-frames.svg", routesFrames(s.routesSweep)));
        }
        if (!s.silentWorkers.isEmpty()) {
            charts.add(new Named("attack-silent-worker.svg", silentWorkers(s.silentWorkers)));
        }
        attacks(s, charts);
        return charts;
    }

    /**
     * The share of the honest nodes (other than each job's customer) that had
     * received a job this long after it was posted, over all jobs: a cumulative
     * count of receipts, so it levels off at the delivery ratio.
     */
    static LineChart delivery(Summary s) {
        long[] times = s.reachTimes.sortedValues();
        int points = Math.min(times.length, CURVE_POINTS);
        double[] xs = new double[points + 1];
        double[] ys = new double[points + 1];
        for (int i = 1; i <= points; i++) {
            int rank = (int) Math.ceil((double) i * times.length / points);
            xs[i] = SimTime.toSeconds(times[rank - 1]);
            ys[i] = (double) rank / s.reachPossible;
        }
        LineChart chart = new LineChart("Delivery over time", "seconds since the job was posted",
                "share of honest nodes reached");
        return points == 0 ? chart.series("jobs", new double[0], new double[0]) : chart.series("jobs", xs, ys);
    }

    /** The label of the sweep's runs with the run's own multibroadcast, and of those with multibroadcast = k. */
    private static final String REPLIES = "replies_per_topic = k";
    private static final String BOTH = "replies_per_topic = multibroadcast = k";

    private static List<RoutesSweep.Point> series(List<RoutesSweep.Point> points, boolean relays) {
        return RoutesSweep.series(points, points.getFirst().multibroadcast(), relays);
    }

    private static double[] xs(List<RoutesSweep.Point> points) {
        return points.stream().mapToDouble(RoutesSweep.Point::repliesPerTopic).toArray();
    }

    private static double[] ys(List<RoutesSweep.Point> points, java.util.function.ToDoubleFunction<RoutesSweep.Point> y) {
        return points.stream().mapToDouble(y).toArray();
    }

    /** Offers per job against k, the routes per job of the sweep (seed 000, 3.6). */
    static LineChart routesOffers(List<RoutesSweep.Point> points) {
        var replies = series(points, false);
        var both = series(points, true);
        return new LineChart("Offers per job by routes per job", "k (routes per job)", "mean offers per job")
                .series(REPLIES, xs(replies), ys(replies, RoutesSweep.Point::offersPerJob))
                .series(BOTH, xs(both), ys(both, RoutesSweep.Point::offersPerJob));
    }

    /** The cheapest network fee offered and the one paid against k. */
    static LineChart routesFees(List<RoutesSweep.Point> points) {
        var replies = series(points, false);
        var both = series(points, true);
        return new LineChart("Network fee by routes per job", "k (routes per job)", "network fee (sat)")
                .series("cheapest offered, " + REPLIES, xs(replies), ys(replies, RoutesSweep.Point::cheapestFeeSat))
                .series("paid, " + REPLIES, xs(replies), ys(replies, RoutesSweep.Point::paidFeeSat))
                .series("cheapest offered, " + BOTH, xs(both), ys(both, RoutesSweep.Point::cheapestFeeSat))
                .series("paid, " + BOTH, xs(both), ys(both, RoutesSweep.Point::paidFeeSat));
    }

    /** Frames sent in all against k: what the extra routes cost the network. */
    static LineChart routesFrames(List<RoutesSweep.Point> points) {
        var replies = series(points, false);
        var both = series(points, true);
        return new LineChart("Frames by routes per job", "k (routes per job)", "frames sent in the run")
                .series(REPLIES, xs(replies), ys(replies, p -> p.framesTotal()))
                .series(BOTH, xs(both), ys(both, p -> p.framesTotal()));
    }

    /**
     * The silent drivers' jobs under each network settlement policy, same seed: what their customers paid
     * for the network, and what the middlemen, the silent drivers and the settler earned from them.
     */
    static BarChart silentWorkers(List<SilentWorkers.Point> points) {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SilentWorkers.Point p : points) {
            String policy = " (" + p.policy().iniName() + ")";
            labels.add("customers paid" + policy);
            values.add(p.customerNetworkMsat() / 1000.0);
            labels.add("middlemen earned" + policy);
            values.add(p.middlemenMsat() / 1000.0);
            labels.add("silent drivers earned" + policy);
            values.add(p.workerMsat() / 1000.0);
            labels.add("settler earned" + policy);
            values.add(p.settlerMsat() / 1000.0);
        }
        return new BarChart("Silent drivers: network fees of their jobs", "", "sat", labels.toArray(String[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static BarChart feesByHops(Summary s) {
        String[] labels = new String[s.feeByHops.size()];
        double[] fees = new double[labels.length];
        int i = 0;
        for (Map.Entry<Integer, Double> e : s.feeByHops.entrySet()) {
            labels[i] = Integer.toString(e.getKey());
            fees[i++] = e.getValue();
        }
        return new BarChart("Network fee by route length", "hops (middlemen who carried the offer back)",
                "mean network fee of an offer (sat)", labels, fees);
    }

    /**
     * What each attack's chart shows: drawn when the attack's outcome has the
     * key {@code when}; each bar is a label and a key of the outcome (or of the
     * shares {@link #attacks} derives from it).
     */
    private record AttackChart(String when, String file, String title, String yLabel, List<String> barsAndKeys) {}

    private static final List<AttackChart> ATTACK_CHARTS = List.of(
            new AttackChart("spam_delivery_ratio", "attack-spam.svg", "Spam: what got through", "share", List.of(
                    "honest jobs delivered", "honest_delivery_ratio",
                    "spam delivered", "spam_delivery_ratio",
                    "spam frames passing checks", "spam_accepted_share")),
            new AttackChart("replays_sent", "attack-chatterbox.svg", "Chatterbox replays", "replays", List.of(
                    "asked", "replays_asked",
                    "declined (seen)", "replays_declined_as_seen",
                    "sent", "replays_sent",
                    "sent late", "replays_sent_outside_window",
                    "rejected (time)", "replays_rejected_by_timestamp")),
            new AttackChart("target_delivery_ratio", "attack-target.svg", "The targeted customer against the others",
                    "share", List.of(
                    "target's jobs delivered", "target_delivery_ratio",
                    "others' jobs delivered", "others_delivery_ratio",
                    "target's jobs with offers", "target_offers_share")),
            new AttackChart("delivery_ratio_before_flash", "attack-covert-flash.svg",
                    "Before and after the covert flash", "share", List.of(
                    "delivered before", "delivery_ratio_before_flash",
                    "delivered after", "delivery_ratio_after_flash",
                    "with offers before", "offers_share_before_flash",
                    "with offers after", "offers_share_after_flash")),
            new AttackChart("revoked_last_job_after_s", "attack-revoked.svg",
                    "A revoked worker: seconds after its revocation", "seconds", List.of(
                    "list fetch period", "revocation_fetch_s",
                    "its last job", "revoked_last_job_after_s",
                    "every node holds the list", "revocation_known_by_all_s")));

    /** One chart per attack present in {@link Summary#attack}; none for silent nodes, whose effect is the delivery. */
    private static void attacks(Summary s, List<Named> charts) {
        Map<String, Double> a = new HashMap<>(s.attack);
        a.put("honest_delivery_ratio", s.deliveryRatio);
        a.put("spam_accepted_share", ratio(a, "spam_broadcasts_accepted", "spam_broadcasts_sent"));
        a.put("target_offers_share", ratio(a, "target_jobs_with_offers", "target_jobs"));
        for (AttackChart c : ATTACK_CHARTS) {
            if (!s.attack.containsKey(c.when())) {
                continue;
            }
            int n = c.barsAndKeys().size() / 2;
            String[] labels = new String[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = c.barsAndKeys().get(2 * i);
                values[i] = a.get(c.barsAndKeys().get(2 * i + 1));
            }
            charts.add(new Named(c.file(), new BarChart(c.title(), "", c.yLabel(), labels, values)));
        }
    }

    private static double ratio(Map<String, Double> a, String part, String whole) {
        double w = a.getOrDefault(whole, 0.0);
        return w == 0 ? 0 : a.getOrDefault(part, 0.0) / w;
    }
}
