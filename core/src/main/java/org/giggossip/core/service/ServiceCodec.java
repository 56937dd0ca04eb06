package org.giggossip.core.service;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.WireLimits;
import org.giggossip.core.wire.proto.BalanceAnswer;
import org.giggossip.core.wire.proto.BalanceQuery;
import org.giggossip.core.wire.proto.CallFailedEvent;
import org.giggossip.core.wire.proto.CancelCall;
import org.giggossip.core.wire.proto.ConfirmJobCall;
import org.giggossip.core.wire.proto.CreateHoldInvoiceCall;
import org.giggossip.core.wire.proto.DoneAnswer;
import org.giggossip.core.wire.proto.Enrol;
import org.giggossip.core.wire.proto.Enrolled;
import org.giggossip.core.wire.proto.CancelGigCall;
import org.giggossip.core.wire.proto.FetchPreimageCall;
import org.giggossip.core.wire.proto.InvoiceLookedUpEvent;
import org.giggossip.core.wire.proto.JobPaymentLockedCall;
import org.giggossip.core.wire.proto.LookupInvoiceCall;
import org.giggossip.core.wire.proto.InvoiceAcceptedEvent;
import org.giggossip.core.wire.proto.InvoiceCancelledEvent;
import org.giggossip.core.wire.proto.InvoiceCreatedEvent;
import org.giggossip.core.wire.proto.InvoiceSettledEvent;
import org.giggossip.core.wire.proto.IssueReplyHashCall;
import org.giggossip.core.wire.proto.OpenDisputeCall;
import org.giggossip.core.wire.proto.PayCall;
import org.giggossip.core.wire.proto.PaymentAcceptedEvent;
import org.giggossip.core.wire.proto.PaymentFailedEvent;
import org.giggossip.core.wire.proto.PaymentSettledEvent;
import org.giggossip.core.wire.proto.PreimageRevealedAnswer;
import org.giggossip.core.wire.proto.RefusedAnswer;
import org.giggossip.core.wire.proto.ReplyCancelledAnswer;
import org.giggossip.core.wire.proto.ReplyHashIssuedAnswer;
import org.giggossip.core.wire.proto.ReplyInvoiceAcceptedCall;
import org.giggossip.core.wire.proto.ReplySealedAnswer;
import org.giggossip.core.wire.proto.Resume;
import org.giggossip.core.wire.proto.SealReplyCall;
import org.giggossip.core.wire.proto.SettleCall;

/**
 * Encodes and decodes {@link ServiceMessage}s as {@code giggossip.v1.ServiceMessage}
 * ({@code service.proto}). Decoding never throws: it refuses an input over
 * {@link #MAX_MESSAGE_BYTES} before parsing, parses with the nesting depth
 * limited, and checks every field (exact sizes of hashes, preimages and keys,
 * bounds of texts, invoices and payloads, amounts in range, sub-messages present
 * and themselves well-formed); each fault is a {@link Decoded.Err} with its reason.
 *
 * <p>Texts longer than {@link #MAX_TEXT_BYTES} are cut when encoded, so every
 * value encodes to something the decoder takes.
 */
public final class ServiceCodec {
    /** The largest encoded message: the body limit of a SERVICE link message. */
    public static final int MAX_MESSAGE_BYTES = 60_000;
    /** Reasons, memos and other texts: at most this many UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 1024;

    private ServiceCodec() {}

    // ---- encoding ------------------------------------------------------------

    /** The bytes of {@code message}. */
    public static byte[] encode(ServiceMessage message) {
        var b = org.giggossip.core.wire.proto.ServiceMessage.newBuilder();
        switch (message) {
            case ServiceMessage.SettlerCall c -> settlerCall(b, c.request());
            case ServiceMessage.SettlerAnswer a -> settlerAnswer(b, a.response());
            case ServiceMessage.WalletCall c -> walletCall(b, c.request());
            case ServiceMessage.WalletNotice n -> walletNotice(b, n.event());
            case ServiceMessage.Enrol e -> b.setEnrol(Enrol.getDefaultInstance());
            case ServiceMessage.Enrolled e -> b.setEnrolled(Enrolled.newBuilder()
                    .setCertificate(ByteString.copyFrom(e.certificate().encode()))
                    .setSettlerId(ByteString.copyFrom(e.settlerId().bytes())));
            case ServiceMessage.BalanceQuery q -> b.setBalanceQuery(BalanceQuery.newBuilder().setCallId(q.callId()));
            case ServiceMessage.BalanceAnswer a -> b.setBalanceAnswer(BalanceAnswer.newBuilder()
                    .setCallId(a.callId()).setAvailableMsat(a.availableMsat()).setLockedMsat(a.lockedMsat()));
            case ServiceMessage.Resume r -> b.setResume(Resume.getDefaultInstance());
        }
        return b.build().toByteArray();
    }

    private static void settlerCall(org.giggossip.core.wire.proto.ServiceMessage.Builder b, SettlerRequest request) {
        switch (request) {
            case SettlerRequest.IssueReplyHash r -> b.setIssueReplyHash(IssueReplyHashCall.newBuilder()
                    .setCallId(r.callId()).setRequest(r.request().toProto()).setReplyAmountMsat(r.replyAmountMsat()));
            case SettlerRequest.SealReply r -> b.setSealReply(SealReplyCall.newBuilder().setCallId(r.callId())
                    .setReplyPaymentHash(hash(r.replyPaymentHash())).setReplyPayload(ByteString.copyFrom(r.replyPayload())));
            case SettlerRequest.ReplyInvoiceAccepted r -> b.setReplyInvoiceAccepted(ReplyInvoiceAcceptedCall
                    .newBuilder().setCallId(r.callId()).setReplyPaymentHash(hash(r.replyPaymentHash())));
            case SettlerRequest.ConfirmJob r -> b.setConfirmJob(ConfirmJobCall.newBuilder().setCallId(r.callId())
                    .setReplyPaymentHash(hash(r.replyPaymentHash())));
            case SettlerRequest.OpenDispute r -> b.setOpenDispute(OpenDisputeCall.newBuilder().setCallId(r.callId())
                    .setReplyPaymentHash(hash(r.replyPaymentHash())).setReason(clip(r.reason())));
            case SettlerRequest.CancelGig r -> b.setCancelGig(CancelGigCall.newBuilder()
                    .setCallId(r.callId()).setReplyPaymentHash(hash(r.replyPaymentHash())));
            case SettlerRequest.FetchPreimage r -> b.setFetchPreimage(FetchPreimageCall.newBuilder()
                    .setCallId(r.callId()).setPaymentHash(hash(r.paymentHash())));
            case SettlerRequest.JobPaymentLocked r -> b.setJobPaymentLocked(JobPaymentLockedCall.newBuilder()
                    .setCallId(r.callId()).setReplyPaymentHash(hash(r.replyPaymentHash()))
                    .setAmountMsat(r.amountMsat()).setSignature(ByteString.copyFrom(r.signature())));
        }
    }

    private static void settlerAnswer(org.giggossip.core.wire.proto.ServiceMessage.Builder b, SettlerResponse response) {
        switch (response) {
            case SettlerResponse.ReplyHashIssued r -> {
                var m = ReplyHashIssuedAnswer.newBuilder().setCallId(r.callId())
                        .setReplyPaymentHash(hash(r.replyPaymentHash()));
                if (r.terms() != null) {
                    m.setTerms(r.terms().toProto());
                }
                b.setReplyHashIssued(m);
            }
            case SettlerResponse.ReplySealed r -> b.setReplySealed(ReplySealedAnswer.newBuilder().setCallId(r.callId())
                    .setEncryptedReplyPayload(ByteString.copyFrom(r.encryptedReplyPayload()))
                    .setPromise(r.promise().toProto()).setNetworkInvoice(r.networkInvoice()));
            case SettlerResponse.Done r -> b.setDone(DoneAnswer.newBuilder().setCallId(r.callId()));
            case SettlerResponse.Refused r -> b.setRefused(RefusedAnswer.newBuilder().setCallId(r.callId())
                    .setReason(clip(r.reason())));
            case SettlerResponse.PreimageRevealed r -> b.setPreimageRevealed(PreimageRevealedAnswer.newBuilder()
                    .setCallId(r.callId()).setPaymentHash(hash(r.paymentHash()))
                    .setPreimage(ByteString.copyFrom(r.preimage().bytes())));
            case SettlerResponse.ReplyCancelled r -> b.setReplyCancelled(ReplyCancelledAnswer.newBuilder()
                    .setCallId(r.callId()).setReplyPaymentHash(hash(r.replyPaymentHash())).setReason(clip(r.reason())));
        }
    }

    private static void walletCall(org.giggossip.core.wire.proto.ServiceMessage.Builder b, WalletRequest request) {
        switch (request) {
            case WalletRequest.CreateHoldInvoice r -> b.setCreateHoldInvoice(CreateHoldInvoiceCall.newBuilder()
                    .setCallId(r.callId()).setPaymentHash(hash(r.paymentHash())).setAmountMsat(r.amountMsat())
                    .setExpiresAt(r.expiresAt().toEpochMilli()).setMemo(clip(r.memo())));
            case WalletRequest.Pay r -> b.setPay(PayCall.newBuilder().setCallId(r.callId()).setBolt11(r.bolt11())
                    .setMaxAmountMsat(r.maxAmountMsat()));
            case WalletRequest.Settle r -> b.setSettle(SettleCall.newBuilder().setCallId(r.callId())
                    .setPaymentHash(hash(r.paymentHash())).setPreimage(ByteString.copyFrom(r.preimage().bytes())));
            case WalletRequest.Cancel r -> b.setCancel(CancelCall.newBuilder().setCallId(r.callId())
                    .setPaymentHash(hash(r.paymentHash())));
            case WalletRequest.LookupInvoice r -> b.setLookupInvoice(LookupInvoiceCall.newBuilder()
                    .setCallId(r.callId()).setBolt11(r.bolt11()));
        }
    }

    private static void walletNotice(org.giggossip.core.wire.proto.ServiceMessage.Builder b, WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated e -> b.setInvoiceCreated(InvoiceCreatedEvent.newBuilder()
                    .setCallId(e.callId()).setPaymentHash(hash(e.paymentHash())).setBolt11(e.bolt11()));
            case WalletEvent.CallFailed e -> b.setCallFailed(CallFailedEvent.newBuilder().setCallId(e.callId())
                    .setReason(clip(e.reason())));
            case WalletEvent.InvoiceAccepted e -> b.setInvoiceAccepted(InvoiceAcceptedEvent.newBuilder()
                    .setPaymentHash(hash(e.paymentHash())).setAmountMsat(e.amountMsat()));
            case WalletEvent.InvoiceSettled e -> b.setInvoiceSettled(InvoiceSettledEvent.newBuilder()
                    .setPaymentHash(hash(e.paymentHash())).setAmountMsat(e.amountMsat()));
            case WalletEvent.InvoiceCancelled e -> b.setInvoiceCancelled(InvoiceCancelledEvent.newBuilder()
                    .setPaymentHash(hash(e.paymentHash())).setReason(clip(e.reason())));
            case WalletEvent.PaymentAccepted e -> b.setPaymentAccepted(PaymentAcceptedEvent.newBuilder()
                    .setCallId(e.callId()).setPaymentHash(hash(e.paymentHash())).setAmountMsat(e.amountMsat()));
            case WalletEvent.PaymentSettled e -> b.setPaymentSettled(PaymentSettledEvent.newBuilder()
                    .setPaymentHash(hash(e.paymentHash())).setPreimage(ByteString.copyFrom(e.preimage().bytes()))
                    .setAmountMsat(e.amountMsat()));
            case WalletEvent.PaymentFailed e -> b.setPaymentFailed(PaymentFailedEvent.newBuilder()
                    .setCallId(e.callId()).setPaymentHash(e.paymentHash() == null ? ByteString.EMPTY : hash(e.paymentHash()))
                    .setReason(clip(e.reason())));
            case WalletEvent.InvoiceLookedUp e -> b.setInvoiceLookedUp(InvoiceLookedUpEvent.newBuilder()
                    .setCallId(e.callId()).setPaymentHash(hash(e.paymentHash())).setAccepted(e.accepted())
                    .setAmountMsat(e.amountMsat()));
        }
    }

    private static ByteString hash(Hash32 h) {
        return ByteString.copyFrom(h.bytes());
    }

    /** {@code s} cut to at most {@link #MAX_TEXT_BYTES} UTF-8 bytes, never inside a surrogate pair. */
    static String clip(String s) {
        if (s.length() * 3 <= MAX_TEXT_BYTES && s.getBytes(StandardCharsets.UTF_8).length <= MAX_TEXT_BYTES) {
            return s;
        }
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > MAX_TEXT_BYTES) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    // ---- decoding ------------------------------------------------------------

    /** A fault found while reading; turned into a {@link Decoded.Err} at the one boundary, {@link #decode}. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Reason reason;

        Bad(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** Decodes untrusted bytes; never throws. */
    public static Decoded<ServiceMessage> decode(byte[] bytes) {
        if (bytes == null) {
            return Decoded.err(Reason.MISSING_FIELD, "service message: no input");
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            return Decoded.err(Reason.TOO_LARGE,
                    "service message is " + bytes.length + " bytes, at most " + MAX_MESSAGE_BYTES);
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(WireLimits.MAX_PROTO_DEPTH);
            var p = org.giggossip.core.wire.proto.ServiceMessage.parser()
                    .parsePartialFrom(in, ExtensionRegistryLite.getEmptyRegistry());
            in.checkLastTagWas(0);
            return Decoded.ok(read(p));
        } catch (Bad e) {
            return Decoded.err(e.reason, e.getMessage());
        } catch (InvalidProtocolBufferException e) {
            return Decoded.err(Reason.MALFORMED, "service message: " + e.getMessage());
        } catch (RuntimeException e) {
            // constructor invariants (IllegalArgumentException) and anything protobuf may throw
            return Decoded.err(Reason.INVALID_VALUE, "service message: " + e.getMessage());
        }
    }

    private static ServiceMessage read(org.giggossip.core.wire.proto.ServiceMessage p) throws Bad {
        return switch (p.getKindCase()) {
            case KIND_NOT_SET -> throw new Bad(Reason.MISSING_FIELD, "service message: no kind is set");
            case ISSUE_REPLY_HASH -> {
                var m = p.getIssueReplyHash();
                if (!m.hasRequest()) {
                    throw new Bad(Reason.MISSING_FIELD, "issue_reply_hash.request is missing");
                }
                SignedRequestPayload request = ok(SignedRequestPayload.fromProto(m.getRequest()));
                yield settler(new SettlerRequest.IssueReplyHash(m.getCallId(), request,
                        positive(m.getReplyAmountMsat(), "issue_reply_hash.reply_amount_msat")));
            }
            case SEAL_REPLY -> {
                var m = p.getSealReply();
                yield settler(new SettlerRequest.SealReply(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "seal_reply.reply_payment_hash"),
                        bounded(m.getReplyPayload(), 1, WireLimits.MAX_REPLY_PAYLOAD_BYTES, "seal_reply.reply_payload")));
            }
            case REPLY_INVOICE_ACCEPTED -> {
                var m = p.getReplyInvoiceAccepted();
                yield settler(new SettlerRequest.ReplyInvoiceAccepted(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "reply_invoice_accepted.reply_payment_hash")));
            }
            case CONFIRM_JOB -> {
                var m = p.getConfirmJob();
                yield settler(new SettlerRequest.ConfirmJob(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "confirm_job.reply_payment_hash")));
            }
            case OPEN_DISPUTE -> {
                var m = p.getOpenDispute();
                yield settler(new SettlerRequest.OpenDispute(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "open_dispute.reply_payment_hash"),
                        text(m.getReasonBytes(), "open_dispute.reason")));
            }
            case CANCEL_GIG -> {
                var m = p.getCancelGig();
                yield settler(new SettlerRequest.CancelGig(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "cancel_gig.reply_payment_hash")));
            }
            case FETCH_PREIMAGE -> {
                var m = p.getFetchPreimage();
                yield settler(new SettlerRequest.FetchPreimage(m.getCallId(),
                        hash32(m.getPaymentHash(), "fetch_preimage.payment_hash")));
            }
            case JOB_PAYMENT_LOCKED -> {
                var m = p.getJobPaymentLocked();
                if (m.getSignature().size() != 64) {
                    throw new Bad(Reason.BAD_LENGTH, "job_payment_locked.signature is " + m.getSignature().size()
                            + " bytes, must be 64");
                }
                yield settler(new SettlerRequest.JobPaymentLocked(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "job_payment_locked.reply_payment_hash"),
                        positive(m.getAmountMsat(), "job_payment_locked.amount_msat"),
                        m.getSignature().toByteArray()));
            }
            case REPLY_HASH_ISSUED -> {
                var m = p.getReplyHashIssued();
                DisputeTerms terms = null;
                if (m.hasTerms()) {
                    try {
                        terms = DisputeTerms.fromProto(m.getTerms());
                    } catch (IllegalArgumentException e) {
                        throw new Bad(Reason.OUT_OF_RANGE, "reply_hash_issued.terms: " + e.getMessage());
                    }
                }
                yield answer(new SettlerResponse.ReplyHashIssued(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "reply_hash_issued.reply_payment_hash"), terms));
            }
            case REPLY_SEALED -> {
                var m = p.getReplySealed();
                byte[] encrypted = bounded(m.getEncryptedReplyPayload(), 1,
                        WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES, "reply_sealed.encrypted_reply_payload");
                if (!m.hasPromise()) {
                    throw new Bad(Reason.MISSING_FIELD, "reply_sealed.promise is missing");
                }
                SettlementPromise promise = ok(SettlementPromise.fromProto(m.getPromise()));
                yield answer(new SettlerResponse.ReplySealed(m.getCallId(), encrypted, promise,
                        invoice(m.getNetworkInvoiceBytes(), "reply_sealed.network_invoice")));
            }
            case DONE -> answer(new SettlerResponse.Done(p.getDone().getCallId()));
            case REFUSED -> answer(new SettlerResponse.Refused(p.getRefused().getCallId(),
                    text(p.getRefused().getReasonBytes(), "refused.reason")));
            case PREIMAGE_REVEALED -> {
                var m = p.getPreimageRevealed();
                yield answer(new SettlerResponse.PreimageRevealed(m.getCallId(),
                        hash32(m.getPaymentHash(), "preimage_revealed.payment_hash"),
                        preimage(m.getPreimage(), "preimage_revealed.preimage")));
            }
            case REPLY_CANCELLED -> {
                var m = p.getReplyCancelled();
                yield answer(new SettlerResponse.ReplyCancelled(m.getCallId(),
                        hash32(m.getReplyPaymentHash(), "reply_cancelled.reply_payment_hash"),
                        text(m.getReasonBytes(), "reply_cancelled.reason")));
            }
            case CREATE_HOLD_INVOICE -> {
                var m = p.getCreateHoldInvoice();
                if (m.getExpiresAt() < 0) {
                    throw new Bad(Reason.OUT_OF_RANGE, "create_hold_invoice.expires_at is a negative time");
                }
                yield wallet(new WalletRequest.CreateHoldInvoice(m.getCallId(),
                        hash32(m.getPaymentHash(), "create_hold_invoice.payment_hash"),
                        positive(m.getAmountMsat(), "create_hold_invoice.amount_msat"),
                        Instant.ofEpochMilli(m.getExpiresAt()), text(m.getMemoBytes(), "create_hold_invoice.memo")));
            }
            case PAY -> {
                var m = p.getPay();
                if (m.getMaxAmountMsat() < 0) {
                    throw new Bad(Reason.OUT_OF_RANGE, "pay.max_amount_msat is at least 2^63");
                }
                yield wallet(new WalletRequest.Pay(m.getCallId(), invoice(m.getBolt11Bytes(), "pay.bolt11"),
                        m.getMaxAmountMsat()));
            }
            case SETTLE -> {
                var m = p.getSettle();
                yield wallet(new WalletRequest.Settle(m.getCallId(), hash32(m.getPaymentHash(), "settle.payment_hash"),
                        preimage(m.getPreimage(), "settle.preimage")));
            }
            case CANCEL -> wallet(new WalletRequest.Cancel(p.getCancel().getCallId(),
                    hash32(p.getCancel().getPaymentHash(), "cancel.payment_hash")));
            case LOOKUP_INVOICE -> wallet(new WalletRequest.LookupInvoice(p.getLookupInvoice().getCallId(),
                    invoice(p.getLookupInvoice().getBolt11Bytes(), "lookup_invoice.bolt11")));
            case INVOICE_LOOKED_UP -> {
                var m = p.getInvoiceLookedUp();
                yield notice(new WalletEvent.InvoiceLookedUp(m.getCallId(),
                        hash32(m.getPaymentHash(), "invoice_looked_up.payment_hash"), m.getAccepted(),
                        msat(m.getAmountMsat(), "invoice_looked_up.amount_msat")));
            }
            case INVOICE_CREATED -> {
                var m = p.getInvoiceCreated();
                yield notice(new WalletEvent.InvoiceCreated(m.getCallId(),
                        hash32(m.getPaymentHash(), "invoice_created.payment_hash"),
                        invoice(m.getBolt11Bytes(), "invoice_created.bolt11")));
            }
            case CALL_FAILED -> notice(new WalletEvent.CallFailed(p.getCallFailed().getCallId(),
                    text(p.getCallFailed().getReasonBytes(), "call_failed.reason")));
            case INVOICE_ACCEPTED -> {
                var m = p.getInvoiceAccepted();
                yield notice(new WalletEvent.InvoiceAccepted(hash32(m.getPaymentHash(), "invoice_accepted.payment_hash"),
                        msat(m.getAmountMsat(), "invoice_accepted.amount_msat")));
            }
            case INVOICE_SETTLED -> {
                var m = p.getInvoiceSettled();
                yield notice(new WalletEvent.InvoiceSettled(hash32(m.getPaymentHash(), "invoice_settled.payment_hash"),
                        msat(m.getAmountMsat(), "invoice_settled.amount_msat")));
            }
            case INVOICE_CANCELLED -> {
                var m = p.getInvoiceCancelled();
                yield notice(new WalletEvent.InvoiceCancelled(hash32(m.getPaymentHash(),
                        "invoice_cancelled.payment_hash"), text(m.getReasonBytes(), "invoice_cancelled.reason")));
            }
            case PAYMENT_ACCEPTED -> {
                var m = p.getPaymentAccepted();
                yield notice(new WalletEvent.PaymentAccepted(m.getCallId(),
                        hash32(m.getPaymentHash(), "payment_accepted.payment_hash"),
                        msat(m.getAmountMsat(), "payment_accepted.amount_msat")));
            }
            case PAYMENT_SETTLED -> {
                var m = p.getPaymentSettled();
                yield notice(new WalletEvent.PaymentSettled(hash32(m.getPaymentHash(), "payment_settled.payment_hash"),
                        preimage(m.getPreimage(), "payment_settled.preimage"),
                        msat(m.getAmountMsat(), "payment_settled.amount_msat")));
            }
            case PAYMENT_FAILED -> {
                var m = p.getPaymentFailed();
                Hash32 h = m.getPaymentHash().isEmpty() ? null : hash32(m.getPaymentHash(), "payment_failed.payment_hash");
                yield notice(new WalletEvent.PaymentFailed(m.getCallId(), h,
                        text(m.getReasonBytes(), "payment_failed.reason")));
            }
            case ENROL -> new ServiceMessage.Enrol();
            case ENROLLED -> {
                var m = p.getEnrolled();
                ByteString cert = m.getCertificate();
                if (cert.size() > WireLimits.MAX_CERTIFICATE_BYTES) {
                    throw new Bad(Reason.TOO_LARGE, "enrolled.certificate is " + cert.size() + " bytes, at most "
                            + WireLimits.MAX_CERTIFICATE_BYTES);
                }
                yield new ServiceMessage.Enrolled(ok(Certificate.decode(cert.toByteArray())),
                        key(m.getSettlerId(), "enrolled.settler_id"));
            }
            case BALANCE_QUERY -> new ServiceMessage.BalanceQuery(p.getBalanceQuery().getCallId());
            case BALANCE_ANSWER -> {
                var m = p.getBalanceAnswer();
                yield new ServiceMessage.BalanceAnswer(m.getCallId(),
                        msat(m.getAvailableMsat(), "balance_answer.available_msat"),
                        msat(m.getLockedMsat(), "balance_answer.locked_msat"));
            }
            case RESUME -> new ServiceMessage.Resume();
        };
    }

    private static ServiceMessage settler(SettlerRequest r) {
        return new ServiceMessage.SettlerCall(r);
    }

    private static ServiceMessage answer(SettlerResponse r) {
        return new ServiceMessage.SettlerAnswer(r);
    }

    private static ServiceMessage wallet(WalletRequest r) {
        return new ServiceMessage.WalletCall(r);
    }

    private static ServiceMessage notice(WalletEvent e) {
        return new ServiceMessage.WalletNotice(e);
    }

    private static <T> T ok(Decoded<T> decoded) throws Bad {
        return switch (decoded) {
            case Decoded.Ok<T> ok -> ok.value();
            case Decoded.Err<T> err -> throw new Bad(err.error().reason(), err.error().detail());
        };
    }

    private static Hash32 hash32(ByteString b, String field) throws Bad {
        if (b.size() != Hash32.SIZE) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + b.size() + " bytes, must be " + Hash32.SIZE);
        }
        return Hash32.of(b.toByteArray());
    }

    private static Preimage preimage(ByteString b, String field) throws Bad {
        if (b.size() != Preimage.SIZE) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + b.size() + " bytes, must be " + Preimage.SIZE);
        }
        return Preimage.of(b.toByteArray());
    }

    private static PublicKey key(ByteString b, String field) throws Bad {
        if (b.size() != WireLimits.KEY_BYTES) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + b.size() + " bytes, must be " + WireLimits.KEY_BYTES);
        }
        return PublicKey.parse(b.toByteArray()).orElseThrow(
                () -> new Bad(Reason.INVALID_VALUE, field + " is not an x-only secp256k1 public key"));
    }

    private static byte[] bounded(ByteString b, int min, int max, String field) throws Bad {
        if (b.size() < min || b.size() > max) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + b.size() + " bytes, must be " + min + " to " + max);
        }
        return b.toByteArray();
    }

    /** A UTF-8 text (protobuf checked the encoding) of at most {@link #MAX_TEXT_BYTES}. */
    private static String text(ByteString utf8, String field) throws Bad {
        if (utf8.size() > MAX_TEXT_BYTES) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + utf8.size() + " bytes, at most " + MAX_TEXT_BYTES);
        }
        if (!utf8.isValidUtf8()) {
            throw new Bad(Reason.MALFORMED, field + " is not UTF-8");
        }
        return utf8.toStringUtf8();
    }

    /** A BOLT 11 string: 1 to 2048 ASCII letters and digits (its syntax is the wallet's to judge). */
    private static String invoice(ByteString ascii, String field) throws Bad {
        int n = ascii.size();
        if (n < 1 || n > WireLimits.MAX_INVOICE_BYTES) {
            throw new Bad(Reason.BAD_LENGTH, field + " is " + n + " bytes, must be 1 to " + WireLimits.MAX_INVOICE_BYTES);
        }
        for (int i = 0; i < n; i++) {
            int c = ascii.byteAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                throw new Bad(Reason.INVALID_VALUE, field + " has a character not allowed at index " + i);
            }
        }
        return ascii.toString(StandardCharsets.US_ASCII);
    }

    private static long msat(long amount, String field) throws Bad {
        if (amount < 0 || amount > WireLimits.MAX_MSAT) {
            throw new Bad(Reason.OUT_OF_RANGE,
                    field + " is " + Long.toUnsignedString(amount) + " msat, must be 0 to " + WireLimits.MAX_MSAT);
        }
        return amount;
    }

    private static long positive(long amount, String field) throws Bad {
        if (msat(amount, field) == 0) {
            throw new Bad(Reason.OUT_OF_RANGE, field + " must be positive");
        }
        return amount;
    }
}
