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
}
