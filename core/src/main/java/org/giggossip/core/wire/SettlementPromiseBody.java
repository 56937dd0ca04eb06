package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a settler promises about one reply (seed 000, section 3.9): the signed
 * content of a {@link SettlementPromise}.
 *
 * @param settlerCertificate          the settler's certificate; its subject key signs the promise
 * @param networkPaymentHash          payment hash shared by every network invoice of this reply (3.8)
 * @param hashOfEncryptedReplyPayload {@code Sha256.tagged(Tags.ENCRYPTED_REPLY_PAYLOAD, encrypted_reply_payload)}
 * @param replyPaymentHash            payment hash of the reply (job) invoice (Figure 15)
 * @param networkAmountMsat           amount of the settler's own network invoice, msat
 * @param replyAmountMsat             amount of the reply invoice, msat
 * @param expiresAt                   the settler keeps the promise until then (milliseconds)
 * @param replyInvoice                the replier's job invoice (BOLT 11) for {@code replyPaymentHash} and
 *                                    {@code replyAmountMsat}, so the sender can pay it before the reply is
 *                                    opened: the settler reveals the network preimage only after both the
 *                                    network and the job invoices are accepted
 * @param replierCertificate          the replier's certificate, the very one inside the encrypted reply payload,
 *                                    so the sender can judge the worker's certified properties (e.g.
 *                                    {@code driving_licence=valid}) before it pays, and check on opening that
 *                                    the reply carries this certificate and no other; empty in a promise of a
 *                                    settler that predates the field (it is optional on the wire, so such a
 *                                    promise and this one decode on either build)
  * @param disputeWindow               how long after the network payment settles the customer may open a dispute
 *                                    before the job payment is released; zero when unstated
 * @param disputeDeadline             how long an open dispute waits for the settler's ruling; zero when unstated
 * @param disputeDefault              the outcome of a dispute not ruled on by its deadline; null in a promise of
 *                                    an older settler, which states no dispute terms
 * @param jobPaymentEvidence          what the settler checks, besides the replier's claim, that the job
 *                                    payment is locked before it reveals; {@link JobPaymentEvidence#CUSTOMER_STATEMENT}:
 *                                    the customer must send its signed statement
 */
public record SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
        Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
        Instant expiresAt, String replyInvoice, Optional<Certificate> replierCertificate, Duration disputeWindow,
        Duration disputeDeadline, DisputeOutcome disputeDefault, JobPaymentEvidence jobPaymentEvidence) {

    /**
     * A promise that names no replier certificate and states no dispute terms, as an older settler's (its
     * encoding has no fields 9 to 12), its settler looking the job invoice up in its ledger.
     */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat,
            long replyAmountMsat, Instant expiresAt, String replyInvoice) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash,
                networkAmountMsat, replyAmountMsat, expiresAt, replyInvoice, Optional.empty());
    }

    /** A promise that states no dispute terms, its settler looking the job invoice up in its ledger. */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat,
            long replyAmountMsat, Instant expiresAt, String replyInvoice, Optional<Certificate> replierCertificate) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash,
                networkAmountMsat, replyAmountMsat, expiresAt, replyInvoice, replierCertificate, Duration.ZERO,
                Duration.ZERO, null);
    }

    /**
     * A promise that names the replier's certificate and states no dispute terms, its settler looking the job
     * invoice up in its ledger.
     */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
            Instant expiresAt, String replyInvoice, Certificate replierCertificate) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash, networkAmountMsat,
                replyAmountMsat, expiresAt, replyInvoice, Optional.of(replierCertificate));
    }

    /**
     * A promise that names no replier certificate and states its dispute terms, its settler looking the job
     * invoice up in its ledger.
     */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat,
            long replyAmountMsat, Instant expiresAt, String replyInvoice, Duration disputeWindow,
            Duration disputeDeadline, DisputeOutcome disputeDefault) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash,
                networkAmountMsat, replyAmountMsat, expiresAt, replyInvoice, Optional.empty(), disputeWindow,
                disputeDeadline, disputeDefault);
    }

    /** A promise whose settler looks the job invoice up in its ledger ({@link JobPaymentEvidence#LEDGER}). */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat,
            long replyAmountMsat, Instant expiresAt, String replyInvoice, Optional<Certificate> replierCertificate,
            Duration disputeWindow, Duration disputeDeadline, DisputeOutcome disputeDefault) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash,
                networkAmountMsat, replyAmountMsat, expiresAt, replyInvoice, replierCertificate, disputeWindow,
                disputeDeadline, disputeDefault, JobPaymentEvidence.LEDGER);
    }

    public SettlementPromiseBody {
        Objects.requireNonNull(settlerCertificate, "settlerCertificate");
        Objects.requireNonNull(networkPaymentHash, "networkPaymentHash");
        Objects.requireNonNull(hashOfEncryptedReplyPayload, "hashOfEncryptedReplyPayload");
        Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        Wire.requireMsat(networkAmountMsat, "network_amount_msat");
        Wire.requireMsat(replyAmountMsat, "reply_amount_msat");
        expiresAt = Wire.requireTime(expiresAt, "expires_at");
        Wire.requireInvoice(replyInvoice, "reply_invoice");
        Objects.requireNonNull(replierCertificate, "replierCertificate");
        disputeWindow = Wire.requireDuration(disputeWindow, "dispute_window");
        disputeDeadline = Wire.requireDuration(disputeDeadline, "dispute_deadline");
        if (disputeDefault == null && !(disputeWindow.isZero() && disputeDeadline.isZero())) {
            throw new IllegalArgumentException("a dispute window or deadline without a default outcome");
        }
        Objects.requireNonNull(jobPaymentEvidence, "jobPaymentEvidence");
    }

    /** Whether the settler states its dispute terms (every promise of this build does). */
    public boolean statesDisputeTerms() {
        return disputeDefault != null;
    }

    /**
     * When the settler has released or cancelled the job payment at the latest: the network
     * invoice's last moment, the dispute window and the deadline of a dispute opened at its end
     * ({@code expiresAt + disputeWindow + disputeDeadline}), {@link Instant#MAX} past the range of
     * time. The job invoice must outlive it.
     */
    public Instant settleBy() {
        try {
            return expiresAt.plus(disputeWindow).plus(disputeDeadline);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MAX; // durations of the wire's full range
        }
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.SettlementPromiseBody toProto() {
        var b = org.giggossip.core.wire.proto.SettlementPromiseBody.newBuilder()
                .setSettlerCertificate(settlerCertificate.toProto())
                .setNetworkPaymentHash(ByteString.copyFrom(networkPaymentHash.view()))
                .setHashOfEncryptedReplyPayload(ByteString.copyFrom(hashOfEncryptedReplyPayload.view()))
                .setReplyPaymentHash(ByteString.copyFrom(replyPaymentHash.view()))
                .setNetworkAmountMsat(networkAmountMsat)
                .setReplyAmountMsat(replyAmountMsat)
                .setExpiresAt(expiresAt.toEpochMilli())
                .setReplyInvoice(replyInvoice);
        replierCertificate.ifPresent(c -> b.setReplierCertificate(c.toProto()));
        if (disputeDefault != null) {
            b.setDisputeWindowMs(disputeWindow.toMillis()).setDisputeDeadlineMs(disputeDeadline.toMillis())
                    .setDisputeDefault(disputeDefault.toProto());
        }
        return b.setJobPaymentEvidence(jobPaymentEvidence.code()).build();
    }

    /** The serialized body: the bytes the settler signs. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    static SettlementPromiseBody read(org.giggossip.core.wire.proto.SettlementPromiseBody p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        Wire.present(p.hasSettlerCertificate(), "settlement_promise.settler_certificate");
        return new SettlementPromiseBody(
                Certificate.read(p.getSettlerCertificate()),
                Hash32.of(Wire.exact(p.getNetworkPaymentHash(), Hash32.SIZE, "network_payment_hash")),
                Hash32.of(Wire.exact(p.getHashOfEncryptedReplyPayload(), Hash32.SIZE,
                        "hash_of_encrypted_reply_payload")),
                Hash32.of(Wire.exact(p.getReplyPaymentHash(), Hash32.SIZE, "reply_payment_hash")),
                Wire.msat(p.getNetworkAmountMsat(), "network_amount_msat"),
                Wire.msat(p.getReplyAmountMsat(), "reply_amount_msat"),
                Wire.time(p.getExpiresAt(), "expires_at"),
                Wire.text(p.getReplyInvoiceBytes(), 1, WireLimits.MAX_INVOICE_BYTES,
                        "settlement_promise.reply_invoice"),
                p.hasReplierCertificate() ? Optional.of(Certificate.read(p.getReplierCertificate()))
                        : Optional.empty(),
                Wire.duration(p.getDisputeWindowMs(), "dispute_window_ms"),
                Wire.duration(p.getDisputeDeadlineMs(), "dispute_deadline_ms"),
                outcome(p),
                JobPaymentEvidence.ofCode(p.getJobPaymentEvidence()));
    }

    private static DisputeOutcome outcome(org.giggossip.core.wire.proto.SettlementPromiseBody p)
            throws WireException {
        DisputeOutcome outcome = DisputeOutcome.fromProto(p.getDisputeDefault());
        if (outcome == null && (p.getDisputeWindowMs() != 0 || p.getDisputeDeadlineMs() != 0)) {
            throw new WireException(DecodeError.Reason.OUT_OF_RANGE,
                    "dispute_default " + p.getDisputeDefaultValue() + " is not a known outcome");
        }
        return outcome;
    }
}
