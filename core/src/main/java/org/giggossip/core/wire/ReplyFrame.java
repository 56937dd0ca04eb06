package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Objects;

/**
 * A reply travelling back to the sender (seed 000, section 3.9, Figure 13).
 * Each middleman peels one layer of the forward onion and replaces the network
 * invoice with its own for the same payment hash plus its fee: {@link #forwarded}.
 *
 * @param encryptedReplyPayload a {@link ReplyPayload} encrypted by the settler;
 *                              1 to {@value WireLimits#MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES} bytes, copied in and out
 * @param settlementPromise     the settler's promise about this reply
 * @param forwardOnion          the remaining onion (3.5), 0 to {@value WireLimits#MAX_ONION_BYTES} bytes,
 *                              copied in and out
 * @param networkInvoice        the previous hop's BOLT 11 hold invoice for the network payment hash
 */
public record ReplyFrame(byte[] encryptedReplyPayload, SettlementPromise settlementPromise, byte[] forwardOnion,
        String networkInvoice) implements Frame {

    public ReplyFrame {
        encryptedReplyPayload = Wire.requireBytes(encryptedReplyPayload, 1,
                WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES, "encrypted_reply_payload");
        Objects.requireNonNull(settlementPromise, "settlementPromise");
        forwardOnion = Wire.requireBytes(forwardOnion, 0, WireLimits.MAX_ONION_BYTES, "forward_onion");
        Wire.requireInvoice(networkInvoice, "network_invoice");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.REPLY;
    }

    @Override
    public byte[] encryptedReplyPayload() {
        return encryptedReplyPayload.clone();
    }

    @Override
    public byte[] forwardOnion() {
        return forwardOnion.clone();
    }

    /** The hash of the encrypted reply payload, to compare with the promise's. */
    public Hash32 hashOfEncryptedReplyPayload() {
        return SettlementPromise.hashOfEncryptedReplyPayload(encryptedReplyPayload);
    }

    /** The same reply as a middleman forwards it: one onion layer peeled, its own network invoice. */
    public ReplyFrame forwarded(byte[] peeledOnion, String ownNetworkInvoice) {
        return new ReplyFrame(encryptedReplyPayload, settlementPromise, peeledOnion, ownNetworkInvoice);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.ReplyFrame toProto() {
        return org.giggossip.core.wire.proto.ReplyFrame.newBuilder()
                .setEncryptedReplyPayload(ByteString.copyFrom(encryptedReplyPayload))
                .setSettlementPromise(settlementPromise.toProto())
                .setForwardOnion(ByteString.copyFrom(forwardOnion))
                .setNetworkInvoice(networkInvoice)
                .build();
    }

    /** The frame message alone, without the envelope. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes a bare frame message (at most {@link FrameKind#maxBytes()}); never throws. */
    public static Decoded<ReplyFrame> decode(byte[] bytes) {
        int max = FrameKind.REPLY.maxBytes();
        return Wire.decode(bytes, max, "reply", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.ReplyFrame.parser(), b, max, "reply")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<ReplyFrame> fromProto(org.giggossip.core.wire.proto.ReplyFrame proto) {
        return Wire.convert(proto, "reply", ReplyFrame::read);
    }

    static ReplyFrame read(org.giggossip.core.wire.proto.ReplyFrame p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        byte[] payload = Wire.bounded(p.getEncryptedReplyPayload(), 1, WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES,
                "reply.encrypted_reply_payload");
        Wire.present(p.hasSettlementPromise(), "reply.settlement_promise");
        byte[] onion = Wire.bounded(p.getForwardOnion(), 0, WireLimits.MAX_ONION_BYTES, "reply.forward_onion");
        String invoice = Wire.text(p.getNetworkInvoiceBytes(), 1, WireLimits.MAX_INVOICE_BYTES,
                "reply.network_invoice");
        return new ReplyFrame(payload, SettlementPromise.read(p.getSettlementPromise()), onion, invoice);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplyFrame r && Arrays.equals(encryptedReplyPayload, r.encryptedReplyPayload)
                && settlementPromise.equals(r.settlementPromise) && Arrays.equals(forwardOnion, r.forwardOnion)
                && networkInvoice.equals(r.networkInvoice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(encryptedReplyPayload), settlementPromise, Arrays.hashCode(forwardOnion),
                networkInvoice);
    }

    @Override
    public String toString() {
        return "ReplyFrame[payload=" + encryptedReplyPayload.length + " bytes, " + settlementPromise + ", onion="
                + forwardOnion.length + " bytes, invoice=" + networkInvoice + "]";
    }
}
