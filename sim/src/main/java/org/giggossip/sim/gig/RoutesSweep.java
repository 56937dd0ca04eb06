package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.List;

/**
 * More than one route per job (seed 000, 3.6): the same network, jobs and seed run again for each
 * value k of {@code routes_sweep}, twice: with every driver answering up to k copies of a job
 * ({@code replies_per_topic} = k, {@code multibroadcast} as the run has it), and with every node also
 * relaying a job up to k times ({@code multibroadcast} = k: the routes of one job through a
 * middleman). Each run gives a {@link Point}: how many offers a job gets, what the network fees are,
 * offered and paid, and how many frames it took.
 */
public final class RoutesSweep {

    /**
     * The figures of one run of the sweep; a mean of no samples is NaN.
     *
     * @param repliesPerTopic {@code replies_per_topic} of the run
     * @param multibroadcast  {@code multibroadcast} of the run
     * @param jobs            real jobs posted
     * @param jobsWithOffers  jobs with at least one offer
     * @param offersPerJob    mean offers per job, over every job
     * @param offerFeeSat     mean network fee of an offer, over every offer of every job
     * @param cheapestFeeSat  mean over the jobs with offers of the lowest network fee offered
     * @param jobsPaid        jobs whose chosen offer was paid
     * @param paidFeeSat      mean network fee of the chosen offers paid (the customer chooses the
     *                        cheapest in all, job price included, so not always the cheapest route)
     * @param framesTotal     frames sent in the run: what the extra routes cost the network
     */
    public record Point(int repliesPerTopic, int multibroadcast, int jobs, int jobsWithOffers, double offersPerJob,
            double offerFeeSat, double cheapestFeeSat, int jobsPaid, double paidFeeSat, long framesTotal) {

        /** The figures of {@code s}, a run of {@code p}. */
        static Point of(SimParams p, Summary s) {
            return new Point(p.integer("replies_per_topic"), p.integer("multibroadcast"), s.jobs, s.jobsWithOffers,
                    s.offersPerJob.count() == 0 ? Double.NaN : s.offersPerJob.mean(), s.offerFeeSat,
                    s.cheapestOfferFeeSat, s.jobsPaid, s.paidFeeSat, s.framesTotal);
        }
    }

    private RoutesSweep() {}

    /**
     * Runs {@code base} once per value k of its {@code routes_sweep} with {@code replies_per_topic} = k,
     * then once per value with {@code multibroadcast} = k as well (a run already made is not made
     * again); none when it sweeps nothing.
     */
    static List<Point> run(SimParams base, BehaviourPlan plan) {
        List<Point> points = new ArrayList<>();
        SimParams quiet = base.with("routes_sweep", "").with("progress", "false");
        for (boolean relays : new boolean[] {false, true}) {
            for (int k : base.routesSweep()) {
                SimParams p = quiet.with("replies_per_topic", Integer.toString(k));
                if (relays) {
                    p = p.with("multibroadcast", Integer.toString(k));
                }
                int replies = k;
                int multibroadcast = p.integer("multibroadcast");
                if (points.stream().noneMatch(pt -> pt.repliesPerTopic() == replies
                        && pt.multibroadcast() == multibroadcast)) {
                    points.add(Point.of(p, new Simulation(p, plan).run(null).summary()));
                }
            }
        }
        return List.copyOf(points);
    }

    /** The points of the runs with {@code multibroadcast} as the run has it ({@code relays} false), or = k. */
    static List<Point> series(List<Point> points, int baseMultibroadcast, boolean relays) {
        return points.stream().filter(p -> relays ? p.multibroadcast() == p.repliesPerTopic()
                : p.multibroadcast() == baseMultibroadcast).toList();
    }
}
