package org.giggossip.sim.gig;

import java.io.PrintStream;
import java.util.SplittableRandom;
import org.giggossip.sim.run.ProgressLine;
import org.giggossip.sim.run.ResourceMeter;
import org.giggossip.sim.time.SimTime;

/**
 * One simulation run: builds the {@link World}, schedules the customers' jobs
 * (and the spammers' topics), runs virtual time to the end with a progress
 * line, and summarises. The entry point for {@code gg sim} and the tests.
 */
public final class Simulation {
    /** How far past the planned end a run continues while invoices are still open. */
    static final long MAX_EXTRA_DRAIN = 2 * SimTime.HOUR;

    private final SimParams params;
    private final BehaviourPlan plan;

    public Simulation(SimParams params, BehaviourPlan plan) {
        this.params = params;
        this.plan = plan;
    }

    public Simulation(SimParams params) {
        this(params, BehaviourPlan.STANDARD);
    }

    /** Runs to the end; {@code progress} receives the progress line (null for none). */
    public Result run(PrintStream progress) {
        ResourceMeter meter = ResourceMeter.start();
        World world = prepare();
        ProgressLine line = progress == null || !params.flag("progress") ? ProgressLine.disabled()
                : ProgressLine.forConsole(progress, true);
        line.run(world.scheduler, world.endTime());
        // Let every invoice still open reach its settlement or its expiry, so the report sees
        // the final state of every payment (long routes expire later than the drain).
        long cap = world.endTime() + MAX_EXTRA_DRAIN;
        while (world.ledger.liveInvoices() > 0 && world.scheduler.now() < cap) {
            long next = world.ledger.nextExpiry()
                    .map(t -> SimTime.of(java.time.Duration.between(world.scheduler.clock().epoch(), t)))
                    .orElse(world.scheduler.now());
            line.run(world.scheduler, Math.min(cap, Math.max(next, world.scheduler.now()) + SimTime.SECOND));
        }
        Summary summary = new Summary(world);
        summary.wallSeconds = meter.wallSeconds();
        summary.cpuSeconds = meter.cpuSeconds();
        summary.peakHeapMb = meter.peakHeapBytes() / (1024 * 1024);
        summary.liveHeapMb = ResourceMeter.usedHeapAfterGc() / (1024 * 1024);
        java.lang.ref.Reference.reachabilityFence(world);
        // After the meter's readings: they are of this run alone, not of the sweep's runs.
        summary.routesSweep = RoutesSweep.run(params, plan);
        summary.silentWorkers = SilentWorkers.compare(params, plan);
        return new Result(params, world, summary);
    }

    /** The world with its jobs scheduled, at virtual time 0: for a test that steps it by hand. */
    World prepare() {
        World world = new World(params, plan);
        scheduleJobs(world);
        return world;
    }

    /** The memory an idle world takes: every node built and connected, no job posted yet. */
    public record IdleFootprint(int nodes, long bytes, double buildSeconds) {
        public long bytesPerNode() {
            return bytes / nodes;
        }
    }

    /** Builds the world of {@code params} and measures its live heap (a full collection before and after). */
    public static IdleFootprint idleFootprint(SimParams params) {
        long before = ResourceMeter.usedHeapAfterGc();
        ResourceMeter meter = ResourceMeter.start();
        World world = new World(params, BehaviourPlan.STANDARD);
        double seconds = meter.wallSeconds();
        long after = ResourceMeter.usedHeapAfterGc();
        java.lang.ref.Reference.reachabilityFence(world);
        return new IdleFootprint(world.n, after - before, seconds);
    }

    /** A finished run: its parameters, its summary, and the world for inspection. */
    public record Result(SimParams params, World world, Summary summary) {}

    private void scheduleJobs(World world) {
        SplittableRandom random = world.streams.stream("jobs");
        long window = SimTime.seconds(params.longValue("job_window_s"));
        int jobs = params.integer("jobs");
        int[] customers = customers(world);
        if (customers.length == 0) {
            throw new IllegalArgumentException("no honest node can be a customer");
        }
        for (int k = 0; k < jobs; k++) {
            long at = window == 0 ? 0 : random.nextLong(window);
            // half of the jobs come from the target of a censor or Sybil attack
            int customer = world.target >= 0 && k % 2 == 0 ? world.target
                    : customers[random.nextInt(customers.length)];
            long seed = random.nextLong();
            world.scheduler.schedule(at, () -> world.postJob(customer, false, new SplittableRandom(seed)));
        }
        long interval = SimTime.seconds(Math.max(1, params.longValue("spam_interval_s")));
        for (int i = 0; i < world.n; i++) {
            if (world.behaviour[i] != Behaviour.SPAMMER) {
                continue;
            }
            int spammer = i;
            for (long t = random.nextLong(interval); t < window; t += interval) {
                long seed = random.nextLong();
                world.scheduler.schedule(t, () -> world.postJob(spammer, true, new SplittableRandom(seed)));
            }
        }
    }

    private static int[] customers(World world) {
        return java.util.stream.IntStream.range(0, world.n)
                .filter(i -> world.behaviour[i] == Behaviour.HONEST && !world.worker[i]).toArray();
    }
}
