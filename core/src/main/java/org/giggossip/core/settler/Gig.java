package org.giggossip.core.settler;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;

/**
 * One reply the settler handles, keyed by the payment hash of its job (reply)
 * invoice (seed 000, 3.9, Figure 15). Mutable, owned by the settler's thread.
 */
final class Gig {

    /** Where a gig is. Each stage has at most one deadline (see {@link Payments#onDeadline}). */
    enum Stage {
        /** The reply hash was issued; waiting for SealReply. Deadline: drop. */
        ISSUED,
        /** The network invoice was asked of the wallet; waiting for InvoiceCreated. Deadline: refuse, drop. */
        SEALING,
        /** The promise was given; waiting for both acceptances. Deadline: cancel, drop. */
        SEALED,
        /** Settle was asked of the wallet; waiting for InvoiceSettled. Deadline: cancel, drop. */
        REVEALING,
        /** The network preimage is public; the dispute window runs. Deadline: release the job payment. */
        REVEALED,
        /** The customer disputes the job; the admin decides. Deadline: the stated default outcome. */
        DISPUTED
    }

    final Hash32 replyHash;
    final Preimage replyPreimage;
    /** The subject of the request's sender certificate. */
    final PublicKey customer;
    /** The caller that asked for the reply hash. */
    final PublicKey replier;
    final long replyAmountMsat;
    /** SHA-256 of the encoded signed request, to check that the sealed reply answers it. */
    final byte[] requestDigest;

    Stage stage = Stage.ISSUED;
    /** The replier's callId of SealReply, answered once the wallet created the network invoice. */
    long sealCallId;
    /** The callId of the wallet request in flight (create or settle), 0 when none. */
    long walletCallId;
    Preimage networkPreimage;
    Hash32 networkHash;
    Instant networkExpiresAt;
    /** The replier's job invoice (BOLT 11), checked at SealReply and repeated in the promise. */
    String replyInvoice;
    /** The network invoice (BOLT 11) of the promise, from SEALED on; null in a state stored before it was kept. */
    String networkInvoice;
    /** The encrypted reply payload, kept only until ReplySealed is sent. */
    byte[] encryptedReplyPayload;
    boolean networkAccepted;
    boolean replyAccepted;
    /** The dispute terms stated in the promise, from SEALING on; null before, or in a state stored before them. */
    java.time.Duration disputeWindow;
    java.time.Duration disputeDeadline;
    org.giggossip.core.wire.DisputeOutcome disputeDefault;
    /**
     * Evidence the settler can check that the job payment is locked: its wallet saw the job invoice
     * ACCEPTED for the amount, or the customer's signed statement arrived (docs/settler.md, "What the
     * settler checks before it reveals"). The replier's claim alone is not enough.
     */
    boolean jobPaymentSeen;
    /**
     * When the network chain settles, fixed at the seal (docs/settler.md, "Network settlement: on reveal or
     * on job done"). Under {@link NetworkSettlement#ON_JOB_DONE} a REVEALED or DISPUTED gig still holds its
     * accepted network invoice: it is settled with the job's release, cancelled with its refund.
     */
    NetworkSettlement networkSettlement = NetworkSettlement.ON_REVEAL;
    /** The customer's reason, while disputed. */
    String disputeReason;
    /** When the customer opened the dispute; null when not disputed, or stored before this was kept. */
    Instant disputeOpenedAt;
    /** The replier's answer to the dispute, null until it answers. */
    String workerStatement;
    /** When the replier answered, null until it answers. */
    Instant workerAnsweredAt;
    /** When the current stage ends by itself; null when it has no deadline. */
    Instant deadline;
    /** Bumped whenever the deadline changes, so that stale timers are ignored. */
    int generation;

    Gig(Hash32 replyHash, Preimage replyPreimage, PublicKey customer, PublicKey replier, long replyAmountMsat,
            byte[] requestDigest) {
        this.replyHash = replyHash;
        this.replyPreimage = replyPreimage;
        this.customer = customer;
        this.replier = replier;
        this.replyAmountMsat = replyAmountMsat;
        this.requestDigest = requestDigest;
    }

    GigView view() {
        return new GigView(replyHash, stage.name(), customer, replier, replyAmountMsat, networkHash,
                networkExpiresAt, networkAccepted, replyAccepted, deadline,
                stage == Stage.DISPUTED ? disputeReason : null);
    }

    /** The open dispute's evidence; only while DISPUTED. */
    DisputeView disputeView() {
        return new DisputeView(replyHash, customer, replier, replyAmountMsat, disputeOpenedAt, disputeReason,
                workerAnsweredAt, workerStatement, null, null, null, null);
    }
}
