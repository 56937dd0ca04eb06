package org.giggossip.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.EdgeList;
import org.giggossip.sim.topology.Topology;
import org.junit.jupiter.api.Test;

class VirtualNetworkTest {
    private record Arrival(int from, int to, String message, long at) {}

    private final Scheduler scheduler = new Scheduler();
    private final List<Arrival> arrivals = new ArrayList<>();

    private VirtualNetwork<String> network(NetworkConditions conditions, long seed) {
        return new VirtualNetwork<>(scheduler, conditions, new RandomStreams(seed),
            (from, to, m) -> arrivals.add(new Arrival(from, to, m, scheduler.now())));
    }

    @Test
    void deliversAfterTheLatency() {
        VirtualNetwork<String> net = network(NetworkConditions.ideal(3, SimTime.millis(40)), 1);
        scheduler.runUntil(SimTime.millis(10));
        assertThat(net.send(0, 2, 100, "hello")).isTrue();
        assertThat(net.stats().inFlight()).isEqualTo(1);
        scheduler.runUntilIdle(10);
        assertThat(arrivals).containsExactly(new Arrival(0, 2, "hello", SimTime.millis(50)));
        assertThat(net.stats().delivered()).isEqualTo(1);
        assertThat(net.stats().bytesDelivered()).isEqualTo(100);
        assertThat(net.stats().inFlight()).isZero();
    }

    @Test
    void lossDropsAboutTheShareAskedForAndLeavesArrivalTimesAlone() {
        int n = 20_000;
        List<Arrival> all = sendMany(n, LossModel.none());
        List<Arrival> kept = sendMany(n, new LossModel.Bernoulli(0.3));
        assertThat(all).hasSize(n);
        assertThat(kept.size() / (double) n).isBetween(0.68, 0.72);
        assertThat(new java.util.HashSet<>(all).containsAll(kept)).as("every kept arrival is one of the lossless run").isTrue();
    }

    /** Sends n messages 0 -> 1 with jittered delays on a fresh scheduler; returns the arrivals. */
    private static List<Arrival> sendMany(int n, LossModel loss) {
        Scheduler s = new Scheduler();
        List<Arrival> log = new ArrayList<>();
        LatencyModel jitter = new LatencyModel.Uniform(SimTime.millis(10), SimTime.millis(90));
        VirtualNetwork<String> net = new VirtualNetwork<>(s, new NetworkConditions(jitter, loss,
            Bandwidth.unlimited(), Churn.none(2)), new RandomStreams(5),
            (from, to, m) -> log.add(new Arrival(from, to, m, s.now())));
        for (int i = 0; i < n; i++) {
            net.send(0, 1, 1, "m" + i);
        }
        s.runUntilIdle(Long.MAX_VALUE);
        assertThat(net.stats().delivered() + net.stats().lost()).isEqualTo(n);
        return log;
    }

    @Test
    void offlineSendersAndReceiversLoseTheirMessages() {
        Churn churn = Churn.none(3);
        VirtualNetwork<String> net = network(new NetworkConditions(LatencyModel.constant(100), LossModel.none(),
            Bandwidth.unlimited(), churn), 1);
        churn.start(scheduler, (node, online) -> { });
        churn.scheduleChange(50, 2, false);
        churn.scheduleChange(10, 0, false);
        assertThat(net.send(0, 1, 1, "before")).isTrue();
        net.send(1, 2, 1, "to-offline");
        scheduler.runUntil(20);
        assertThat(net.send(0, 1, 1, "from-offline")).isFalse();
        scheduler.runUntilIdle(100);
        assertThat(arrivals).extracting(Arrival::message).containsExactly("before");
        assertThat(net.stats().droppedSenderOffline()).isEqualTo(1);
        assertThat(net.stats().droppedReceiverOffline()).isEqualTo(1);
        assertThat(net.stats().sent()).isEqualTo(3);
        assertThat(churn.onlineCount()).isEqualTo(1);
    }

    @Test
    void uplinkBandwidthQueuesMessages() {
        // 1,000 bytes/s: a 500-byte message takes half a second to leave.
        VirtualNetwork<String> net = network(new NetworkConditions(LatencyModel.constant(SimTime.millis(10)),
            LossModel.none(), Bandwidth.uplink(2, 1000), Churn.none(2)), 1);
        net.send(0, 1, 500, "a");
        net.send(0, 1, 500, "b");
        net.send(1, 0, 1, "c");
        scheduler.runUntilIdle(10);
        assertThat(arrivals).containsExactly(
            new Arrival(1, 0, "c", SimTime.millis(1) + SimTime.millis(10)),
            new Arrival(0, 1, "a", SimTime.millis(500) + SimTime.millis(10)),
            new Arrival(0, 1, "b", SimTime.millis(1000) + SimTime.millis(10)));
    }

    @Test
    void orderIsPreservedOnTopologyLinksOnly() {
        Topology line = new EdgeList(3).add(0, 1).toTopology();
        LatencyModel jitter = new LatencyModel.Uniform(0, SimTime.millis(100));
        VirtualNetwork<String> net = network(new NetworkConditions(jitter, LossModel.none(),
            Bandwidth.unlimited(), Churn.none(3)), 9).preserveOrderOn(line);
        for (int i = 0; i < 1000; i++) {
            net.send(0, 1, 1, Integer.toString(i));
            net.send(0, 2, 1, Integer.toString(i));
            scheduler.runUntil(scheduler.now() + SimTime.millis(1));
        }
        scheduler.runUntilIdle(Long.MAX_VALUE);
        List<Integer> onLink = arrivals.stream().filter(a -> a.to() == 1).map(a -> Integer.parseInt(a.message())).toList();
        List<Integer> offLink = arrivals.stream().filter(a -> a.to() == 2).map(a -> Integer.parseInt(a.message())).toList();
        assertThat(onLink).isSorted().hasSize(1000);
        assertThat(offLink).hasSize(1000).isNotEqualTo(onLink);
    }

    @Test
    void sameSeedSameDeliveries() {
        assertThat(run(3)).isEqualTo(run(3)).isNotEqualTo(run(4));
    }

    private List<Arrival> run(long seed) {
        Scheduler s = new Scheduler();
        List<Arrival> log = new ArrayList<>();
        RandomStreams streams = new RandomStreams(seed);
        NetworkConditions c = new NetworkConditions(new LatencyModel.HashedLinks(streams.seedFor("links", 0),
            SimTime.millis(5), SimTime.millis(50), SimTime.millis(5)), new LossModel.Bernoulli(0.1),
            Bandwidth.unlimited(), Churn.none(50));
        VirtualNetwork<String> net = new VirtualNetwork<>(s, c, streams,
            (from, to, m) -> log.add(new Arrival(from, to, m, s.now())));
        for (int i = 0; i < 500; i++) {
            net.send(i % 50, (i * 7 + 1) % 50, 10, "m" + i);
        }
        s.runUntilIdle(Long.MAX_VALUE);
        return log;
    }
}
