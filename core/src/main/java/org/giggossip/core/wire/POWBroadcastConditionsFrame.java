package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Middleman to originator: my conditions for broadcasting your request (seed 000,
 * section 3.6, Figure 8). Answered by {@link #broadcast}.
 *
 * @param askId              the ask answered
 * @param validTill          the middleman waits for the {@link POWBroadcastFrame} until then (milliseconds)
 * @param workRequest        the proof of work required
 * @param timestampTolerance how old the broadcast payload's timestamp may be:
 *                           {@code timestamp <= now <= timestamp + timestampTolerance} (milliseconds)
 * @param replyFeeMsat       the middleman's fee for carrying a reply back, added to the network invoice (3.9)
 */
public record POWBroadcastConditionsFrame(AskId askId, Instant validTill, WorkRequest workRequest,
        Duration timestampTolerance, long replyFeeMsat) implements Frame {

    public POWBroadcastConditionsFrame {
        Objects.requireNonNull(askId, "askId");
        Objects.requireNonNull(workRequest, "workRequest");
        validTill = Wire.requireTime(validTill, "valid_till");
        timestampTolerance = Wire.requireDuration(timestampTolerance, "timestamp_tolerance");
        Wire.requireMsat(replyFeeMsat, "reply_fee_msat");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.POW_BROADCAST_CONDITIONS;
    }

    /** The originator's answer: the payload and the work done over its exact bytes. */
    public POWBroadcastFrame broadcast(BroadcastPayload payload, ProofOfWork proofOfWork) {
        return new POWBroadcastFrame(askId, payload, proofOfWork);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.POWBroadcastConditionsFrame toProto() {
        return org.giggossip.core.wire.proto.POWBroadcastConditionsFrame.newBuilder()
                .setAskId(ByteString.copyFrom(askId.view()))
                .setValidTill(validTill.toEpochMilli())
                .setWorkRequest(workRequest.toProto())
                .setTimestampTolerance(timestampTolerance.toMillis())
                .setReplyFeeMsat(replyFeeMsat)
                .build();
    }

    /** The frame message alone, without the envelope. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes a bare frame message (at most {@link FrameKind#maxBytes()}); never throws. */
    public static Decoded<POWBroadcastConditionsFrame> decode(byte[] bytes) {
        int max = FrameKind.POW_BROADCAST_CONDITIONS.maxBytes();
        return Wire.decode(bytes, max, "broadcast conditions", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.POWBroadcastConditionsFrame.parser(), b, max, "broadcast conditions")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<POWBroadcastConditionsFrame> fromProto(
            org.giggossip.core.wire.proto.POWBroadcastConditionsFrame proto) {
        return Wire.convert(proto, "broadcast conditions", POWBroadcastConditionsFrame::read);
    }

    static POWBroadcastConditionsFrame read(org.giggossip.core.wire.proto.POWBroadcastConditionsFrame p)
            throws WireException {
        AskId askId = AskId.of(Wire.exact(p.getAskId(), AskId.SIZE, "conditions.ask_id"));
        Wire.present(p.hasWorkRequest(), "conditions.work_request");
        return new POWBroadcastConditionsFrame(askId,
                Wire.time(p.getValidTill(), "conditions.valid_till"),
                WorkRequest.read(p.getWorkRequest()),
                Wire.duration(p.getTimestampTolerance(), "conditions.timestamp_tolerance"),
                Wire.msat(p.getReplyFeeMsat(), "conditions.reply_fee_msat"));
    }
}
