package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.ledger.ConservationReport;
import org.giggossip.sim.stats.Percentiles;
import org.giggossip.sim.stats.Samples;
import org.giggossip.sim.time.SimTime;

/**
 * The numbers of a finished run (the keys of {@code report.json} in docs/simulator.md): computed once from
 * the world and its metrics, written as {@code report.json}, asserted by tests.
 * Everything here is a function of the parameters and the seed, except
 * {@link #wallSeconds} and {@link #peakHeapMb}.
 */
public final class Summary {
    public final int nodes;
    public final int honestNodes;
    public final int jobs;
    public final double deliveryRatio;
    public final int jobsWithOffers;
    public final Percentiles offersPerJob;
    public final Percentiles timeToFirstOfferMs;
    public final Percentiles timeToPaidMs;
    public final Percentiles networkFeePerJobSat;
    public final Percentiles hopsPerOffer;
    /** Mean network fee of an offer in sat, over every offer of every real job; NaN without offers. */
    public final double offerFeeSat;
    /** Mean over the real jobs with offers of the lowest network fee offered, sat; NaN without offers. */
    public final double cheapestOfferFeeSat;
    /** Mean network fee of the chosen offers paid, sat (exact, not rounded per job); NaN if none was paid. */
    public final double paidFeeSat;
    /** The runs of {@code routes_sweep}, in its order; empty when the run sweeps nothing. */
    public List<RoutesSweep.Point> routesSweep = List.of();
    /** With {@code silent_compare}: the silent drivers' jobs under each network settlement policy, same seed. */
    public List<SilentWorkers.Point> silentWorkers = List.of();
    public final int jobsPaid;
    public final int repliesOpened;
    public final int jobsSettled;
    public final long powAttemptsTotal;
    public final long powSolved;
    public final long framesTotal;
    public final Percentiles bytesPerNode;
    public final long paymentsSettled;
    public final long paymentsCancelled;
    public final boolean moneyConserved;
    public final String conservation;
    public final long liveInvoicesAtEnd;
    /** Virtual seconds simulated, including the drain while invoices were still open. */
    public final double simulatedSeconds;
    public final Map<String, Long> counters;
    public final Map<String, Long> rejections;
    /** The attack's own outcome, by name (empty for a run without attackers). */
    public final Map<String, Double> attack;
    public double wallSeconds;
    public double cpuSeconds;
    public long peakHeapMb;
    /** Heap in use after a full collection at the end of the run, the world still alive: its live size. */
    public long liveHeapMb;
    final Samples reachTimes;
    final Samples feesEarned;
    /** Mean network fee in sat of the offers that came back over h hops, by h. */
    final java.util.SortedMap<Integer, Double> feeByHops;
    /** Time to the first offer in ms, one sample per job that got an offer (the latency chart). */
    final Samples firstOfferMs;
    /** Time to payment in ms, one sample per job that was paid (the latency chart). */
    final Samples paidMs;
    /** Honest nodes other than the customer, summed over the jobs: how many receipts full delivery means. */
    final long reachPossible;

    Summary(World w) {
        Metrics m = w.metrics;
        nodes = w.n;
        honestNodes = w.honestCount();
        List<Metrics.Job> real = m.jobs.values().stream().filter(j -> !j.spam).toList();
        jobs = real.size();
        deliveryRatio = meanReach(real, honestNodes, w);
        jobsWithOffers = (int) real.stream().filter(j -> j.offers > 0).count();
        offersPerJob = summary(real.stream().mapToLong(j -> j.offers).toArray());
        firstOfferMs = samples(real.stream().filter(j -> j.firstOfferAt >= 0)
                .mapToLong(j -> (j.firstOfferAt - j.postedAt) / SimTime.MILLISECOND).toArray());
        timeToFirstOfferMs = firstOfferMs.summary();
        paidMs = samples(real.stream().filter(j -> j.paidAt >= 0)
                .mapToLong(j -> (j.paidAt - j.postedAt) / SimTime.MILLISECOND).toArray());
        timeToPaidMs = paidMs.summary();
        reachPossible = real.stream().mapToLong(j -> honestNodes - (w.behaviour[j.customer].honest() ? 1 : 0)).sum();
        networkFeePerJobSat = summary(real.stream().filter(j -> j.networkFeeMsat >= 0)
                .mapToLong(j -> j.networkFeeMsat / 1000).toArray());
        List<Long> hops = new ArrayList<>();
        java.util.SortedMap<Integer, long[]> byHops = new java.util.TreeMap<>();
        for (Metrics.Job j : real) {
            for (var route : j.offerRoutes) {
                int h = m.forwards.getOrDefault(route.hash(), 0);
                hops.add((long) h);
                long[] acc = byHops.computeIfAbsent(h, k -> new long[2]);
                acc[0] += route.networkFeeMsat();
                acc[1]++;
            }
        }
        feeByHops = new java.util.TreeMap<>();
        byHops.forEach((h, acc) -> feeByHops.put(h, acc[0] / 1000.0 / acc[1]));
        hopsPerOffer = summary(hops.stream().mapToLong(Long::longValue).toArray());
        offerFeeSat = real.stream().flatMap(j -> j.offerRoutes.stream()).mapToLong(Metrics.Route::networkFeeMsat)
                .average().orElse(Double.NaN) / 1000;
        cheapestOfferFeeSat = real.stream().filter(j -> !j.offerRoutes.isEmpty())
                .mapToLong(j -> j.offerRoutes.stream().mapToLong(Metrics.Route::networkFeeMsat).min().orElseThrow())
                .average().orElse(Double.NaN) / 1000;
        paidFeeSat = real.stream().filter(j -> j.networkFeeMsat >= 0).mapToLong(j -> j.networkFeeMsat)
                .average().orElse(Double.NaN) / 1000;
        jobsPaid = (int) real.stream().filter(j -> j.paidAt >= 0).count();
        repliesOpened = (int) real.stream().filter(j -> j.opened).count();
        jobsSettled = (int) real.stream().filter(j -> j.settled).count();
        powAttemptsTotal = m.powAttempts;
        powSolved = m.powSolved;
        framesTotal = m.framesSent;
        bytesPerNode = summary(m.bytes);
        var stats = w.ledger.stats();
        paymentsSettled = stats.invoicesSettled();
        paymentsCancelled = stats.invoicesCancelled();
        ConservationReport c = w.ledger.checkConservation();
        moneyConserved = c.holds();
        conservation = c.toString();
        liveInvoicesAtEnd = w.ledger.liveInvoices();
        simulatedSeconds = SimTime.toSeconds(w.scheduler.now());
        counters = new LinkedHashMap<>(m.counters.snapshot());
        counters.put("undecodable_frames", m.undecodable);
        counters.put("frames_lost", w.net.stats().lost());
        counters.put("invoices_created", stats.invoicesCreated());
        counters.put("invoices_expired_unsettled", stats.invoicesExpired());
        putIfPositive(counters, "fault_crashes", w.faults.crashes.size());
        putIfPositive(counters, "fault_settler_calls_delayed", w.faults.settlerCallsDelayed);
        putIfPositive(counters, "fault_late_payments", w.faults.latePayments());
        rejections = new LinkedHashMap<>(m.rejections);
        attack = attackOutcome(w, m);
        reachTimes = m.reachTimes;
        feesEarned = m.feesEarned;
    }

    /** Fault counts appear only in runs with faults, so other reports keep their fields. */
    private static void putIfPositive(Map<String, Long> counters, String name, long value) {
        if (value > 0) {
            counters.put(name, value);
        }
    }

    private static double meanReach(List<Metrics.Job> jobs, int honest, World w) {
        if (jobs.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (Metrics.Job j : jobs) {
            int others = honest - (w.behaviour[j.customer].honest() ? 1 : 0);
            sum += others == 0 ? 1 : (double) j.reached / others;
        }
        return sum / jobs.size();
    }

    static Percentiles summary(long[] values) {
        return samples(values).summary();
    }

    private static Samples samples(long[] values) {
        Samples s = new Samples(values.length);
        for (long v : values) {
            s.add(v);
        }
        return s;
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }

    private static Map<String, Double> attackOutcome(World w, Metrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        Attacks a = w.attacks;
        SimParams p = w.params;
        if (p.real("spammer") > 0) {
            List<Metrics.Job> spam = m.jobs.values().stream().filter(j -> j.spam).toList();
            out.put("spam_topics", (double) spam.size());
            out.put("spam_delivery_ratio", meanReach(spam, w.honestCount(), w));
            long accepted = a.spamBroadcastsSent - a.spamBroadcastsRejected;
            out.put("spam_broadcasts_sent", (double) a.spamBroadcastsSent);
            out.put("spam_broadcasts_accepted", (double) accepted);
            out.put("spammer_pow_attempts", (double) m.attemptsByBehaviour[Behaviour.SPAMMER.ordinal()]);
            out.put("spammer_attempts_per_accepted_broadcast", accepted == 0 ? 0
                    : (double) m.attemptsByBehaviour[Behaviour.SPAMMER.ordinal()] / accepted);
            out.put("pow_difficulty", w.powDifficulty);
        }
        if (p.real("chatterbox") > 0) {
            out.put("replays_asked", (double) a.replaysAsked);
            out.put("replays_declined_as_seen", (double) a.replaysDeclined);
            out.put("replays_sent", (double) a.replaysSent);
            out.put("replays_sent_outside_window", (double) a.replaysSentOutsideWindow);
            out.put("replays_rejected_by_timestamp", (double) a.replaysRejectedByTimestamp);
            out.put("topics_received_twice", (double) m.counters.get("topics_received_twice"));
            out.put("share_of_late_replays_rejected", a.replaysSentOutsideWindow == 0 ? 1.0
                    : (double) a.replaysRejectedByTimestamp / a.replaysSentOutsideWindow);
        }
        if (w.target >= 0) {
            List<Metrics.Job> targeted = m.jobs.values().stream().filter(j -> j.customer == w.target && !j.spam)
                    .toList();
            List<Metrics.Job> others = m.jobs.values().stream().filter(j -> j.customer != w.target && !j.spam)
                    .toList();
            out.put("target_jobs", (double) targeted.size());
            out.put("target_delivery_ratio", meanReach(targeted, w.honestCount(), w));
            out.put("target_jobs_with_offers", (double) targeted.stream().filter(j -> j.offers > 0).count());
            out.put("others_delivery_ratio", meanReach(others, w.honestCount(), w));
            out.put("frames_censored", (double) a.censored);
        }
        if (p.real("covert") > 0) {
            long at = SimTime.seconds(p.longValue("covert_at_s"));
            List<Metrics.Job> before = m.jobs.values().stream().filter(j -> j.postedAt < at && !j.spam).toList();
            List<Metrics.Job> after = m.jobs.values().stream().filter(j -> j.postedAt >= at && !j.spam).toList();
            out.put("delivery_ratio_before_flash", meanReach(before, w.honestCount(), w));
            out.put("delivery_ratio_after_flash", meanReach(after, w.honestCount(), w));
            out.put("offers_share_before_flash", share(before));
            out.put("offers_share_after_flash", share(after));
        }
        if (p.real("silent") > 0) {
            out.put("silent_nodes", (double) count(w, Behaviour.SILENT));
        }
        if (w.revokedWorker >= 0) {
            revocation(w, m, out);
        }
        if (p.real("silent_workers") > 0) {
            Disputes.Silent s = w.disputes.silentTotals();
            out.put("silent_workers", (double) count(w.disputes.silentWorker));
            out.put("silent_jobs", (double) s.jobs);
            out.put("silent_jobs_refunded", (double) s.refunded);
            out.put("silent_jobs_paid", (double) s.settled);
            out.put("silent_customer_network_msat", (double) s.customerNetworkMsat);
            out.put("silent_customer_price_msat", (double) s.customerPriceMsat);
            out.put("silent_middlemen_msat", (double) s.middlemenMsat);
            out.put("silent_worker_msat", (double) s.workerMsat);
            out.put("silent_settler_msat", (double) s.settlerMsat);
            out.put("network_payment_held_s_mean", s.networkPaymentsHeld == 0 ? 0
                    : SimTime.toSeconds(s.networkHeldNanos) / s.networkPaymentsHeld);
        }
        return out;
    }

    /**
     * The revoked worker ({@code revoke_at_s}): the jobs it got and the offers it made before and
     * after its revocation, its replies the settler refused to seal (it checks its own list at
     * once), how long after the revocation its last job came (0: none after), how long until
     * every node held the revoking list, and the replies customers refused as revoked (offers
     * sealed before the revocation, opened by a customer that fetched the list since).
     */
    private static void revocation(World w, Metrics m, Map<String, Double> out) {
        long at = w.revokedAt;
        List<Long> jobs = m.jobsOpenedBy.getOrDefault(w.ids[w.revokedWorker], List.of());
        long after = jobs.stream().filter(t -> t >= at).count();
        long last = jobs.stream().filter(t -> t >= at).mapToLong(Long::longValue).max().orElse(at);
        long known = 0;
        int unaware = 0;
        for (int i = 0; i < w.n; i++) {
            if (w.listKnownAt[i] >= 0) {
                known = Math.max(known, w.listKnownAt[i] - at);
            } else if (w.behaviour[i].honest()) {
                unaware++;
            }
        }
        out.put("revocation_fetch_s", (double) w.params.longValue("revocation_fetch_s"));
        out.put("revoked_worker_jobs_before", (double) (jobs.size() - after));
        out.put("revoked_worker_jobs_after", (double) after);
        List<Long> offers = m.repliesBy.getOrDefault(w.revokedWorker, List.of());
        out.put("revoked_worker_offers_before", (double) offers.stream().filter(t -> t < at).count());
        out.put("revoked_worker_offers_after", (double) offers.stream().filter(t -> t >= at).count());
        out.put("revoked_worker_replies_refused_by_settler", (double) m.repliesRefusedBy
                .getOrDefault(w.revokedWorker, List.of()).stream().filter(t -> t >= at).count());
        out.put("revoked_last_job_after_s", (last - at) / (double) SimTime.SECOND);
        out.put("revocation_known_by_all_s", known / (double) SimTime.SECOND);
        out.put("nodes_without_the_revoking_list", (double) unaware);
        out.put("replies_refused_as_revoked", (double) m.counters.get("replies_refused_as_revoked"));
    }

    private static double share(List<Metrics.Job> jobs) {
        return jobs.isEmpty() ? 0 : (double) jobs.stream().filter(j -> j.offers > 0).count() / jobs.size();
    }

    private static long count(World w, Behaviour b) {
        long c = 0;
        for (Behaviour x : w.behaviour) {
            if (x == b) {
                c++;
            }
        }
        return c;
    }
}
