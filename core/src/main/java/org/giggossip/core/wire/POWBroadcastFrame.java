package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * Originator to middleman: broadcast this, here is the work (seed 000, section
 * 3.6, Figure 9). The proof of work is over the exact bytes of the payload,
 * {@link BroadcastPayload#encoded()}, which travel as they are.
 *
 * @param askId            the conditions answered
 * @param broadcastPayload the payload, with its exact bytes
 * @param proofOfWork      the work done over those bytes
 */
public record POWBroadcastFrame(AskId askId, BroadcastPayload broadcastPayload, ProofOfWork proofOfWork)
        implements Frame {

    public POWBroadcastFrame {
        Objects.requireNonNull(askId, "askId");
        Objects.requireNonNull(broadcastPayload, "broadcastPayload");
        Objects.requireNonNull(proofOfWork, "proofOfWork");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.POW_BROADCAST;
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.POWBroadcastFrame toProto() {
        return org.giggossip.core.wire.proto.POWBroadcastFrame.newBuilder()
                .setAskId(ByteString.copyFrom(askId.view()))
                .setBroadcastPayload(ByteString.copyFrom(broadcastPayload.encoded()))
                .setProofOfWork(proofOfWork.toProto())
                .build();
    }

    /** The frame message alone, without the envelope. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    /** Decodes a bare frame message (at most {@link FrameKind#maxBytes()}); never throws. */
    public static Decoded<POWBroadcastFrame> decode(byte[] bytes) {
        int max = FrameKind.POW_BROADCAST.maxBytes();
        return Wire.decode(bytes, max, "pow broadcast", b -> read(Wire.parse(
                org.giggossip.core.wire.proto.POWBroadcastFrame.parser(), b, max, "pow broadcast")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<POWBroadcastFrame> fromProto(org.giggossip.core.wire.proto.POWBroadcastFrame proto) {
        return Wire.convert(proto, "pow broadcast", POWBroadcastFrame::read);
    }

    static POWBroadcastFrame read(org.giggossip.core.wire.proto.POWBroadcastFrame p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        AskId askId = AskId.of(Wire.exact(p.getAskId(), AskId.SIZE, "pow_broadcast.ask_id"));
        Wire.present(p.hasProofOfWork(), "pow_broadcast.proof_of_work");
        ProofOfWork pow = ProofOfWork.read(p.getProofOfWork());
        return new POWBroadcastFrame(askId, BroadcastPayload.read(p.getBroadcastPayload()), pow);
    }
}
