package org.giggossip.core.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * What the engine tells the application: everything a user (customer, worker,
 * node operator) would see. Jobs are identified by the payload id of their
 * request (seed 000, 3.3); offers by a number unique within their job.
 */
public sealed interface AppEvent {

    // ---- customer ----

    /** Our job was signed and its broadcast started. */
    record JobPosted(PayloadId job, Topic topic) implements AppEvent {}

    /**
     * A valid offer for our job arrived (seed 000, 3.9): price of the job and of
     * the network route, who settles, the network payment hash that names the route,
     * and the properties the worker's certificate certifies (e.g. {@code driving_licence=valid};
     * the settler's promise names that certificate, and the reply must open with it).
     */
    record OfferReceived(PayloadId job, int offer, long jobPriceMsat, long networkFeeMsat, PublicKey settler,
            Hash32 networkPaymentHash, Map<String, String> workerProperties) implements AppEvent {
        public OfferReceived {
            workerProperties = Collections.unmodifiableSortedMap(new TreeMap<>(workerProperties));
        }

        /** An offer from a worker whose certificate certifies no property. */
        public OfferReceived(PayloadId job, int offer, long jobPriceMsat, long networkFeeMsat, PublicKey settler,
                Hash32 networkPaymentHash) {
            this(job, offer, jobPriceMsat, networkFeeMsat, settler, networkPaymentHash, Map.of());
        }
    }

    /** A reply for our job was refused; {@code reason} says why. */
    record OfferRejected(PayloadId job, String reason) implements AppEvent {}

    /**
     * We chose this offer and are paying its network and job invoices: the customer took it
     * ({@link Engine#acceptOffer}), or, with {@code byPolicy}, our {@code autoChoose} policy did when
     * the offer window closed.
     */
    record OfferChosen(PayloadId job, int offer, long totalMsat, boolean byPolicy) implements AppEvent {}

    /** Both invoices of the chosen offer are accepted: our funds are locked. */
    record JobPaid(PayloadId job, int offer, long networkMsat, long jobMsat) implements AppEvent {}

    /**
     * The settler revealed the preimage and we opened the reply: the worker, the properties
     * its certificate certifies, and its message.
     */
    record ReplyOpened(PayloadId job, int offer, PublicKey worker, byte[] message, Map<String, String> workerProperties)
            implements AppEvent {
        public ReplyOpened {
            message = message.clone();
            workerProperties = Collections.unmodifiableSortedMap(new TreeMap<>(workerProperties));
        }

        /** A reply from a worker whose certificate certifies no property. */
        public ReplyOpened(PayloadId job, int offer, PublicKey worker, byte[] message) {
            this(job, offer, worker, message, Map.of());
        }

        @Override
        public byte[] message() {
            return message.clone();
        }
    }

    /** The job payment was released to the worker (confirmed or dispute window closed). */
    record JobSettled(PayloadId job, long jobMsat) implements AppEvent {}

    /** We opened a dispute: the job payment is held. */
    record DisputeOpened(PayloadId job, String reason) implements AppEvent {}

    /**
     * A dispute ended (the settler tells both parties): what became of the job
     * payment ({@code released} or {@code refunded}), who decided ({@code admin},
     * {@code customer_withdrew}, {@code default}) and why. {@code job} names our job
     * when we are the customer; empty when we are the worker.
     */
    record DisputeResolved(java.util.Optional<PayloadId> job, Hash32 replyPaymentHash, String outcome,
            String decidedBy, String reason) implements AppEvent {}

    /** An offer we did not pay lapsed; its invoices expire unpaid. */
    record OfferExpired(PayloadId job, int offer) implements AppEvent {}

    /** Our job ended without a paid offer. */
    record JobExpired(PayloadId job, String reason) implements AppEvent {}

    /**
     * We cancelled our job before any offer was paid ({@link Engine#cancelJob}): no offer may be taken,
     * later ones are refused, and the gigs of the offers received were called off at their settlers.
     */
    record JobCancelled(PayloadId job) implements AppEvent {}

    /**
     * The worker of this offer withdrew it before it was paid (its settler told us): it can no longer be
     * taken; {@code reason} is the settler's.
     */
    record OfferWithdrawn(PayloadId job, int offer, String reason) implements AppEvent {}

    /** A payment of ours failed and its funds came back. */
    record PaymentFailed(Hash32 paymentHash, String reason) implements AppEvent {}

    /**
     * Paying the offer we took failed before both its invoices were accepted
     * ({@code reason} says why): the job is open again, and the customer may take
     * this offer again (what was not accepted is paid again) or another one.
     */
    record OfferFailed(PayloadId job, int offer, String reason) implements AppEvent {}

    /**
     * The job payment of the offer we paid for came back unsettled (cancelled by
     * the settler, or expired): the worker is not paid, and the job is over.
     */
    record JobRefunded(PayloadId job, int offer, long jobMsat, String reason) implements AppEvent {}

    // ---- worker ----

    /** A job we may answer: a valid topic accepted from the network. */
    record TopicReceived(PayloadId job, Topic topic) implements AppEvent {}

    /** Our offer left for the customer. */
    record ReplySent(PayloadId job, Hash32 replyPaymentHash, long priceMsat) implements AppEvent {}

    /** Our reply could not be sent; {@code reason} says why. */
    record ReplyFailed(PayloadId job, String reason) implements AppEvent {}

    /** The customer paid our job invoice (funds locked until the settler releases them). */
    record JobPaymentAccepted(Hash32 replyPaymentHash, long msat) implements AppEvent {}

    /** Our job invoice settled: the money is ours. */
    record JobPaymentReceived(Hash32 replyPaymentHash, long msat) implements AppEvent {}

    /**
     * The customer disputes a job we were paid for (the settler holds the payment);
     * we may answer with our statement ({@code Engine.answerDispute}).
     */
    record JobDisputed(Hash32 replyPaymentHash, String reason) implements AppEvent {}

    /** Our job invoice was cancelled (dispute lost, expired). */
    record JobPaymentCancelled(Hash32 replyPaymentHash, String reason) implements AppEvent {}

    // ---- middleman and operator ----

    /** We relayed a topic to {@code peers} peers. */
    record TopicRelayed(PayloadId job, int peers) implements AppEvent {}

    /** A peer declined to broadcast for us. */
    record AskDeclined(PayloadId job, PublicKey peer, String reason) implements AppEvent {}

    /** We forwarded a reply towards its customer, with our invoice {@code feeMsat} above the previous one. */
    record ReplyForwarded(Hash32 networkPaymentHash, long feeMsat) implements AppEvent {}

    /** We could not carry a reply back (no invoice of ours for its payment hash); {@code reason} says why. */
    record ForwardFailed(Hash32 networkPaymentHash, String reason) implements AppEvent {}

    /** Our network invoice settled: we earned {@code feeMsat}. */
    record FeeEarned(Hash32 networkPaymentHash, long feeMsat) implements AppEvent {}

    /** A frame was refused; the penalty says why and counts against the peer. */
    record FrameRejected(PublicKey peer, FrameKind kind, Penalty penalty) implements AppEvent {
        public FrameRejected {
            Objects.requireNonNull(penalty, "penalty");
        }
    }

    /** A frame was dropped without blame (duplicate, unknown, late). */
    record FrameIgnored(PublicKey peer, FrameKind kind, String reason) implements AppEvent {}

    /** A settler refused a request of ours (a confirmation, a dispute); {@code reason} says why. */
    record SettlerRefused(String reason) implements AppEvent {}

    /** A proof of work we asked for was not found in time. */
    record PowFailed(PayloadId job, String reason) implements AppEvent {}
}
