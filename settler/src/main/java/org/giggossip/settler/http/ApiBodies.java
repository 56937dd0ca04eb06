package org.giggossip.settler.http;

import java.time.Instant;
import java.util.Base64;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.WireLimits;
import org.giggossip.http.HttpProblem;

/**
 * The request bodies of the settler's API, one record per shape, read by
 * {@link SettlerJson#read} (fields in snake_case, all required) and written by the
 * clients. Each converts to the core request it carries, checking every value
 * (400 with the field's name otherwise), and back, so that the server and the
 * clients cannot disagree on a field. The OpenAPI document's request schemas are
 * made from these records.
 */
public final class ApiBodies {
    /** Longest dispute reason, property value, memo: the service codec's text limit. */
    public static final int MAX_TEXT_BYTES = ServiceCodec.MAX_TEXT_BYTES;
    /** Longest long-poll wait. */
    public static final long MAX_WAIT_MS = 30_000;

    private ApiBodies() {}

    private static final Base64.Encoder B64 = Base64.getEncoder();

    private static long validCallId(long callId) {
        return SettlerJson.positive(callId, "call_id");
    }

    /** No fields: {@code {}} (an empty body reads as this too). */
    public record Empty() {}

    /** IssueReplyHash: the customer's signed request (base64 of its encoding) and the reply amount. */
    public record ReplyHash(long callId, String signedRequest, long replyAmountMsat) {
        public static ReplyHash of(SettlerRequest.IssueReplyHash r) {
            return new ReplyHash(r.callId(), B64.encodeToString(r.request().encode()), r.replyAmountMsat());
        }

        public SettlerRequest.IssueReplyHash toRequest() {
            SignedRequestPayload request = SettlerJson.decoded(SignedRequestPayload.decode(SettlerJson.base64(
                    signedRequest, WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES, "signed_request")), "signed_request");
            return new SettlerRequest.IssueReplyHash(validCallId(callId), request, msat(replyAmountMsat, "reply_amount_msat"));
        }
    }

    /** SealReply: the encoded ReplyPayload (base64) for the gig of {@code reply_hash}. */
    public record Seal(long callId, String replyHash, String replyPayload) {
        public static Seal of(SettlerRequest.SealReply r) {
            return new Seal(r.callId(), r.replyPaymentHash().hex(), B64.encodeToString(r.replyPayload()));
        }

        public SettlerRequest.SealReply toRequest() {
            return new SettlerRequest.SealReply(validCallId(callId), SettlerJson.hash(replyHash, "reply_hash"),
                    SettlerJson.base64(replyPayload, WireLimits.MAX_REPLY_PAYLOAD_BYTES, "reply_payload"));
        }
    }

    /** A request about one gig: reply-accepted, confirm, close-dispute, cancel. */
    public record GigCall(long callId, String replyHash) {
        public long checkedCallId() {
            return validCallId(callId);
        }

        public org.giggossip.core.wire.Hash32 hash() {
            return SettlerJson.hash(replyHash, "reply_hash");
        }
    }

    /** OpenDispute with the customer's reason. */
    public record Dispute(long callId, String replyHash, String reason) {
        public static Dispute of(SettlerRequest.OpenDispute r) {
            return new Dispute(r.callId(), r.replyPaymentHash().hex(), r.reason());
        }

        public SettlerRequest.OpenDispute toRequest() {
            return new SettlerRequest.OpenDispute(validCallId(callId), SettlerJson.hash(replyHash, "reply_hash"),
                    SettlerJson.text(reason, MAX_TEXT_BYTES, "reason"));
        }
    }

    /**
     * JobPaymentLocked: the customer's signed statement (BIP 340 signature, hex) that it locked
     * {@code amount_msat} for the job invoice of {@code reply_hash} (docs/settler.md).
     */
    public record PaymentLocked(long callId, String replyHash, long amountMsat, String signature) {
        public static PaymentLocked of(SettlerRequest.JobPaymentLocked r) {
            return new PaymentLocked(r.callId(), r.replyPaymentHash().hex(), r.amountMsat(),
                    java.util.HexFormat.of().formatHex(r.signature()));
        }

        public SettlerRequest.JobPaymentLocked toRequest() {
            return new SettlerRequest.JobPaymentLocked(validCallId(callId), SettlerJson.hash(replyHash, "reply_hash"),
                    msat(amountMsat, "amount_msat"), SettlerJson.hex(signature, 64, "signature"));
        }
    }

    /** Which gig: for status. */
    public record GigQuery(String replyHash) {}

    /** A long poll: entries numbered above {@code after}, waiting up to {@code wait_ms} for one. */
    public record Poll(long after, long waitMs) {
        public void check() {
            if (after < 0) {
                throw HttpProblem.badRequest("after must not be negative");
            }
            if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
                throw HttpProblem.badRequest("wait_ms must be 0 to " + MAX_WAIT_MS);
            }
        }
    }

    /** Grant a property to a subject (admin). */
    public record Grant(String subject, String name, String value) {}

    /** Withdraw a property of a subject (admin). */
    public record RevokeProperty(String subject, String name) {}

    /** Revoke one certificate by id (admin). */
    public record RevokeCertificate(String certificateId) {}

    /** A subject's key (admin). */
    public record Subject(String subject) {}

    /** Decide a dispute (admin): pay the worker, or send the customer's money back. */
    public record Resolve(String replyHash, boolean payWorker) {}

    /** CreateHoldInvoice on the caller's regtest account; {@code expires_at} in unix ms. */
    public record CreateInvoice(long callId, String paymentHash, long amountMsat, long expiresAt, String memo) {
        public static CreateInvoice of(WalletRequest.CreateHoldInvoice r) {
            return new CreateInvoice(r.callId(), r.paymentHash().hex(), r.amountMsat(), r.expiresAt().toEpochMilli(),
                    r.memo());
        }

        public WalletRequest.CreateHoldInvoice toRequest() {
            if (expiresAt < 0) {
                throw HttpProblem.badRequest("expires_at must be unix milliseconds");
            }
            return new WalletRequest.CreateHoldInvoice(validCallId(callId), SettlerJson.hash(paymentHash, "payment_hash"),
                    msat(amountMsat, "amount_msat"), Instant.ofEpochMilli(expiresAt),
                    SettlerJson.text(memo, MAX_TEXT_BYTES, "memo"));
        }
    }

    /** Pay a BOLT 11 invoice from the caller's regtest account. */
    public record Pay(long callId, String bolt11, long maxAmountMsat) {
        public static Pay of(WalletRequest.Pay r) {
            return new Pay(r.callId(), r.bolt11(), r.maxAmountMsat());
        }

        public WalletRequest.Pay toRequest() {
            if (bolt11.isEmpty() || bolt11.length() > WireLimits.MAX_INVOICE_BYTES
                    || !bolt11.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z'))) {
                throw HttpProblem.badRequest("bolt11 must be 1 to " + WireLimits.MAX_INVOICE_BYTES
                        + " ASCII letters and digits");
            }
            return new WalletRequest.Pay(validCallId(callId), bolt11, msat(maxAmountMsat, "max_amount_msat"));
        }
    }

    /** Settle the caller's accepted invoice with its preimage (a secret: only ever in a POST body). */
    public record Settle(long callId, String paymentHash, String preimage) {
        public static Settle of(WalletRequest.Settle r) {
            return new Settle(r.callId(), r.paymentHash().hex(), Hex.encode(r.preimage().bytes()));
        }

        public WalletRequest.Settle toRequest() {
            return new WalletRequest.Settle(validCallId(callId), SettlerJson.hash(paymentHash, "payment_hash"),
                    Preimage.of(SettlerJson.hex(preimage, Preimage.SIZE, "preimage")));
        }
    }

    /** Cancel the caller's invoice. */
    public record WalletCancel(long callId, String paymentHash) {
        public static WalletCancel of(WalletRequest.Cancel r) {
            return new WalletCancel(r.callId(), r.paymentHash().hex());
        }

        public WalletRequest.Cancel toRequest() {
            return new WalletRequest.Cancel(validCallId(callId), SettlerJson.hash(paymentHash, "payment_hash"));
        }
    }

    private static long msat(long amount, String field) {
        if (amount <= 0 || amount > WireLimits.MAX_MSAT) {
            throw HttpProblem.badRequest(field + " must be 1 to " + WireLimits.MAX_MSAT + " msat");
        }
        return amount;
    }
}
