package org.giggossip.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.giggossip.sim.net.Bandwidth;
import org.giggossip.sim.net.Churn;
import org.giggossip.sim.net.LatencyModel;
import org.giggossip.sim.net.LossModel;
import org.giggossip.sim.net.NetworkConditions;
import org.giggossip.sim.net.VirtualNetwork;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.report.HtmlReport;
import org.giggossip.sim.report.JsonWriter;
import org.giggossip.sim.report.LineChart;
import org.giggossip.sim.report.StatsJson;
import org.giggossip.sim.stats.Counters;
import org.giggossip.sim.stats.Samples;
import org.giggossip.sim.stats.TimeSeries;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.RandomRegular;
import org.giggossip.sim.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every piece together, as an engine host will use them: a flood over a
 * k-regular graph with jittered latency, loss and churn, with the messages
 * encoded as bytes on the wire, statistics, and a JSON and HTML report. Two runs
 * from one seed must write byte-identical files.
 */
class FloodingSimulationTest {
    private static final int NODES = 5000;

    @Test
    void sameSeedGivesByteIdenticalReports(@TempDir Path dir) throws Exception {
        String first = run(7, dir.resolve("a.html"));
        String second = run(7, dir.resolve("b.html"));
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(dir.resolve("b.html"))).isEqualTo(Files.readString(dir.resolve("a.html")));
        assertThat(run(8, dir.resolve("c.html"))).isNotEqualTo(first);
        assertThat(first).contains("\"reached\":");
    }

    /** Runs one flood from node 0 and returns the JSON results. */
    private static String run(long seed, Path html) {
        RandomStreams streams = new RandomStreams(seed);
        Topology g = RandomRegular.build(NODES, 6, streams.stream("topology"));
        Scheduler scheduler = new Scheduler();
        Churn churn = Churn.exponential(NODES, SimTime.MINUTE * 20, SimTime.MINUTE * 2, streams.seedFor("churn", 0));
        NetworkConditions conditions = new NetworkConditions(
            new LatencyModel.HashedLinks(streams.seedFor("links", 0), SimTime.millis(5), SimTime.millis(80),
                SimTime.millis(10)),
            new LossModel.Bernoulli(0.01), Bandwidth.uplink(NODES, 125_000), churn);
        long[] firstSeen = new long[NODES];
        java.util.Arrays.fill(firstSeen, -1);
        Samples latency = new Samples();
        TimeSeries reach = new TimeSeries(SimTime.millis(50));
        Counters counters = new Counters();
        Counters.Counter duplicates = counters.counter("duplicates");
        @SuppressWarnings("unchecked")
        VirtualNetwork<byte[]>[] net = new VirtualNetwork[1];
        net[0] = new VirtualNetwork<>(scheduler, conditions, streams, (from, to, frame) -> {
            // Decode on receipt, as production does: the frame carries its origin time.
            long sentAt = ByteBuffer.wrap(frame).getLong();
            if (firstSeen[to] >= 0) {
                duplicates.increment();
                return;
            }
            firstSeen[to] = scheduler.now();
            latency.add(scheduler.now() - sentAt);
            reach.increment(scheduler.now());
            for (int i = 0; i < g.degree(to); i++) {
                net[0].send(to, g.neighbor(to, i), frame.length, frame.clone());
            }
        });
        churn.start(scheduler, (node, online) -> counters.counter(online ? "joins" : "leaves").increment());
        scheduler.runUntil(SimTime.seconds(1));
        byte[] frame = ByteBuffer.allocate(64).putLong(scheduler.now()).array();
        firstSeen[0] = scheduler.now();
        for (int i = 0; i < g.degree(0); i++) {
            net[0].send(0, g.neighbor(0, i), frame.length, frame.clone());
        }
        scheduler.runUntil(SimTime.seconds(11));

        long reached = java.util.Arrays.stream(firstSeen).filter(t -> t >= 0).count();
        assertThat(reached).isGreaterThan(NODES * 8 / 10);
        counters.counter("delivered").add(net[0].stats().delivered());
        counters.counter("lost").add(net[0].stats().lost());

        StringBuilder json = new StringBuilder();
        JsonWriter w = new JsonWriter(json);
        w.beginObject().field("seed", seed).field("nodes", NODES).field("reached", reached);
        StatsJson.percentiles(w, "latencyNanos", latency.summary());
        StatsJson.counters(w, "counters", counters);
        StatsJson.timeSeries(w, "reachPer50ms", reach);
        w.endObject();
        new HtmlReport("Flood over a 6-regular graph")
            .paragraph("One message flooded from node 0 through " + NODES + " nodes with churn and 1% loss.")
            .keyNumber("nodes reached", Long.toString(reached))
            .keyNumber("p50 latency (ms)", Long.toString(latency.percentile(0.5) / SimTime.MILLISECOND))
            .chart(LineChart.cdf("First-arrival latency", "ms").cdfSeries("flood", latency, 1e-6))
            .chart(new LineChart("Nodes reached per 50 ms", "virtual time (s)", "nodes")
                .series("reach", reach.startsInSeconds(), reach.sums()))
            .parameter("seed", Long.toString(seed))
            .parameter("topology", "random 6-regular")
            .results(json.toString())
            .write(html);
        return json.toString();
    }
}
