package org.giggossip.core.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.topic.TopicPolicy;

/**
 * A node's protocol policy (seed 000, section 3): what it asks of others, what
 * it accepts from them, and how it acts as customer and worker. Immutable;
 * {@link #builder()} starts from the defaults listed on each method.
 *
 * @param fanout                  peers a topic is relayed to (3.6); default 4
 * @param multibroadcast          times this node relays one payload id (3.6): the routes of one topic that go
 *                                through it as a middleman ("routes per middleman"); default 1
 * @param powTarget               the proof of work this node asks for (3.4); default difficulty 2^10
 * @param conditionsTtl           how long our conditions stay valid (valid_till, 3.6); default 10 s
 * @param timestampTolerance      timestamp_tolerance we ask for (3.6, 4.3.2); default 30 s
 * @param replyFeeMsat            our fee for carrying a reply back (3.9); default 1,000 msat
 * @param topicPolicy             which topics we carry (3.1); default {@link TopicPolicy#defaults()}
 * @param maxPowDifficulty        hardest proof of work we solve for a peer; default 2^20 attempts
 * @param maxPeerFeeMsat          highest reply fee of a peer we relay through; default 100,000 msat
 * @param askTimeout              how long we wait for an answer to an ask; default 10 s
 * @param seenRetention           how long we remember a payload id (dedup, 3.3); default 30 min; not shorter
 *                                than {@code timestampTolerance}, or a replay still inside the window finds the
 *                                id forgotten and is accepted and relayed again (4.3.2)
 * @param senderTopicsPerWindow   topics relayed per sender per {@code senderWindow}, 0 = unlimited; default 0
 * @param senderWindow            the window of that limit; default 1 min
 * @param requiredSenderProperties certificate properties a sender must have (3.2); default none
 * @param requiredWorkerProperties certificate properties a worker must have for us to pay (3.9); default none
 * @param offerWindow             how long a customer collects offers before choosing (3.6); default 10 s
 * @param autoChoose              whether to choose and pay when the offer window closes; default true
 * @param offerChooser            which offer to take; default {@link OfferChooser#CHEAPEST}
 * @param maxNetworkFeeMsat       highest network fee a customer pays; default 1,000,000 msat
 * @param invoiceExpiryDelta      how much later than the next hop's our invoice expires (3.8); default 60 s
 * @param jobInvoiceMargin        how much longer than the settler's stated terms (invoice lifetime, dispute
 *                                window and dispute deadline) a worker's job invoice lives; more than
 *                                {@link DisputeTerms#SETTLE_MARGIN}, which the settler and the customer ask for
 *                                beyond those terms (the rest covers the time to the seal); default 1 h
 * @param maxSettlementSpan       the longest a worker lets its job invoice, or a customer its job payment, wait
 *                                for the settler: a settler stating a longer invoice lifetime, dispute window
 *                                and deadline is refused; default 14 days
 * @param settler                 the settler a worker uses (3.9); empty = cannot reply
 * @param workerPolicy            bids automatically on topics; default {@link WorkerPolicy#NONE}
 * @param repliesPerTopic         copies of one topic (each over another route) a worker answers, 1 to
 *                                {@link #MAX_REPLIES_PER_TOPIC}; each reply is an offer with its own network
 *                                invoice, so the customer can pick the cheapest route (3.6); default 2
 * @param autoConfirmAfter        a customer confirms the job done this long after opening the reply; empty = the app does
 * @param appReplyWindow          how long a node without a worker policy keeps a topic (and its onion) so its
 *                                application can still {@code reply}; empty (the default) = the app cannot
 */
public record EngineConfig(
        int fanout,
        int multibroadcast,
        Target powTarget,
        Duration conditionsTtl,
        Duration timestampTolerance,
        long replyFeeMsat,
        TopicPolicy topicPolicy,
        double maxPowDifficulty,
        long maxPeerFeeMsat,
        Duration askTimeout,
        Duration seenRetention,
        int senderTopicsPerWindow,
        Duration senderWindow,
        Map<String, String> requiredSenderProperties,
        Map<String, String> requiredWorkerProperties,
        Duration offerWindow,
        boolean autoChoose,
        OfferChooser offerChooser,
        long maxNetworkFeeMsat,
        Duration invoiceExpiryDelta,
        Duration jobInvoiceMargin,
        Duration maxSettlementSpan,
        Optional<PublicKey> settler,
        WorkerPolicy workerPolicy,
        Optional<Duration> autoConfirmAfter,
        Optional<Duration> appReplyWindow,
        int repliesPerTopic) {

    /** Most copies of one topic a worker may answer: each costs a settler call and a job invoice. */
    public static final int MAX_REPLIES_PER_TOPIC = 16;

    public EngineConfig {
        if (fanout < 1) {
            throw new IllegalArgumentException("fanout must be at least 1: " + fanout);
        }
        if (multibroadcast < 1) {
            throw new IllegalArgumentException("multibroadcast must be at least 1: " + multibroadcast);
        }
        if (repliesPerTopic < 1 || repliesPerTopic > MAX_REPLIES_PER_TOPIC) {
            throw new IllegalArgumentException("repliesPerTopic must be 1 to " + MAX_REPLIES_PER_TOPIC + ": "
                    + repliesPerTopic);
        }
        if (senderTopicsPerWindow < 0) {
            throw new IllegalArgumentException("senderTopicsPerWindow must not be negative");
        }
        if (replyFeeMsat < 0 || maxPeerFeeMsat < 0 || maxNetworkFeeMsat < 0) {
            throw new IllegalArgumentException("fees must not be negative");
        }
        Objects.requireNonNull(powTarget, "powTarget");
        Objects.requireNonNull(topicPolicy, "topicPolicy");
        Objects.requireNonNull(offerChooser, "offerChooser");
        Objects.requireNonNull(settler, "settler");
        Objects.requireNonNull(workerPolicy, "workerPolicy");
        Objects.requireNonNull(autoConfirmAfter, "autoConfirmAfter");
        Objects.requireNonNull(appReplyWindow, "appReplyWindow");
        for (Duration d : new Duration[] {conditionsTtl, timestampTolerance, askTimeout, seenRetention, senderWindow,
                offerWindow, invoiceExpiryDelta, jobInvoiceMargin, maxSettlementSpan}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (jobInvoiceMargin.compareTo(DisputeTerms.SETTLE_MARGIN) <= 0) {
            throw new IllegalArgumentException("jobInvoiceMargin " + jobInvoiceMargin + " must exceed "
                    + DisputeTerms.SETTLE_MARGIN + ", what the settler and customers ask for beyond the terms");
        }
        // A replayed broadcast passes the proof-of-work and timestamp checks for timestampTolerance
        // after its timestamp; only dedup by payload id stops it inside that window (4.3.2). With a
        // shorter memory, chatterboxes replaying accepted frames re-flood every topic, each re-accept
        // feeding them new frames to replay.
        if (seenRetention.compareTo(timestampTolerance) < 0) {
            throw new IllegalArgumentException("seenRetention " + seenRetention
                    + " must not be shorter than timestampTolerance " + timestampTolerance);
        }
        requiredSenderProperties = Map.copyOf(requiredSenderProperties);
        requiredWorkerProperties = Map.copyOf(requiredWorkerProperties);
    }

    /** The defaults. */
    public static EngineConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fanout = fanout;
        b.multibroadcast = multibroadcast;
        b.powTarget = powTarget;
        b.conditionsTtl = conditionsTtl;
        b.timestampTolerance = timestampTolerance;
        b.replyFeeMsat = replyFeeMsat;
        b.topicPolicy = topicPolicy;
        b.maxPowDifficulty = maxPowDifficulty;
        b.maxPeerFeeMsat = maxPeerFeeMsat;
        b.askTimeout = askTimeout;
        b.seenRetention = seenRetention;
        b.senderTopicsPerWindow = senderTopicsPerWindow;
        b.senderWindow = senderWindow;
        b.requiredSenderProperties = requiredSenderProperties;
        b.requiredWorkerProperties = requiredWorkerProperties;
        b.offerWindow = offerWindow;
        b.autoChoose = autoChoose;
        b.offerChooser = offerChooser;
        b.maxNetworkFeeMsat = maxNetworkFeeMsat;
        b.invoiceExpiryDelta = invoiceExpiryDelta;
        b.jobInvoiceMargin = jobInvoiceMargin;
        b.maxSettlementSpan = maxSettlementSpan;
        b.settler = settler;
        b.workerPolicy = workerPolicy;
        b.autoConfirmAfter = autoConfirmAfter;
        b.appReplyWindow = appReplyWindow;
        b.repliesPerTopic = repliesPerTopic;
        return b;
    }

    /** Builds an {@link EngineConfig}; every setter returns the builder. */
    public static final class Builder {
        private int fanout = 4;
        private int multibroadcast = 1;
        private Target powTarget = Target.fromDifficulty(1 << 10);
        private Duration conditionsTtl = Duration.ofSeconds(10);
        private Duration timestampTolerance = Duration.ofSeconds(30);
        private long replyFeeMsat = 1_000;
        private TopicPolicy topicPolicy = TopicPolicy.defaults();
        private double maxPowDifficulty = 1 << 20;
        private long maxPeerFeeMsat = 100_000;
        private Duration askTimeout = Duration.ofSeconds(10);
        private Duration seenRetention = Duration.ofMinutes(30);
        private int senderTopicsPerWindow = 0;
        private Duration senderWindow = Duration.ofMinutes(1);
        private Map<String, String> requiredSenderProperties = Map.of();
        private Map<String, String> requiredWorkerProperties = Map.of();
        private Duration offerWindow = Duration.ofSeconds(10);
        private boolean autoChoose = true;
        private OfferChooser offerChooser = OfferChooser.CHEAPEST;
        private long maxNetworkFeeMsat = 1_000_000;
        private Duration invoiceExpiryDelta = Duration.ofSeconds(60);
        private Duration jobInvoiceMargin = Duration.ofHours(1);
        private Duration maxSettlementSpan = Duration.ofDays(14);
        private Optional<PublicKey> settler = Optional.empty();
        private WorkerPolicy workerPolicy = WorkerPolicy.NONE;
        private Optional<Duration> autoConfirmAfter = Optional.empty();
        private Optional<Duration> appReplyWindow = Optional.empty();
        private int repliesPerTopic = 2;

        private Builder() {}

        public Builder fanout(int v) { fanout = v; return this; }
        public Builder multibroadcast(int v) { multibroadcast = v; return this; }
        public Builder powTarget(Target v) { powTarget = v; return this; }
        public Builder powDifficulty(double expectedAttempts) { powTarget = Target.fromDifficulty(expectedAttempts); return this; }
        public Builder conditionsTtl(Duration v) { conditionsTtl = v; return this; }
        public Builder timestampTolerance(Duration v) { timestampTolerance = v; return this; }
        public Builder replyFeeMsat(long v) { replyFeeMsat = v; return this; }
        public Builder topicPolicy(TopicPolicy v) { topicPolicy = v; return this; }
        public Builder maxPowDifficulty(double v) { maxPowDifficulty = v; return this; }
        public Builder maxPeerFeeMsat(long v) { maxPeerFeeMsat = v; return this; }
        public Builder askTimeout(Duration v) { askTimeout = v; return this; }
        public Builder seenRetention(Duration v) { seenRetention = v; return this; }
        public Builder senderTopicsPerWindow(int v) { senderTopicsPerWindow = v; return this; }
        public Builder senderWindow(Duration v) { senderWindow = v; return this; }
        public Builder requiredSenderProperties(Map<String, String> v) { requiredSenderProperties = v; return this; }
        public Builder requiredWorkerProperties(Map<String, String> v) { requiredWorkerProperties = v; return this; }
        public Builder offerWindow(Duration v) { offerWindow = v; return this; }
        public Builder autoChoose(boolean v) { autoChoose = v; return this; }
        public Builder offerChooser(OfferChooser v) { offerChooser = v; return this; }
        public Builder maxNetworkFeeMsat(long v) { maxNetworkFeeMsat = v; return this; }
        public Builder invoiceExpiryDelta(Duration v) { invoiceExpiryDelta = v; return this; }
        public Builder jobInvoiceMargin(Duration v) { jobInvoiceMargin = v; return this; }
        public Builder maxSettlementSpan(Duration v) { maxSettlementSpan = v; return this; }
        public Builder settler(PublicKey v) { settler = Optional.of(v); return this; }
        public Builder workerPolicy(WorkerPolicy v) { workerPolicy = v; return this; }
        public Builder autoConfirmAfter(Duration v) { autoConfirmAfter = Optional.ofNullable(v); return this; }
        public Builder appReplyWindow(Duration v) { appReplyWindow = Optional.ofNullable(v); return this; }
        public Builder repliesPerTopic(int v) { repliesPerTopic = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(fanout, multibroadcast, powTarget, conditionsTtl, timestampTolerance, replyFeeMsat,
                    topicPolicy, maxPowDifficulty, maxPeerFeeMsat, askTimeout, seenRetention, senderTopicsPerWindow,
                    senderWindow, requiredSenderProperties, requiredWorkerProperties, offerWindow, autoChoose,
                    offerChooser, maxNetworkFeeMsat, invoiceExpiryDelta, jobInvoiceMargin, maxSettlementSpan, settler,
                    workerPolicy, autoConfirmAfter, appReplyWindow, repliesPerTopic);
        }
    }
}
