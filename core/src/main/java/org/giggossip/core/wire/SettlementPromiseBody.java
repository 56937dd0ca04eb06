package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
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
 * @param jobPaymentEvidence          what the settler checks, besides the replier's claim, that the job
 *                                    payment is locked before it reveals; {@link JobPaymentEvidence#CUSTOMER_STATEMENT}:
 *                                    the customer must send its signed statement
 */
public record SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
        Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
        Instant expiresAt, String replyInvoice, Optional<Certificate> replierCertificate,
        JobPaymentEvidence jobPaymentEvidence) {

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
        Objects.requireNonNull(jobPaymentEvidence, "jobPaymentEvidence");
    }

    /**
     * A promise that names no replier certificate (as a settler that predates the field makes), its
     * settler looking the job invoice up in its ledger.
     */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
            Instant expiresAt, String replyInvoice) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash, networkAmountMsat,
                replyAmountMsat, expiresAt, replyInvoice, Optional.empty(), JobPaymentEvidence.LEDGER);
    }

    /** A promise whose settler looks the job invoice up in its ledger ({@link JobPaymentEvidence#LEDGER}). */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
            Instant expiresAt, String replyInvoice, Optional<Certificate> replierCertificate) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash, networkAmountMsat,
                replyAmountMsat, expiresAt, replyInvoice, replierCertificate, JobPaymentEvidence.LEDGER);
    }

    /** A promise that names the replier's certificate, its settler looking the job invoice up in its ledger. */
    public SettlementPromiseBody(Certificate settlerCertificate, Hash32 networkPaymentHash,
            Hash32 hashOfEncryptedReplyPayload, Hash32 replyPaymentHash, long networkAmountMsat, long replyAmountMsat,
            Instant expiresAt, String replyInvoice, Certificate replierCertificate) {
        this(settlerCertificate, networkPaymentHash, hashOfEncryptedReplyPayload, replyPaymentHash, networkAmountMsat,
                replyAmountMsat, expiresAt, replyInvoice, Optional.of(replierCertificate));
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
                JobPaymentEvidence.ofCode(p.getJobPaymentEvidence()));
    }
}
