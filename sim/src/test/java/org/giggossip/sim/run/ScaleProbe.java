package org.giggossip.sim.run;

import java.util.Locale;
import java.util.SplittableRandom;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.CityModel;
import org.giggossip.sim.topology.PlacedTopology;
import org.giggossip.sim.topology.RandomRegular;
import org.giggossip.sim.topology.Topology;
import org.giggossip.sim.topology.WattsStrogatz;

/**
 * Not a test: a by-hand measurement of build times and heap at scale, run as
 * {@code java -cp ... org.giggossip.sim.run.ScaleProbe [nodes]}. Wall-clock
 * numbers depend on the machine; they are printed, never asserted.
 */
public final class ScaleProbe {
    private ScaleProbe() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        RandomStreams streams = new RandomStreams(1);
        for (int round = 0; round < 2; round++) {
            System.out.println("round " + (round + 1) + (round == 0 ? " (cold JIT)" : " (warm)"));
            ResourceMeter m = measure();
            Topology regular = RandomRegular.build(n, 8, streams.stream("topology"));
            report("k-regular k=8", m, regular);
            m = measure();
            Topology ws = WattsStrogatz.build(n, 8, 0.1, streams.stream("topology"));
            report("Watts-Strogatz k=8 p=0.1", m, ws);
            m = measure();
            PlacedTopology city = CityModel.sydney().build(n, streams.stream("topology"));
            report("city (Sydney)", m, city.topology());
        }
        events(20_000_000);
    }

    /** Collects the previous round's garbage first, so each peak is one build's own (plus what is live). */
    private static ResourceMeter measure() {
        long live = ResourceMeter.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "  (live heap before: %,d MB)%n", live >> 20);
        return ResourceMeter.start();
    }

    private static void report(String name, ResourceMeter m, Topology g) {
        System.out.printf(Locale.ROOT, "  %-26s n=%,d m=%,d mean degree %.2f: %.2f s, peak heap %,d MB%n",
            name, g.nodeCount(), g.edgeCount(), g.meanDegree(), m.wallSeconds(), m.peakHeapBytes() >> 20);
    }

    /** Throughput of the scheduler: each event reschedules itself at a random later time. */
    private static void events(long total) {
        Scheduler s = new Scheduler();
        SplittableRandom r = new SplittableRandom(2);
        long[] fired = new long[1];
        int pending = 1_000_000;
        org.giggossip.sim.time.Event[] self = new org.giggossip.sim.time.Event[1];
        self[0] = () -> {
            fired[0]++;
            s.scheduleAfter(r.nextLong(SimTime.SECOND), self[0]);
        };
        for (int i = 0; i < pending; i++) {
            s.schedule(r.nextLong(SimTime.SECOND), self[0]);
        }
        ResourceMeter m = measure();
        s.runUntilIdle(total);
        System.out.printf(Locale.ROOT, "  scheduler: %,d events with %,d pending: %.2f s (%.1f M events/s), peak heap %,d MB%n",
            fired[0], pending, m.wallSeconds(), fired[0] / m.wallSeconds() / 1e6, m.peakHeapBytes() >> 20);
    }
}
