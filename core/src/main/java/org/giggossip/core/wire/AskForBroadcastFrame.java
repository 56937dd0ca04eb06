package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Originator to middleman: on what conditions will you broadcast this request?
 * (seed 000, section 3.3, Figure 5). Answered by {@link #conditions} or
 * {@link #decline}.
 *
 * @param askId                identifies this originator-middleman exchange (Figure 6)
 * @param signedRequestPayload the sender's signed request
 */
public record AskForBroadcastFrame(AskId askId, SignedRequestPayload signedRequestPayload) implements Frame {

    public AskForBroadcastFrame {
        Objects.requireNonNull(askId, "askId");
        Objects.requireNonNull(signedRequestPayload, "signedRequestPayload");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.ASK_FOR_BROADCAST;
    }

    /** The middleman's acceptance of this ask: its conditions for broadcasting (3.6). */
    public POWBroadcastConditionsFrame conditions(Instant validTill, WorkRequest workRequest,
            Duration timestampTolerance, long replyFeeMsat) {
        return new POWBroadcastConditionsFrame(askId, validTill, workRequest, timestampTolerance, replyFeeMsat);
    }

    /** The middleman's refusal of this ask. */
    public AskDeclinedFrame decline(DeclineReason reason, String text) {
        return new AskDeclinedFrame(askId, reason, text);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.AskForBroadcastFrame toProto() {
        return org.giggossip.core.wire.proto.AskForBroadcastFrame.newBuilder()
                .setAskId(ByteString.copyFrom(askId.view()))
                .setSignedRequestPayload(signedRequestPayload.toProto())
                .build();
    }

    /** The frame message alone, without the envelope ({@link FrameCodec#encode} adds it). */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes a bare frame message (at most {@link FrameKind#maxBytes()}); never throws. */
    public static Decoded<AskForBroadcastFrame> decode(byte[] bytes) {
        return Wire.decode(bytes, FrameKind.ASK_FOR_BROADCAST.maxBytes(), "ask for broadcast", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.AskForBroadcastFrame.parser(), b,
                FrameKind.ASK_FOR_BROADCAST.maxBytes(), "ask for broadcast")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<AskForBroadcastFrame> fromProto(org.giggossip.core.wire.proto.AskForBroadcastFrame proto) {
        return Wire.convert(proto, "ask for broadcast", AskForBroadcastFrame::read);
    }

    static AskForBroadcastFrame read(org.giggossip.core.wire.proto.AskForBroadcastFrame p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        AskId askId = AskId.of(Wire.exact(p.getAskId(), AskId.SIZE, "ask_for_broadcast.ask_id"));
        Wire.present(p.hasSignedRequestPayload(), "ask_for_broadcast.signed_request_payload");
        return new AskForBroadcastFrame(askId, SignedRequestPayload.read(p.getSignedRequestPayload()));
    }
}
