package org.giggossip.core.settler;

import java.util.Objects;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * What a node asks of a payment settler (seed 000, 3.8 and 3.9; Figure 15). The
 * engine emits these as outputs addressed to the settler named by a
 * certificate; the host carries them (in process, over HTTP) and feeds the
 * {@link SettlerResponse} back. The host authenticates the caller; the request
 * records who it is so the settler can check that a caller acts only on its
 * own gigs.
 */
public sealed interface SettlerRequest {

    /** Correlates the request with its response. */
    long callId();

    /**
     * Replier: give me the payment hash of the job (reply) invoice for this
     * request (Figure 15). The settler keeps the preimage. Answered with
     * {@link SettlerResponse.ReplyHashIssued}.
     */
    record IssueReplyHash(long callId, SignedRequestPayload request, long replyAmountMsat)
            implements SettlerRequest {
        public IssueReplyHash {
            Objects.requireNonNull(request, "request");
            if (replyAmountMsat <= 0) {
                throw new IllegalArgumentException("reply amount must be positive");
            }
        }
    }

    /**
     * Replier: encrypt this encoded ReplyPayload under a fresh network preimage,
     * open your network hold invoice and sign a settlement promise (3.9).
     * Answered with {@link SettlerResponse.ReplySealed}.
     */
    record SealReply(long callId, Hash32 replyPaymentHash, byte[] replyPayload) implements SettlerRequest {
        public SealReply {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            replyPayload = replyPayload.clone();
        }

        @Override
        public byte[] replyPayload() {
            return replyPayload.clone();
        }
    }

    /**
     * Replier: the customer paid my job invoice, it is accepted and its funds are locked. Only a
     * claim: the settler reveals once it also has evidence it can check (its ledger shows the job
     * invoice held, or the customer's {@link JobPaymentLocked}; docs/settler.md).
     */
    record ReplyInvoiceAccepted(long callId, Hash32 replyPaymentHash) implements SettlerRequest {
        public ReplyInvoiceAccepted {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        }
    }

    /**
     * The customer's signed statement that its payment of the job invoice is locked
     * ({@link JobPaymentStatement}): the evidence a settler whose promise names
     * {@code CUSTOMER_STATEMENT} needs, with the replier's {@link ReplyInvoiceAccepted}, before
     * it reveals. Sent by the customer (or carried by the replier); what counts is the
     * signature, by the gig's customer, over this settler, this gig and the amount.
     */
    record JobPaymentLocked(long callId, Hash32 replyPaymentHash, long amountMsat, byte[] signature)
            implements SettlerRequest {
        public JobPaymentLocked {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            signature = signature.clone();
            if (amountMsat <= 0) {
                throw new IllegalArgumentException("amount must be positive");
            }
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** Customer: the job is done; release the job payment to the worker now. */
    record ConfirmJob(long callId, Hash32 replyPaymentHash) implements SettlerRequest {
        public ConfirmJob {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        }
    }

    /** Customer: hold the job payment until the dispute is resolved. */
    record OpenDispute(long callId, Hash32 replyPaymentHash, String reason) implements SettlerRequest {
        public OpenDispute {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The gig's customer or replier: call the gig off before the network preimage
     * is revealed. The network invoice is cancelled and the replier is told to
     * cancel its job invoice; refused once the network payment is being settled.
     * Anyone else is refused ({@code Settler.NOT_YOUR_GIG}). When the replier cancels a sealed
     * gig, its customer is told too ({@code ReplyCancelled} with callId 0), so that it does not take
     * the offer.
     */
    record CancelGig(long callId, Hash32 replyPaymentHash) implements SettlerRequest {
        public CancelGig {
            Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        }
    }

    /** Anyone: the preimage of this payment hash, if the settler has revealed it (end of 3.9). */
    record FetchPreimage(long callId, Hash32 paymentHash) implements SettlerRequest {
        public FetchPreimage {
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }
}
