package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.settler.NetworkSettlement;

/**
 * The silent worker (seed 000, table 2 "Silent"; docs/settler.md, "Network settlement: on reveal or on job
 * done"): the same network, jobs, silent drivers and seed run once per {@code network_settlement} policy,
 * to tell what the silent drivers' jobs cost their customers and earned the middlemen under each.
 */
public final class SilentWorkers {

    /**
     * The silent drivers' jobs under one policy, in msat.
     *
     * @param policy              the settler's {@code network_settlement}
     * @param jobs                jobs of a silent driver whose reply the customer opened
     * @param refunded            of them, job payments refunded (the administrator ruled for the customer)
     * @param customerNetworkMsat network fees the customers paid for these jobs
     * @param customerPriceMsat   job prices the customers paid for them
     * @param middlemenMsat       what the middlemen earned routing them
     * @param workerMsat          what the silent drivers earned as the first hop of their own replies
     * @param settlerMsat         what the settler earned (its network invoices)
     * @param moneyConserved      the ledger's conservation check of the run
     * @param liveInvoicesAtEnd   invoices still open or accepted when the run ended
     * @param networkHeldSeconds  mean time a hop's network invoice (every job's, not only the silent ones)
     *                            was held, accepted until settled or cancelled: how long customers and
     *                            middlemen had their network payments locked
     */
    public record Point(NetworkSettlement policy, long jobs, long refunded, long customerNetworkMsat,
            long customerPriceMsat, long middlemenMsat, long workerMsat, long settlerMsat, boolean moneyConserved,
            long liveInvoicesAtEnd, double networkHeldSeconds) {

        /** The figures of {@code s}, a run under {@code policy}. */
        static Point of(NetworkSettlement policy, Summary s) {
            return new Point(policy, get(s, "silent_jobs"), get(s, "silent_jobs_refunded"),
                    get(s, "silent_customer_network_msat"), get(s, "silent_customer_price_msat"),
                    get(s, "silent_middlemen_msat"), get(s, "silent_worker_msat"), get(s, "silent_settler_msat"),
                    s.moneyConserved, s.liveInvoicesAtEnd, s.attack.getOrDefault("network_payment_held_s_mean", 0.0));
        }

        private static long get(Summary s, String key) {
            return s.attack.getOrDefault(key, 0.0).longValue();
        }
    }

    private SilentWorkers() {}

    /** Runs {@code base} once per policy, quietly; none unless it has {@code silent_compare}. */
    static List<Point> compare(SimParams base, BehaviourPlan plan) {
        if (!base.flag("silent_compare")) {
            return List.of();
        }
        List<Point> points = new ArrayList<>();
        SimParams quiet = base.with("silent_compare", "false").with("routes_sweep", "").with("progress", "false");
        for (NetworkSettlement policy : NetworkSettlement.values()) {
            SimParams p = quiet.with("network_settlement", policy.iniName());
            points.add(Point.of(policy, new Simulation(p, plan).run(null).summary()));
        }
        return List.copyOf(points);
    }
}
