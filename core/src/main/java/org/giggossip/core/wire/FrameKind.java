package org.giggossip.core.wire;

import java.util.Optional;

/**
 * The kinds of {@link Frame}, each with its field number in the wire envelope
 * ({@code giggossip.v1.Frame}) and the maximum size of its message, which a
 * decoder checks before parsing it.
 */
public enum FrameKind {
    /** Section 3.3, Figure 5. */
    ASK_FOR_BROADCAST(org.giggossip.core.wire.proto.Frame.ASK_FOR_BROADCAST_FIELD_NUMBER,
            WireLimits.MAX_ASK_FOR_BROADCAST_FRAME_BYTES),
    /** Section 3.6, Figure 8. */
    POW_BROADCAST_CONDITIONS(org.giggossip.core.wire.proto.Frame.POW_BROADCAST_CONDITIONS_FIELD_NUMBER,
            WireLimits.MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES),
    /** Section 3.6: the refusal of an ask. */
    ASK_DECLINED(org.giggossip.core.wire.proto.Frame.ASK_DECLINED_FIELD_NUMBER,
            WireLimits.MAX_ASK_DECLINED_FRAME_BYTES),
    /** Section 3.6, Figure 9. */
    POW_BROADCAST(org.giggossip.core.wire.proto.Frame.POW_BROADCAST_FIELD_NUMBER,
            WireLimits.MAX_POW_BROADCAST_FRAME_BYTES),
    /** Section 3.9, Figure 13. */
    REPLY(org.giggossip.core.wire.proto.Frame.REPLY_FIELD_NUMBER, WireLimits.MAX_REPLY_FRAME_BYTES);

    private final int fieldNumber;
    private final int maxBytes;

    FrameKind(int fieldNumber, int maxBytes) {
        this.fieldNumber = fieldNumber;
        this.maxBytes = maxBytes;
    }

    /** The field number of this kind in the {@code Frame} envelope's oneof. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** The maximum size of the serialized frame message, without the envelope. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The kind with this envelope field number, if any. */
    public static Optional<FrameKind> byFieldNumber(int fieldNumber) {
        for (FrameKind k : values()) {
            if (k.fieldNumber == fieldNumber) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
