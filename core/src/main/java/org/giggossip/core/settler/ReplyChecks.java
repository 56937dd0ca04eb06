package org.giggossip.core.settler;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.SignedRequestPayload;

/**
 * Judges the untrusted input of a {@link Settler}, cheapest check first, and
 * says why it refuses (docs/style.md 5 and 6): the signed request of IssueReplyHash
 * (3.3) and the encoded reply payload of SealReply (3.9).
 */
final class ReplyChecks {
    private final CertificateValidator validator;
    private final Map<String, String> requiredCustomerProperties;
    private final Clock clock;

    ReplyChecks(CertificateValidator validator, Map<String, String> requiredCustomerProperties, Clock clock) {
        this.validator = validator;
        this.requiredCustomerProperties = requiredCustomerProperties;
        this.clock = clock;
    }

    /** Why the signed request is refused: a bad signature or an invalid, untrusted or revoked sender certificate. */
    Optional<String> judgeRequest(SignedRequestPayload request) {
        return refusal(validator.validateRequestPayload(request, requiredCustomerProperties), "invalid request");
    }

    /** SHA-256 of the encoded signed request: what a gig remembers of it. */
    static byte[] digest(SignedRequestPayload request) {
        return Sha256.hash(request.encode());
    }

    /**
     * Why the reply payload that {@code caller} asks to seal for {@code gig} is
     * refused: undecodable, answering another request, naming another replier,
     * a reply invoice that is not the agreed one or that expires before {@code settleBy} (the
     * settler's last moment to release or cancel the job payment) plus {@link DisputeTerms#SETTLE_MARGIN},
     * or an invalid replier certificate.
     */
    Optional<String> judgeReply(Gig gig, PublicKey caller, byte[] bytes, Instant settleBy) {
        ReplyPayload payload;
        switch (ReplyPayload.decode(bytes)) {
            case Decoded.Err<ReplyPayload> err -> {
                return Optional.of("undecodable reply payload: " + err.error());
            }
            case Decoded.Ok<ReplyPayload> ok -> payload = ok.value();
        }
        if (!MessageDigest.isEqual(digest(payload.signedRequestPayload()), gig.requestDigest)) {
            return Optional.of("the reply payload answers another request");
        }
        if (!payload.replierCertificate().subject().equals(caller)) {
            return Optional.of("the replier certificate is not the caller's");
        }
        Optional<String> invoice = judgeJobInvoice(payload.replyInvoice(), gig.replyHash, gig.replyAmountMsat,
                clock.instant(), settleBy);
        if (invoice.isPresent()) {
            return invoice;
        }
        return refusal(validator.validate(payload.replierCertificate(), Map.of()), "invalid replier certificate");
    }

    private static Optional<String> refusal(Verdict verdict, String what) {
        return switch (verdict) {
            case Verdict.Accept a -> Optional.empty();
            case Verdict.Ignore i -> Optional.of(what + ": " + i.reason());
            case Verdict.Reject r -> Optional.of(what + ": " + r.penalty().detail());
        };
    }

    /**
     * Why the job invoice of a reply (Figure 15) is refused: it must be a valid,
     * signed BOLT 11 invoice for the reply hash and the agreed amount, not yet
     * expired, and it must outlive {@code settleBy} by {@link DisputeTerms#SETTLE_MARGIN}: an
     * invoice that expires first is cancelled by the wallet at its expiry, and the customer is
     * refunded whatever the settler decides (docs/settler.md). Its currency and payee are the payer's to judge.
     */
    static Optional<String> judgeJobInvoice(String bolt11, Hash32 replyHash, long amountMsat, Instant now,
            Instant settleBy) {
        Bolt11Invoice invoice;
        switch (Bolt11.decode(bolt11)) {
            case Decoded.Err<Bolt11Invoice> err -> {
                return Optional.of("the reply invoice is not a BOLT 11 invoice: " + err.error());
            }
            case Decoded.Ok<Bolt11Invoice> ok -> invoice = ok.value();
        }
        if (!invoice.paymentHash().equals(replyHash)) {
            return Optional.of("the reply invoice pays payment hash " + invoice.paymentHash().hex()
                    + ", not the reply hash");
        }
        if (invoice.amountMsat().orElse(-1) != amountMsat) {
            return Optional.of("the reply invoice asks " + (invoice.amountMsat().isPresent()
                    ? invoice.amountMsat().getAsLong() + " msat" : "no amount") + ", agreed " + amountMsat + " msat");
        }
        if (invoice.isExpired(now)) {
            return Optional.of("the reply invoice expired at " + invoice.expiresAt());
        }
        Instant needed = settleBy.plus(DisputeTerms.SETTLE_MARGIN);
        if (invoice.expiresAt().isBefore(needed)) {
            return Optional.of("the reply invoice expires at " + invoice.expiresAt() + ", before the settler's"
                    + " last moment to release or cancel the job payment (the network invoice's expiry, the dispute"
                    + " window and the dispute deadline) plus " + DisputeTerms.SETTLE_MARGIN.toMinutes() + " min: "
                    + needed);
        }
        return Optional.empty();
    }
}
