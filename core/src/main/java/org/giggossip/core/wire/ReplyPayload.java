package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Objects;

/**
 * The replier's offer (seed 000, section 3.9). The settler encrypts its
 * serialization under a key derived from the network preimage; it travels as
 * {@link ReplyFrame#encryptedReplyPayload()} and the sender decodes it once it
 * has paid and learnt the preimage.
 *
 * @param replierCertificate    the replier's certificate (e.g. {@code driving_licence=valid})
 * @param signedRequestPayload  the request answered, so the sender can check it is unchanged
 * @param encryptedReplyMessage the offer and contact details sealed to the sender's certificate key;
 *                              1 to {@value WireLimits#MAX_REPLY_MESSAGE_BYTES} bytes, copied in and out
 * @param replyInvoice          the BOLT 11 invoice for the job itself (Figure 15)
 */
public record ReplyPayload(Certificate replierCertificate, SignedRequestPayload signedRequestPayload,
        byte[] encryptedReplyMessage, String replyInvoice) {

    public ReplyPayload {
        Objects.requireNonNull(replierCertificate, "replierCertificate");
        Objects.requireNonNull(signedRequestPayload, "signedRequestPayload");
        encryptedReplyMessage = Wire.requireBytes(encryptedReplyMessage, 1, WireLimits.MAX_REPLY_MESSAGE_BYTES,
                "encrypted_reply_message");
        Wire.requireInvoice(replyInvoice, "reply_invoice");
    }

    @Override
    public byte[] encryptedReplyMessage() {
        return encryptedReplyMessage.clone();
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.ReplyPayload toProto() {
        return org.giggossip.core.wire.proto.ReplyPayload.newBuilder()
                .setReplierCertificate(replierCertificate.toProto())
                .setSignedRequestPayload(signedRequestPayload.toProto())
                .setEncryptedReplyMessage(ByteString.copyFrom(encryptedReplyMessage))
                .setReplyInvoice(replyInvoice)
                .build();
    }

    /** The serialized payload: the plaintext the settler encrypts. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_REPLY_PAYLOAD_BYTES}); never throws. */
    public static Decoded<ReplyPayload> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_REPLY_PAYLOAD_BYTES, "reply payload", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.ReplyPayload.parser(), b, WireLimits.MAX_REPLY_PAYLOAD_BYTES,
                "reply payload")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<ReplyPayload> fromProto(org.giggossip.core.wire.proto.ReplyPayload proto) {
        return Wire.convert(proto, "reply payload", ReplyPayload::read);
    }

    static ReplyPayload read(org.giggossip.core.wire.proto.ReplyPayload p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        Wire.present(p.hasReplierCertificate(), "reply_payload.replier_certificate");
        Wire.present(p.hasSignedRequestPayload(), "reply_payload.signed_request_payload");
        byte[] message = Wire.bounded(p.getEncryptedReplyMessage(), 1, WireLimits.MAX_REPLY_MESSAGE_BYTES,
                "reply_payload.encrypted_reply_message");
        String invoice = Wire.text(p.getReplyInvoiceBytes(), 1, WireLimits.MAX_INVOICE_BYTES,
                "reply_payload.reply_invoice");
        return new ReplyPayload(Certificate.read(p.getReplierCertificate()),
                SignedRequestPayload.read(p.getSignedRequestPayload()), message, invoice);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplyPayload r && replierCertificate.equals(r.replierCertificate)
                && signedRequestPayload.equals(r.signedRequestPayload)
                && Arrays.equals(encryptedReplyMessage, r.encryptedReplyMessage)
                && replyInvoice.equals(r.replyInvoice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replierCertificate, signedRequestPayload, Arrays.hashCode(encryptedReplyMessage),
                replyInvoice);
    }

    @Override
    public String toString() {
        return "ReplyPayload[replier=" + replierCertificate.subject() + ", request="
                + signedRequestPayload.payloadId() + ", message=" + encryptedReplyMessage.length + " bytes]";
    }
}
