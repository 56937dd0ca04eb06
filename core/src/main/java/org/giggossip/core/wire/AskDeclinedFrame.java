package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * Middleman to originator: I will not broadcast this request (seed 000, section
 * 3.6; for instance a geohash more precise than the node accepts, section 3.1).
 *
 * @param askId  the ask answered
 * @param reason the reason code
 * @param text   human-readable detail, 0 to {@value WireLimits#MAX_DECLINE_TEXT_BYTES} UTF-8 bytes
 */
public record AskDeclinedFrame(AskId askId, DeclineReason reason, String text) implements Frame {

    public AskDeclinedFrame {
        Objects.requireNonNull(askId, "askId");
        Objects.requireNonNull(reason, "reason");
        Wire.requireText(text, 0, WireLimits.MAX_DECLINE_TEXT_BYTES, "text");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.ASK_DECLINED;
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.AskDeclinedFrame toProto() {
        return org.giggossip.core.wire.proto.AskDeclinedFrame.newBuilder()
                .setAskId(ByteString.copyFrom(askId.view()))
                .setReason(reason.toProto())
                .setText(text)
                .build();
    }

    /** The frame message alone, without the envelope. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes a bare frame message (at most {@link FrameKind#maxBytes()}); never throws. */
    public static Decoded<AskDeclinedFrame> decode(byte[] bytes) {
        int max = FrameKind.ASK_DECLINED.maxBytes();
        return Wire.decode(bytes, max, "ask declined", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.AskDeclinedFrame.parser(), b, max, "ask declined")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<AskDeclinedFrame> fromProto(org.giggossip.core.wire.proto.AskDeclinedFrame proto) {
        return Wire.convert(proto, "ask declined", AskDeclinedFrame::read);
    }

    static AskDeclinedFrame read(org.giggossip.core.wire.proto.AskDeclinedFrame p) throws WireException {
        AskId askId = AskId.of(Wire.exact(p.getAskId(), AskId.SIZE, "ask_declined.ask_id"));
        String text = Wire.text(p.getTextBytes(), 0, WireLimits.MAX_DECLINE_TEXT_BYTES, "ask_declined.text");
        return new AskDeclinedFrame(askId, DeclineReason.fromProto(p.getReason()), text);
    }
}
