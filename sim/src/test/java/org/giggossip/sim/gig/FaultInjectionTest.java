package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.giggossip.core.ledger.ConservationReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A thousand tiny worlds, each with its own seed and a random mix of faults
 * (see {@link Faults}): middlemen and repliers that crash mid-payment, some past
 * their invoices' expiry; a settler whose calls and answers are late, some by
 * more than the offer window; short invoice lifetimes; customers that pay late
 * or never; lost frames. After each run, and again once every event has run
 * with the clock past every expiry, it checks that money is conserved, that no
 * invoice outlives its expiry, that every settler gig ended, and the
 * {@link MoneyAudit}: no honest node lost money except a hop offline past its own
 * invoice's expiry, and customers paid only for replies they opened.
 *
 * <p>{@code -Dfaults.runs=N} and {@code -Dfaults.first=S} choose the seeds; {@code -Dfaults.seed=S}
 * runs seed S alone and prints its summary and fault plan. Tagged slow (the thousand runs take
 * minutes on two cores): {@code ./gg test -Pquick} skips it.
 */
@Tag("slow")
class FaultInjectionTest {

    @Test
    void randomFaultPlansLoseNoHonestMoneyAndLeaveNoPaymentPastItsExpiry() throws Exception {
        Long only = Long.getLong("faults.seed");
        int runs = only != null ? 1 : Integer.getInteger("faults.runs", 1000);
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        long[] totals = new long[Outcome.COUNTS.length];
        // Each run is its own world: run them on the machine's cores (two here), report in seed order.
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Outcome>> outcomes = new ArrayList<>(runs);
        for (int k = 0; k < runs; k++) {
            long seed = only != null ? only : Long.getLong("faults.first", 1) + k;
            outcomes.add(pool.submit(() -> runOne(paramsFor(seed))));
        }
        pool.shutdown();
        for (Future<Outcome> f : outcomes) {
            Outcome o = f.get();
            for (int c = 0; c < totals.length; c++) {
                totals[c] += o.counts[c];
            }
            if (only != null) {
                System.out.println(o.describe());
            }
            if (!o.problems.isEmpty()) {
                failures.add(o.describe());
            }
        }
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                "fault injection: %d runs in %.1f s, %d failed;", runs, (System.nanoTime() - start) / 1e9,
                failures.size()));
        for (int c = 0; c < totals.length; c++) {
            line.append(' ').append(Outcome.COUNTS[c]).append(' ').append(totals[c]).append(c + 1 < totals.length
                    ? "," : "");
        }
        System.out.println(line);
        failures.stream().limit(5).forEach(System.out::println);
        assertThat(failures.size()).as("failed runs, the first printed above (reproduce with -Dfaults.seed=SEED)")
                .isZero();
        if (runs >= 100) {
            // the faults really happen: a change that quietly disabled one would leave nothing to test
            for (int c = 0; c < totals.length; c++) {
                assertThat(totals[c]).as(Outcome.COUNTS[c]).isPositive();
            }
        }
    }

    /** A tiny world with a random fault mix, all drawn from {@code seed}. */
    static SimParams paramsFor(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
        int offerWindow = r.nextInt(2, 9);
        int ttl = r.nextInt(offerWindow + 3, 61);
        int delta = r.nextInt(2, 21);
        SimParams p = SimParams.defaults()
                .with("seed", Long.toString(seed))
                .with("progress", "false")
                .with("audit", "true")
                .with("nodes", Integer.toString(r.nextInt(25, 61)))
                .with("topology", r.nextBoolean() ? "regular" : "smallworld")
                .with("degree", r.nextBoolean() ? "4" : "6")
                .with("fanout", Integer.toString(r.nextInt(2, 5)))
                .with("jobs", Integer.toString(r.nextInt(1, 4)))
                .with("job_window_s", Integer.toString(r.nextInt(1, 11)))
                .with("drain_s", "60")
                .with("workers", String.format(java.util.Locale.ROOT, "%.2f", 0.1 + 0.3 * r.nextDouble()))
                .with("worker_radius_km", "100")
                .with("pow", "cost")
                .with("pow_difficulty", "16")
                .with("latency_ms", Integer.toString(r.nextInt(10, 81)))
                .with("offer_window_s", Integer.toString(offerWindow))
                .with("invoice_ttl_s", Integer.toString(ttl))
                .with("invoice_delta_s", Integer.toString(delta))
                .with("job_invoice_margin_s", Integer.toString(r.nextInt(601, 1201)))
                .with("dispute_window_s", Integer.toString(r.nextInt(5, 61)))
                .with("confirm_after_s", r.nextInt(3) == 0 ? "0" : Integer.toString(r.nextInt(2, 31)))
                .with("loss", r.nextInt(3) == 0 ? "0" : fraction(r, 0.1));
        if (r.nextInt(4) != 0) {
            p = p.with("crash_forwarders", fraction(r, 0.6))
                    .with("crash_within_s", Integer.toString(offerWindow + r.nextInt(1, 10)))
                    .with("crash_max_s", Integer.toString(r.nextInt(1, 2 * (ttl + 6 * delta))));
        }
        if (r.nextInt(3) == 0) {
            p = p.with("settler_slow", fraction(r, 0.4))
                    .with("settler_slow_max_s", Integer.toString(r.nextInt(1, 2 * offerWindow + 2)));
        }
        if (r.nextInt(3) == 0) {
            p = p.with("late_payers", fraction(r, 0.8))
                    .with("late_pay_max_s", Integer.toString(r.nextInt(1, ttl + 6 * delta)))
                    .with("never_pay", fraction(r, 0.5));
        }
        return p;
    }

    private static String fraction(SplittableRandom r, double max) {
        return String.format(java.util.Locale.ROOT, "%.3f", max * r.nextDouble());
    }

    /**
     * What one run showed: its problems, the losses excused, some counts, and
     * enough to read and reproduce it (not the world, so that a thousand runs do
     * not hold a thousand worlds).
     */
    record Outcome(String seed, List<String> problems, List<String> excused, long[] counts, String details) {
        static final String[] COUNTS = {"jobs", "paid", "opened", "crashes", "excused losses",
            "settler calls delayed", "late payments", "frames lost"};

        String describe() {
            StringBuilder b = new StringBuilder("seed " + seed + ": "
                    + (problems.isEmpty() ? "ok" : problems.size() + " problem(s)"));
            problems.forEach(s -> b.append("\n  PROBLEM ").append(s));
            excused.forEach(s -> b.append("\n  excused ").append(s));
            return b.append(details).toString();
        }
    }

    private static String details(SimParams p, World w, Summary s) {
        Map<String, String> defaults = SimParams.defaults().asMap();
        StringBuilder b = new StringBuilder("\n  params");
        p.asMap().forEach((k, v) -> {
            if (!v.equals(defaults.get(k))) {
                b.append(' ').append(k).append('=').append(v);
            }
        });
        if (s != null) {
            b.append("\n  jobs ").append(s.jobs).append(" offers ").append(s.jobsWithOffers).append(" paid ")
                    .append(s.jobsPaid).append(" opened ").append(s.repliesOpened).append(" settled ")
                    .append(s.jobsSettled).append(" counters ").append(s.counters);
        }
        if (w != null) {
            b.append("\n  ").append(w.faults.plan().replace("\n", "\n  "));
        }
        return b.toString();
    }

    static Outcome runOne(SimParams p) {
        List<String> problems = new ArrayList<>();
        World w = null;
        Summary s = null;
        try {
            Simulation.Result result = new Simulation(p).run(null);
            w = result.world();
            s = result.summary();
            checkNothingOverdue(w, problems, "at the end of the run");
            // Drain on: every crashed node comes back, every deadline and expiry passes.
            w.scheduler.runUntilIdle(10_000_000);
            if (w.scheduler.pending() > 0) {
                problems.add("events still pending after 10M: " + w.scheduler.pending());
            }
            checkNothingOverdue(w, problems, "after the drain");
            if (w.ledger.liveInvoices() != 0) {
                problems.add(w.ledger.liveInvoices() + " invoices still OPEN or ACCEPTED with the clock past "
                        + "every expiry");
            }
            ConservationReport c = w.ledger.checkConservation();
            if (!c.holds()) {
                problems.add("money not conserved: " + c);
            }
            long disputes = w.metrics.counters.snapshot().getOrDefault("disputes", 0L);
            if (w.settler.liveGigs() > disputes) {
                problems.add("settler holds " + w.settler.liveGigs() + " gigs, " + disputes + " disputed");
            }
            for (int i = 0; i < w.n; i++) {
                if (!w.churn.isOnline(i)) {
                    problems.add("node " + i + " still offline");
                }
                if (w.ledger.locked(w.account[i]) != 0) {
                    problems.add("node " + i + " still has " + w.ledger.locked(w.account[i]) + " msat locked");
                }
            }
            MoneyAudit.Findings f = w.audit.check(w);
            problems.addAll(f.violations());
            long[] counts = {s.jobs, s.jobsPaid, s.repliesOpened, w.faults.crashes.size(), f.excused().size(),
                w.faults.settlerCallsDelayed, w.faults.latePayments(), w.net.stats().lost()};
            return new Outcome(p.get("seed"), problems, f.excused(), counts, details(p, w, s));
        } catch (RuntimeException | AssertionError e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            problems.add("exception: " + trace.toString().lines().limit(12).reduce((a, b) -> a + "\n    " + b)
                    .orElse(""));
            return new Outcome(p.get("seed"), problems, List.of(), new long[Outcome.COUNTS.length], details(p, w, s));
        }
    }

    /** Every live invoice's expiry is still ahead: the host lets no hold invoice outlive its expiry. */
    private static void checkNothingOverdue(World w, List<String> problems, String when) {
        Instant now = w.scheduler.clock().instant();
        w.ledger.nextExpiry().filter(t -> t.isBefore(now)).ifPresent(t -> problems.add(
                "an invoice that expired at " + t + " is still live " + when + " (" + now + ")"));
    }
}
