package org.giggossip.core.settler;

import java.util.Objects;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.SettlementPromise;

/**
 * What a payment settler answers or announces to a node (seed 000, 3.9).
 * Hosts deliver these to {@code Engine.onSettler}.
 */
public sealed interface SettlerResponse {

    /** The request this answers, or 0 for a notice the settler pushes by itself. */
    long callId();

    /**
     * The payment hash for the replier's job invoice, and the settler's terms the invoice must
     * outlive ({@code terms} null from an older settler, which states none).
     */
    record ReplyHashIssued(long callId, Hash32 replyPaymentHash, DisputeTerms terms) implements SettlerResponse {
        public ReplyHashIssued {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        }

        /** An answer that states no terms, as an older settler's. */
        public ReplyHashIssued(long callId, Hash32 replyPaymentHash) {
            this(callId, replyPaymentHash, null);
        }
    }

    /**
     * The sealed reply (3.9): the reply payload encrypted under the network
     * preimage's key, the signed settlement promise, and the settler's own
     * network hold invoice (BOLT 11) at the start of the invoice chain.
     */
    record ReplySealed(long callId, byte[] encryptedReplyPayload, SettlementPromise promise, String networkInvoice)
            implements SettlerResponse {
        public ReplySealed {
            encryptedReplyPayload = encryptedReplyPayload.clone();
            Objects.requireNonNull(promise, "promise");
            Objects.requireNonNull(networkInvoice, "networkInvoice");
        }

        @Override
        public byte[] encryptedReplyPayload() {
            return encryptedReplyPayload.clone();
        }
    }

    /** The request was done. */
    record Done(long callId) implements SettlerResponse {}

    /** The request was refused; nothing changed. */
    record Refused(long callId, String reason) implements SettlerResponse {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A revealed preimage: the answer to a FetchPreimage (callId > 0), or a
     * notice pushed to the replier when its job payment is released (callId 0).
     */
    record PreimageRevealed(long callId, Hash32 paymentHash, Preimage preimage) implements SettlerResponse {
        public PreimageRevealed {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(preimage, "preimage");
        }
    }

    /**
     * A notice (callId 0) pushed to the replier when a dispute ends against it:
     * cancel the job invoice so the customer's funds go back.
     */
    record ReplyCancelled(long callId, Hash32 replyPaymentHash, String reason) implements SettlerResponse {
        public ReplyCancelled {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A notice (callId 0) pushed to the replier when the customer opens a dispute
     * of its job: the job payment is held; the replier may answer with
     * {@link SettlerRequest.AnswerDispute}.
     *
     * @param reason the customer's reason
     */
    record DisputeOpened(long callId, Hash32 replyPaymentHash, String reason) implements SettlerResponse {
        public DisputeOpened {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A notice (callId 0) pushed to both the customer and the replier when a
     * dispute ends: what became of the job payment, who decided and why.
     *
     * @param outcome   {@code released} (to the worker) or {@code refunded} (to the customer)
     * @param decidedBy {@code admin}, {@code customer_withdrew} or {@code default} (no administrator ruled in time)
     * @param reason    the administrator's reason, or what the settler says of the other deciders
     */
    record DisputeResolved(long callId, Hash32 replyPaymentHash, String outcome, String decidedBy, String reason)
            implements SettlerResponse {
        /** The outcomes. */
        public static final String RELEASED = "released", REFUNDED = "refunded";
        /** Who decided. */
        public static final String BY_ADMIN = "admin", BY_CUSTOMER_WITHDREW = "customer_withdrew",
                BY_DEFAULT = "default";

        public DisputeResolved {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            Objects.requireNonNull(reason, "reason");
            if (!RELEASED.equals(outcome) && !REFUNDED.equals(outcome)) {
                throw new IllegalArgumentException("unknown dispute outcome " + outcome);
            }
            if (!BY_ADMIN.equals(decidedBy) && !BY_CUSTOMER_WITHDREW.equals(decidedBy)
                    && !BY_DEFAULT.equals(decidedBy)) {
                throw new IllegalArgumentException("unknown decider " + decidedBy);
            }
        }
    }
}
