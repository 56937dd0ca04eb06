package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * Encodes and decodes {@link Frame}s in the {@code giggossip.v1.Frame}
 * envelope, the unit a transport carries (seed 000, sections 3.3 to 3.9).
 *
 * <p>Decoding never throws and never parses more than the limit of the frame's
 * kind: it checks the whole input against {@link WireLimits#MAX_FRAME_BYTES},
 * reads the envelope's single tag and length, checks that length against
 * {@link FrameKind#maxBytes()} and that the field spans the rest of the input,
 * and only then parses the frame message. An envelope with any other field, or
 * with more than one, is malformed.
 */
public final class FrameCodec {
    private FrameCodec() {}

    /** The envelope holding {@code frame}. */
    public static byte[] encode(Frame frame) {
        return envelope(frame).toByteArray();
    }

    /** The envelope message holding {@code frame}, before serialization. */
    static org.giggossip.core.wire.proto.Frame envelope(Frame frame) {
        var b = org.giggossip.core.wire.proto.Frame.newBuilder();
        switch (frame) {
            case AskForBroadcastFrame f -> b.setAskForBroadcast(f.toProto());
            case POWBroadcastConditionsFrame f -> b.setPowBroadcastConditions(f.toProto());
            case AskDeclinedFrame f -> b.setAskDeclined(f.toProto());
            case POWBroadcastFrame f -> b.setPowBroadcast(f.toProto());
            case ReplyFrame f -> b.setReply(f.toProto());
        }
        return b.build();
    }

    /** Decodes an envelope from untrusted bytes; never throws. */
    public static Decoded<Frame> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_FRAME_BYTES, "frame", FrameCodec::read);
    }

    private static Frame read(byte[] bytes) throws WireException, InvalidProtocolBufferException {
        try {
            return readEnvelope(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) { // declared by CodedInputStream; a byte array only fails as above
            throw new WireException(Reason.MALFORMED, "frame: " + e.getMessage());
        }
    }

    private static Frame readEnvelope(byte[] bytes) throws WireException, IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int tag = in.readTag();
        if (tag == 0) {
            throw new WireException(Reason.MISSING_FIELD, "frame: empty envelope");
        }
        int field = WireFormat.getTagFieldNumber(tag);
        FrameKind kind = FrameKind.byFieldNumber(field)
                .orElseThrow(() -> new WireException(Reason.UNKNOWN_KIND, "frame: unknown kind " + field));
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw new WireException(Reason.MALFORMED, "frame: kind " + kind + " is not length-delimited");
        }
        int length = in.readRawVarint32();
        int start = in.getTotalBytesRead();
        if (length < 0) {
            throw new WireException(Reason.MALFORMED, "frame: negative length");
        }
        if (length > kind.maxBytes()) {
            throw new WireException(Reason.TOO_LARGE,
                    "frame: " + kind + " is " + length + " bytes, at most " + kind.maxBytes());
        }
        if ((long) start + length != bytes.length) {
            throw new WireException(Reason.MALFORMED, "frame: the envelope must hold exactly one frame, "
                    + (bytes.length - start) + " bytes follow a " + length + "-byte frame");
        }
        ByteString body = UnsafeByteOperations.unsafeWrap(bytes, start, length);
        int max = kind.maxBytes();
        return switch (kind) {
            case ASK_FOR_BROADCAST -> AskForBroadcastFrame.read(
                    Wire.parse(org.giggossip.core.wire.proto.AskForBroadcastFrame.parser(), body, max, "ask for broadcast"));
            case POW_BROADCAST_CONDITIONS -> POWBroadcastConditionsFrame.read(Wire.parse(
                    org.giggossip.core.wire.proto.POWBroadcastConditionsFrame.parser(), body, max, "broadcast conditions"));
            case ASK_DECLINED -> AskDeclinedFrame.read(
                    Wire.parse(org.giggossip.core.wire.proto.AskDeclinedFrame.parser(), body, max, "ask declined"));
            case POW_BROADCAST -> POWBroadcastFrame.read(
                    Wire.parse(org.giggossip.core.wire.proto.POWBroadcastFrame.parser(), body, max, "pow broadcast"));
            case REPLY -> ReplyFrame.read(
                    Wire.parse(org.giggossip.core.wire.proto.ReplyFrame.parser(), body, max, "reply"));
        };
    }
}
