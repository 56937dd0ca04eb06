package org.giggossip.node.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * The application's view of one node, built from the engine's {@link AppEvent}s
 * alone: our jobs with their offers and replies, the work we received, and the
 * numbered event stream. The daemon's {@link NodeApi} feeds every event to
 * {@link #on} (from its event loop) and answers {@link NodeApi#job},
 * {@link NodeApi#jobs}, {@link NodeApi#work} and {@link NodeApi#subscribe} from here;
 * {@link #checkAccept} and {@link #checkReply} give the 404 and 409 answers
 * before it asks the engine to act.
 *
 * <p>Thread-safe. State changes happen under one lock; subscribers are never
 * called while it is held (docs/style.md 8): each has a bounded queue drained by its
 * own virtual thread, and one whose queue is full is dropped with a reason, so
 * a slow subscriber never blocks the node.
 *
 * <p>Memory is bounded: at most {@code maxFinishedJobs} finished jobs (settled,
 * expired) are kept, oldest dropped first; at most {@code maxJobs} jobs and
 * {@code maxWork} received jobs in all (oldest dropped); at most
 * {@value #MAX_OFFERS_PER_JOB} offers per job.
 */
public final class AppModel {
    /** Offers kept per job; later ones are counted in the stream but not listed. */
    public static final int MAX_OFFERS_PER_JOB = 256;

    /** Job states, as {@link JobView#state()} names them. */
    public static final String OPEN = "OPEN", PAYING = "PAYING", PAID = "PAID", OPENED = "OPENED",
        SETTLED = "SETTLED", DISPUTED = "DISPUTED", RESOLVED = "RESOLVED", EXPIRED = "EXPIRED", REFUNDED = "REFUNDED";
    /** A job state, and a work state: the customer cancelled its job; our offer was called off or withdrawn. */
    public static final String CANCELLED = "CANCELLED";
    /** Who took the offer, as {@link JobView#chosenBy()} names it. */
    public static final String BY_CUSTOMER = "customer", BY_POLICY = "policy";
    /** What became of the job payment, as {@link JobView#outcome()} names it. */
    public static final String RELEASED = "released", REFUNDED_OUTCOME = "refunded";
    /** Work states, as {@link WorkView#state()} names them. */
    public static final String NEW = "NEW", REPLIED = "REPLIED", FAILED = "FAILED";

    /** Limits of one model. */
    public record Limits(int maxJobs, int maxFinishedJobs, int maxWork, int subscriberQueue, Duration offerValidity) {
        public Limits {
            if (maxJobs < 1 || maxFinishedJobs < 1 || maxWork < 1 || subscriberQueue < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
            Objects.requireNonNull(offerValidity, "offerValidity");
        }

        /**
         * 10,000 jobs, 1,000 finished, 10,000 received jobs, 4,096 queued events per
         * subscriber, offers shown as valid for 10 minutes (the engine's event does not
         * carry the validity; the daemon passes its configured value).
         */
        public static Limits defaults() {
            return new Limits(10_000, 1_000, 10_000, 4_096, Duration.ofMinutes(10));
        }
    }

    private final Limits limits;
    private final Object lock = new Object();
    // all guarded by lock
    private final LinkedHashMap<PayloadId, Job> jobs = new LinkedHashMap<>();
    private final LinkedHashMap<PayloadId, Work> work = new LinkedHashMap<>();
    private final Map<Hash32, PayloadId> workByReplyHash = new HashMap<>();
    private long seq;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

    /** A model with {@link Limits#defaults()}. */
    public AppModel() {
        this(Limits.defaults());
    }

    public AppModel(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Applies one engine event that happened at {@code at}, numbers it and queues
     * it for every subscriber. Never blocks on a subscriber.
     *
     * @return the event as the stream carries it
     */
    public ApiEvent on(AppEvent event, Instant at) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        ApiEvent numbered;
        List<Subscription> slow = new ArrayList<>();
        synchronized (lock) {
            apply(event, at);
            numbered = new ApiEvent(++seq, at, event);
            // enqueue under the lock so that every subscriber sees the order of seq
            for (Subscription s : subscribers) {
                if (!s.offer(numbered)) {
                    slow.add(s);
                }
            }
        }
        for (Subscription s : slow) {
            s.drop("fell behind: more than " + limits.subscriberQueue() + " events undelivered");
        }
        return numbered;
    }

    /** The sequence number of the last event applied, 0 before the first. */
    public long lastSeq() {
        synchronized (lock) {
            return seq;
        }
    }

    /** One of our jobs. */
    public Optional<JobView> job(PayloadId id) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(id)).map(Job::view);
        }
    }

    /** Our jobs, newest first. */
    public List<JobView> jobs() {
        synchronized (lock) {
            List<JobView> out = new ArrayList<>(jobs.size());
            jobs.values().forEach(j -> out.add(j.view()));
            return out.reversed();
        }
    }

    /** Jobs received from the network, newest first. */
    public List<WorkView> work() {
        synchronized (lock) {
            List<WorkView> out = new ArrayList<>(work.size());
            work.values().forEach(w -> out.add(w.view()));
            return out.reversed();
        }
    }

    /** One received job. */
    public Optional<WorkView> workItem(PayloadId id) {
        synchronized (lock) {
            return Optional.ofNullable(work.get(id)).map(Work::view);
        }
    }

    /**
     * Whether offer {@code offer} of job {@code id} may be accepted now.
     *
     * @throws ApiException 404 for an unknown job or offer, 409 if the job is not open for a choice
     */
    public void checkAccept(PayloadId id, int offer) {
        synchronized (lock) {
            Job j = jobs.get(id);
            if (j == null) {
                throw new ApiException(404, "no job " + id.hex());
            }
            if (!j.state.equals(OPEN)) {
                throw new ApiException(409, "job " + id.hex() + " is " + j.state + ", not OPEN");
            }
            if (!j.offers.containsKey(offer)) {
                throw new ApiException(404, "job " + id.hex() + " has no offer " + offer);
            }
        }
    }

    /**
     * Whether received job {@code id} may be answered now.
     *
     * @throws ApiException 404 if it is unknown or was already answered
     */
    public void checkReply(PayloadId id) {
        synchronized (lock) {
            Work w = work.get(id);
            if (w == null) {
                throw new ApiException(404, "no received job " + id.hex());
            }
            if (!w.state.equals(NEW)) {
                throw new ApiException(404, "job " + id.hex() + " is " + w.state + " and can no longer be answered");
            }
        }
    }

    /**
     * Whether job {@code id} may be cancelled now: it is collecting offers, none paid or being paid.
     *
     * @throws ApiException 404 for an unknown job, 409 (with the reason) for one being paid, paid or ended
     */
    public void checkCancel(PayloadId id) {
        synchronized (lock) {
            Job j = jobs.get(id);
            if (j == null) {
                throw new ApiException(404, "no job " + id.hex());
            }
            if (!j.state.equals(OPEN)) {
                throw new ApiException(409, "job " + id.hex() + " is " + j.state + "; only an OPEN job (no offer paid"
                        + " or being paid) is cancelled" + (j.state.equals(PAID) || j.state.equals(OPENED)
                        ? ": confirm it or open a dispute instead" : ""));
            }
        }
    }

    /**
     * The job payment hashes of our offers for received job {@code id} (one per route answered), if they
     * may be withdrawn now: we answered it and the customer has paid none.
     *
     * @throws ApiException 404 for a job we never received, 409 (with the reason) for one not answered,
     *                      already paid or ended
     */
    public List<Hash32> checkWithdraw(PayloadId id) {
        synchronized (lock) {
            Work w = work.get(id);
            if (w == null) {
                throw new ApiException(404, "no received job " + id.hex());
            }
            if (!w.state.equals(REPLIED) || w.replyHashes.isEmpty()) {
                throw new ApiException(409, "job " + id.hex() + " is " + w.state + "; only a REPLIED offer (sent, not"
                        + " paid) is withdrawn");
            }
            return w.replyHashes.stream().sorted(java.util.Comparator.comparing(Hash32::hex)).toList();
        }
    }

    /**
     * The job payment hash of received job {@code id} that the customer paid: the one its dispute is about.
     *
     * @throws ApiException 404 if it is unknown, 409 if the customer paid none of our offers for it
     */
    public Hash32 paidHash(PayloadId id) {
        synchronized (lock) {
            Work w = work.get(id);
            if (w == null) {
                throw new ApiException(404, "no received job " + id.hex());
            }
            return w.paid.orElseThrow(() -> new ApiException(409, "job " + id.hex() + " is " + w.state
                    + ": the customer paid none of our offers for it"));
        }
    }

    /** Delivers every later event to {@code listener}, in order, on a thread of its own; see {@link #subscribe(Consumer, Consumer)}. */
    public Subscription subscribe(Consumer<ApiEvent> listener) {
        return subscribe(listener, reason -> {});
    }

    /**
     * Delivers every later event to {@code listener}, in order, on a virtual thread
     * of the subscription's. If the listener falls more than the queue size behind,
     * or throws, the subscription is closed and {@code onDropped} told why.
     */
    public Subscription subscribe(Consumer<ApiEvent> listener, Consumer<String> onDropped) {
        Subscription s = new Subscription(limits.subscriberQueue(), listener, onDropped, subscribers::remove);
        subscribers.add(s);
        s.start();
        return s;
    }

    /** Subscribers now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    // ---- state transitions, under lock ----

    private void apply(AppEvent event, Instant at) {
        switch (event) {
            case AppEvent.JobPosted e -> {
                jobs.putIfAbsent(e.job(), new Job(e.job(), e.topic(), at));
                trimJobs();
            }
            case AppEvent.OfferReceived e -> withJob(e.job(), j -> {
                if (j.offers.size() < MAX_OFFERS_PER_JOB && !j.finished()) {
                    j.offers.put(e.offer(), new OfferView(e.offer(), e.jobPriceMsat(), e.networkFeeMsat(),
                        e.settler(), at.plus(limits.offerValidity()), Optional.empty(), e.workerProperties()));
                }
            });
            case AppEvent.OfferChosen e -> withJob(e.job(), j -> {
                j.chosen = Optional.of(e.offer());
                j.chosenBy = Optional.of(e.byPolicy() ? BY_POLICY : BY_CUSTOMER);
                j.chosenAt = Optional.of(at);
                j.state = PAYING;
                j.reason = Optional.empty(); // a payment failure before is no longer the last word
                j.offers.computeIfPresent(e.offer(), (n, o) -> o.withFailure(Optional.empty()));
            });
            case AppEvent.JobPaid e -> withJob(e.job(), j -> {
                j.chosen = Optional.of(e.offer());
                j.state = PAID;
            });
            case AppEvent.ReplyOpened e -> withJob(e.job(), j -> {
                j.worker = Optional.of(e.worker());
                j.workerProperties = e.workerProperties();
                j.reply = Optional.of(e.message());
                // the reply may open after the job payment came back, was released, or was disputed
                if (j.state.equals(PAYING) || j.state.equals(PAID)) {
                    j.state = OPENED;
                }
            });
            case AppEvent.JobSettled e -> withJob(e.job(), j -> {
                // released to the worker: by the customer's confirmation or the end of the dispute window,
                // or, once disputed, by the settler's resolution for the worker or the customer's withdrawal
                j.outcome = Optional.of(RELEASED);
                if (j.decidedBy.isEmpty()) { // else the settler's DisputeResolved said it all
                    finish(j, j.state.equals(DISPUTED) ? RESOLVED : SETTLED, Optional.empty());
                }
            });
            case AppEvent.DisputeOpened e -> withJob(e.job(), j -> {
                j.state = DISPUTED;
                j.reason = Optional.of(e.reason());
            });
            // the settler's word on our dispute: the outcome, who decided and why (the money follows)
            case AppEvent.DisputeResolved e -> e.job().ifPresent(id -> withJob(id, j -> {
                j.outcome = Optional.of(e.outcome());
                j.decidedBy = Optional.of(e.decidedBy());
                finish(j, RESOLVED, Optional.of(e.reason()));
            }));
            case AppEvent.OfferExpired e -> withJob(e.job(), j -> {
                if (!j.chosen.equals(Optional.of(e.offer()))) {
                    j.offers.remove(e.offer());
                }
            });
            case AppEvent.JobExpired e -> withJob(e.job(), j -> finish(j, EXPIRED, Optional.of(e.reason())));
            case AppEvent.JobCancelled e -> withJob(e.job(), j -> {
                finish(j, CANCELLED, Optional.of("cancelled by the customer"));
            });
            case AppEvent.OfferWithdrawn e -> withJob(e.job(), j -> {
                if (!j.chosen.equals(Optional.of(e.offer()))) {
                    j.offers.remove(e.offer());
                }
            });
            case AppEvent.OfferFailed e -> withJob(e.job(), j -> {
                // Paying it failed: the job is open again and the offer stays, with why, so that the
                // customer may take it again or another (it used to vanish, leaving nothing to take).
                j.offers.computeIfPresent(e.offer(), (n, o) -> o.withFailure(Optional.of(e.reason())));
                if (j.state.equals(PAYING) && j.chosen.equals(Optional.of(e.offer()))) {
                    j.chosen = Optional.empty();
                    j.state = OPEN;
                    j.reason = Optional.of("payment failed: " + e.reason());
                }
            });
            case AppEvent.JobRefunded e -> withJob(e.job(), j -> {
                // came back unsettled: cancelled or lapsed, or, once disputed, resolved for the customer
                j.outcome = Optional.of(REFUNDED_OUTCOME);
                if (j.decidedBy.isEmpty()) { // else the settler's DisputeResolved said who decided and why
                    finish(j, j.state.equals(DISPUTED) ? RESOLVED : REFUNDED,
                            Optional.of("job payment refunded: " + e.reason()));
                }
            });
            case AppEvent.PaymentFailed e -> { } // what it means for a job comes as OfferFailed or JobRefunded
            case AppEvent.TopicReceived e -> {
                work.putIfAbsent(e.job(), new Work(e.job(), e.topic(), at));
                while (work.size() > limits.maxWork()) {
                    Work oldest = work.pollFirstEntry().getValue();
                    oldest.replyHashes.forEach(workByReplyHash::remove);
                }
            }
            // A job may be answered over several routes (replies_per_topic), one job invoice each; the
            // customer pays one. The others lapse: that is no cancellation of the job taken.
            case AppEvent.ReplySent e -> withWork(e.job(), w -> {
                if (w.state.equals(NEW) || w.state.equals(FAILED)) {
                    w.state = REPLIED;
                }
                if (w.replyHashes.add(e.replyPaymentHash())) {
                    w.open++;
                }
                workByReplyHash.put(e.replyPaymentHash(), e.job());
            });
            case AppEvent.ReplyFailed e -> withWork(e.job(), w -> {
                if (w.state.equals(NEW)) {
                    w.state = FAILED;
                }
            });
            case AppEvent.JobPaymentAccepted e -> withReplyHash(e.replyPaymentHash(), w -> {
                w.paid = Optional.of(e.replyPaymentHash());
                w.state = PAID;
            });
            case AppEvent.JobPaymentReceived e -> withReplyHash(e.replyPaymentHash(), w -> w.state = SETTLED);
            case AppEvent.JobPaymentCancelled e -> withReplyHash(e.replyPaymentHash(), w -> {
                w.open--;
                if (w.paid.map(e.replyPaymentHash()::equals).orElse(w.open <= 0)) {
                    w.state = CANCELLED;
                }
            });
            // the customer disputes it: the payment is held; we may answer (answerDispute)
            case AppEvent.JobDisputed e -> withReplyHash(e.replyPaymentHash(), w -> w.state = DISPUTED);
            case AppEvent.OfferRejected e -> { }
            case AppEvent.TopicRelayed e -> { }
            case AppEvent.AskDeclined e -> { }
            case AppEvent.ReplyForwarded e -> { }
            case AppEvent.ForwardFailed e -> { }
            case AppEvent.FeeEarned e -> { }
            case AppEvent.FrameRejected e -> { }
            case AppEvent.FrameIgnored e -> { }
            case AppEvent.SettlerRefused e -> { }
            case AppEvent.PowFailed e -> { }
        }
    }

    private void withJob(PayloadId id, Consumer<Job> change) {
        Job j = jobs.get(id);
        if (j != null) {
            change.accept(j);
        }
    }

    private void withWork(PayloadId id, Consumer<Work> change) {
        Work w = work.get(id);
        if (w != null) {
            change.accept(w);
        }
    }

    private void withReplyHash(Hash32 hash, Consumer<Work> change) {
        PayloadId id = workByReplyHash.get(hash);
        if (id != null) {
            withWork(id, change);
        }
    }

    private void finish(Job j, String state, Optional<String> reason) {
        j.state = state;
        if (reason.isPresent()) {
            j.reason = reason;
        }
        trimJobs();
    }

    /** Drops the oldest finished jobs beyond the limit, then the oldest of all beyond the total limit. */
    private void trimJobs() {
        long finished = jobs.values().stream().filter(Job::finished).count();
        var it = jobs.values().iterator();
        while (finished > limits.maxFinishedJobs() && it.hasNext()) {
            Job j = it.next();
            if (j.finished()) {
                it.remove();
                finished--;
            }
        }
        while (jobs.size() > limits.maxJobs()) {
            jobs.pollFirstEntry();
        }
    }

    /** One of our jobs; mutable, guarded by the model's lock. */
    private static final class Job {
        final PayloadId id;
        final Topic topic;
        final Instant posted;
        final LinkedHashMap<Integer, OfferView> offers = new LinkedHashMap<>();
        String state = OPEN;
        Optional<Integer> chosen = Optional.empty();
        Optional<PublicKey> worker = Optional.empty();
        Map<String, String> workerProperties = Map.of();
        Optional<byte[]> reply = Optional.empty();
        Optional<String> reason = Optional.empty();
        Optional<String> chosenBy = Optional.empty();
        Optional<Instant> chosenAt = Optional.empty();
        Optional<String> outcome = Optional.empty();
        Optional<String> decidedBy = Optional.empty();

        Job(PayloadId id, Topic topic, Instant posted) {
            this.id = id;
            this.topic = topic;
            this.posted = posted;
        }

        boolean finished() {
            return state.equals(SETTLED) || state.equals(EXPIRED) || state.equals(REFUNDED) || state.equals(RESOLVED)
                    || state.equals(CANCELLED);
        }

        JobView view() {
            return new JobView(id, topic, posted, state, List.copyOf(offers.values()), chosen, chosenBy, chosenAt,
                    worker, reply, reason, outcome, workerProperties, decidedBy);
        }
    }

    /** One received job; mutable, guarded by the model's lock. */
    private static final class Work {
        final PayloadId id;
        final Topic topic;
        final Instant received;
        String state = NEW;
        /** The job invoices of our replies (one per route answered, at most repliesPerTopic). */
        final java.util.Set<Hash32> replyHashes = new java.util.HashSet<>();
        /** Replies whose job invoice has not been cancelled. */
        int open;
        /** The job invoice the customer paid, once it did. */
        Optional<Hash32> paid = Optional.empty();

        Work(PayloadId id, Topic topic, Instant received) {
            this.id = id;
            this.topic = topic;
            this.received = received;
        }

        WorkView view() {
            return new WorkView(id, topic, received, state);
        }
    }
}
