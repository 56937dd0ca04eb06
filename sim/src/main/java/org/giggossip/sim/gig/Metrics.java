package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.sim.stats.Counters;
import org.giggossip.sim.stats.Samples;

/**
 * Everything a simulation measures, fed by the application events of every
 * node (what each user would see) and by the host (frames, bytes, work).
 * Knows which node is honest, so that delivery counts honest nodes only.
 */
final class Metrics {

    /** An offer's route, named by its network payment hash, and its network fee. */
    record Route(Hash32 hash, long networkFeeMsat) {}

    /** One job as the simulation observes it. */
    static final class Job {
        final PayloadId id;
        final int customer;
        final long postedAt;
        final boolean spam;
        int reached;
        /** The honest nodes that received the topic, so that a second TopicReceived is counted apart. */
        final BitSet receivedBy = new BitSet();
        int offers;
        long firstOfferAt = -1;
        long paidAt = -1;
        long networkFeeMsat = -1;
        boolean opened;
        boolean settled;
        final List<Route> offerRoutes = new ArrayList<>(2);
        /** The job (reply) payment hash of every reply a worker sent for this job. */
        final List<Hash32> replyHashes = new ArrayList<>(2);

        Job(PayloadId id, int customer, long postedAt, boolean spam) {
            this.id = id;
            this.customer = customer;
            this.postedAt = postedAt;
            this.spam = spam;
        }
    }

    final Behaviour[] behaviour;
    final Map<PayloadId, Job> jobs = new LinkedHashMap<>();
    final Map<Hash32, Integer> forwards = new HashMap<>();
    final Samples reachTimes = new Samples();
    final Samples feesEarned = new Samples();
    final long[] bytes;
    final Counters counters = new Counters();
    final Map<String, Long> rejections = new LinkedHashMap<>();
    /** When customers opened a reply of each worker (the worker got the job), in virtual time. */
    final Map<org.giggossip.core.crypto.PublicKey, List<Long>> jobsOpenedBy = new HashMap<>();
    /** When each worker sent a reply (an offer), in virtual time. */
    final Map<Integer, List<Long>> repliesBy = new HashMap<>();
    /** When the settler refused to seal a worker's reply for its certificate, in virtual time. */
    final Map<Integer, List<Long>> repliesRefusedBy = new HashMap<>();
    long powAttempts;
    long powSolved;
    long framesSent;
    long undecodable;
    /** Per behaviour, attempts spent on proofs of work. */
    final long[] attemptsByBehaviour = new long[Behaviour.values().length];

    Metrics(Behaviour[] behaviour) {
        this.behaviour = behaviour;
        this.bytes = new long[behaviour.length];
    }

    void jobPosted(PayloadId id, int customer, long now, boolean spam) {
        jobs.put(id, new Job(id, customer, now, spam));
    }

    /** An application event of node {@code node} at virtual time {@code now}. */
    void on(int node, AppEvent event, long now) {
        switch (event) {
            case AppEvent.TopicReceived t -> {
                Job job = jobs.get(t.job());
                if (job != null && node != job.customer && behaviour[node].honest()) {
                    if (job.receivedBy.get(node)) {
                        // the same job accepted twice by one node: a replay got past dedup (4.3.2)
                        counters.counter("topics_received_twice").increment();
                        return;
                    }
                    job.receivedBy.set(node);
                    job.reached++;
                    if (!job.spam) {
                        reachTimes.add(now - job.postedAt);
                    }
                }
            }
            case AppEvent.OfferReceived o -> {
                Job job = jobs.get(o.job());
                if (job != null) {
                    job.offers++;
                    job.offerRoutes.add(new Route(o.networkPaymentHash(), o.networkFeeMsat()));
                    if (job.firstOfferAt < 0) {
                        job.firstOfferAt = now;
                    }
                }
            }
            case AppEvent.JobPaid p -> {
                Job job = jobs.get(p.job());
                if (job != null) {
                    job.paidAt = now;
                    job.networkFeeMsat = p.networkMsat();
                }
            }
            case AppEvent.ReplyOpened r -> {
                Job job = jobs.get(r.job());
                if (job != null) {
                    job.opened = true;
                }
                jobsOpenedBy.computeIfAbsent(r.worker(), k -> new ArrayList<>()).add(now);
            }
            case AppEvent.JobSettled s -> {
                Job job = jobs.get(s.job());
                if (job != null) {
                    job.settled = true;
                }
            }
            case AppEvent.ReplyForwarded f -> forwards.merge(f.networkPaymentHash(), 1, Integer::sum);
            case AppEvent.FeeEarned f -> feesEarned.add(f.feeMsat());
            case AppEvent.FrameRejected r -> {
                counters.counter("frames_rejected").increment();
                rejections.merge(r.penalty().reason().label(), 1L, Long::sum);
            }
            case AppEvent.FrameIgnored i -> counters.counter("frames_ignored").increment();
            case AppEvent.OfferRejected r -> {
                counters.counter("offers_rejected").increment();
                if (r.reason().contains("is revoked")) {
                    counters.counter("replies_refused_as_revoked").increment();
                }
            }
            case AppEvent.ReplyFailed r -> {
                counters.counter("replies_failed").increment();
                if (r.reason().contains("invalid replier certificate")) {
                    repliesRefusedBy.computeIfAbsent(node, k -> new ArrayList<>()).add(now);
                }
            }
            case AppEvent.ForwardFailed r -> counters.counter("forwards_failed").increment();
            case AppEvent.ReplySent r -> {
                counters.counter("replies_sent").increment();
                repliesBy.computeIfAbsent(node, k -> new ArrayList<>()).add(now);
                Job job = jobs.get(r.job());
                if (job != null) {
                    job.replyHashes.add(r.replyPaymentHash());
                }
            }
            case AppEvent.PaymentFailed f -> counters.counter("payments_failed").increment();
            case AppEvent.OfferFailed f -> counters.counter("offers_failed").increment();
            case AppEvent.JobRefunded r -> counters.counter("jobs_refunded").increment();
            case AppEvent.AskDeclined d -> counters.counter("asks_declined").increment();
            case AppEvent.PowFailed f -> counters.counter("pow_failed").increment();
            case AppEvent.SettlerRefused r -> counters.counter("settler_refusals").increment();
            case AppEvent.JobExpired e -> counters.counter("jobs_expired").increment();
            case AppEvent.JobCancelled e -> counters.counter("jobs_cancelled").increment();
            case AppEvent.OfferWithdrawn w -> counters.counter("offers_withdrawn").increment();
            case AppEvent.JobPosted p -> { }
            case AppEvent.OfferChosen c -> { }
            case AppEvent.DisputeOpened d -> counters.counter("disputes").increment();
            case AppEvent.DisputeResolved d -> { }
            case AppEvent.JobDisputed d -> { } // counted once, as the customer's DisputeOpened // the simulator's settler has no administrator
            case AppEvent.OfferExpired e -> { }
            case AppEvent.JobPaymentAccepted a -> { }
            case AppEvent.JobPaymentReceived r -> counters.counter("job_payments_received").increment();
            case AppEvent.JobPaymentCancelled c -> counters.counter("job_payments_cancelled").increment();
            case AppEvent.TopicRelayed r -> { }
        }
    }
}
