package org.giggossip.sim.gig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.giggossip.sim.report.HtmlReport;
import org.giggossip.sim.report.Numbers;
import org.giggossip.sim.stats.Percentiles;

/**
 * The report of a finished run, as {@code gg sim} writes it into a directory:
 * {@code report.json} (the numbers, see {@link ReportJson}), one SVG file per
 * chart (see {@link ReportCharts}), and a self-contained {@code report.html}
 * with the key numbers, the charts inline, the parameters and the JSON.
 *
 * <p>Everything but the wall time and the peak heap is a function of the
 * parameters and the seed, so two runs of one scenario and seed give the same
 * charts and the same JSON apart from those two lines.
 */
public final class Report {
    /** The numbers, for tools. */
    public static final String JSON_FILE = "report.json";
    /** The page, for people. */
    public static final String HTML_FILE = "report.html";

    private final Scenario scenario;
    private final SimParams params;
    private final Summary summary;
    private final String json;
    private final List<ReportCharts.Named> charts;

    /** The report of {@code result}, a run of {@code scenario} (whose parameters may have been changed since). */
    public Report(Scenario scenario, Simulation.Result result) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.params = result.params();
        this.summary = result.summary();
        this.json = ReportJson.render(scenario.name(), summary, params);
        this.charts = ReportCharts.of(summary);
    }

    /** The text of {@code report.json}. */
    public String json() {
        return json;
    }

    /** The names of the chart files, in the order the page shows them. */
    public List<String> chartFiles() {
        return charts.stream().map(ReportCharts.Named::file).toList();
    }

    /**
     * The key numbers in words, for the page and the console: delivery, offers,
     * payments, money conservation, latencies, fees, traffic, work, the attack's
     * outcome and the wall time.
     */
    public Map<String, String> keyNumbers() {
        Summary s = summary;
        Map<String, String> k = new LinkedHashMap<>();
        k.put("nodes", s.nodes + " (" + s.honestNodes + " honest)");
        k.put("jobs", Integer.toString(s.jobs));
        k.put("delivery ratio", Numbers.fixed(s.deliveryRatio * 100, 2) + " % of honest nodes reached per job");
        k.put("jobs with offers", s.jobsWithOffers + " of " + s.jobs);
        k.put("jobs paid", s.jobsPaid + " of " + s.jobs);
        k.put("money conserved", s.moneyConserved ? "yes" : "NO: " + s.conservation);
        k.put("time to first offer", percentiles(s.timeToFirstOfferMs, "ms"));
        k.put("time to paid", percentiles(s.timeToPaidMs, "ms"));
        k.put("network fee per job", s.networkFeePerJobSat.count() == 0 ? "none paid"
                : "mean " + Numbers.fixed(s.networkFeePerJobSat.mean(), 2) + " sat, p99 "
                        + s.networkFeePerJobSat.p99() + " sat");
        k.put("hops per offer", s.hopsPerOffer.count() == 0 ? "no offers"
                : "mean " + Numbers.fixed(s.hopsPerOffer.mean(), 2) + ", max " + s.hopsPerOffer.max());
        k.put("frames", String.format(Locale.ROOT, "%,d (mean %,.0f bytes per node)", s.framesTotal,
                s.bytesPerNode.count() == 0 ? 0 : s.bytesPerNode.mean()));
        k.put("proof-of-work attempts", String.format(Locale.ROOT, "%,d", s.powAttemptsTotal));
        for (RoutesSweep.Point p : s.routesSweep) {
            k.put("routes: replies_per_topic " + p.repliesPerTopic() + ", multibroadcast " + p.multibroadcast(), Numbers.fixed(p.offersPerJob(), 2) + " offers per job ("
                    + p.jobsWithOffers() + " of " + p.jobs() + " jobs with offers), network fee: offered "
                    + sat(p.offerFeeSat()) + " mean, " + sat(p.cheapestFeeSat()) + " cheapest, paid "
                    + sat(p.paidFeeSat()) + " (" + p.jobsPaid() + " jobs paid), "
                    + String.format(Locale.ROOT, "%,d frames", p.framesTotal()));
        }
        for (SilentWorkers.Point p : s.silentWorkers) {
            k.put("silent workers, network_settlement = " + p.policy().iniName(), p.jobs() + " jobs of silent drivers ("
                    + p.refunded() + " job payments refunded): customers paid " + msat(p.customerNetworkMsat())
                    + " in network fees and " + msat(p.customerPriceMsat()) + " in job prices; middlemen earned "
                    + msat(p.middlemenMsat()) + ", the silent drivers " + msat(p.workerMsat()) + ", the settler "
                    + msat(p.settlerMsat()) + "; network payments held " + Numbers.fixed(p.networkHeldSeconds(), 1)
                    + " s on average; money conserved: " + (p.moneyConserved() ? "yes" : "NO"));
        }
        s.attack.forEach((name, value) -> k.put("attack: " + name.replace('_', ' '), Numbers.fixed(value, 4)));
        k.put("wall time", Numbers.fixed(s.wallSeconds, 1) + " s (" + Numbers.fixed(s.cpuSeconds, 1)
                + " s of CPU), peak heap " + s.peakHeapMb + " MB, live heap at the end " + s.liveHeapMb + " MB");
        return Collections.unmodifiableMap(k);
    }

    private static String msat(long v) {
        return String.format(Locale.ROOT, "%,d msat", v);
    }

    private static String sat(double v) {
        return Double.isFinite(v) ? Numbers.fixed(v, 2) + " sat" : "none";
    }

    private static String percentiles(Percentiles p, String unit) {
        return p.count() == 0 ? "no samples" : "p50 " + p.p50() + " " + unit + ", p99 " + p.p99() + " " + unit;
    }

    /** The text of {@code report.html}. */
    public String html() {
        HtmlReport page = new HtmlReport("Gig-gossip simulation: " + scenario.name());
        String about = scenario.description();
        if (!about.isEmpty()) {
            page.paragraph(Character.toUpperCase(about.charAt(0)) + about.substring(1) + ".");
        }
        page.paragraph(summary.nodes + " nodes on the " + params.get("topology") + " topology, " + summary.jobs
                + " jobs, seed " + params.get("seed") + ", proof of work " + params.get("pow")
                + ". Every number and chart follows from the parameters and the seed, except the wall and CPU"
                + " time and the heap sizes.");
        keyNumbers().forEach(page::keyNumber);
        charts.forEach(c -> page.chart(c.chart()));
        params.asMap().forEach(page::parameter);
        page.results(json.strip());
        return page.render();
    }

    /**
     * Writes {@code report.json}, the charts and {@code report.html} into
     * {@code dir}, creating it if needed.
     *
     * @return the files written, the page last
     */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(JSON_FILE), json));
        for (ReportCharts.Named c : charts) {
            written.add(write(dir.resolve(c.file()), c.chart().toSvg()));
        }
        written.add(write(dir.resolve(HTML_FILE), html()));
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
