package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What is broadcast at each hop (seed 000, section 3.6, Figure 9): the sender's
 * signed request, unchanged, the backward onion with one more layer (3.5) and
 * a timestamp. The proof of work of a {@link POWBroadcastFrame} covers the
 * exact serialized bytes, so this value keeps the bytes it was created or
 * decoded with ({@link #encoded()}).
 */
public final class BroadcastPayload {
    private final SignedRequestPayload signedRequestPayload;
    private final byte[] backwardOnion;
    private final Instant timestamp;
    private final byte[] encoded;

    private BroadcastPayload(SignedRequestPayload signedRequestPayload, byte[] backwardOnion, Instant timestamp,
            byte[] encoded) {
        this.signedRequestPayload = signedRequestPayload;
        this.backwardOnion = backwardOnion;
        this.timestamp = timestamp;
        this.encoded = encoded;
    }

    /**
     * Builds and serializes a payload once.
     *
     * @param backwardOnion 0 to {@value WireLimits#MAX_ONION_BYTES} bytes (copied)
     * @param timestamp     when the originator built it; truncated to milliseconds
     */
    public static BroadcastPayload create(SignedRequestPayload signedRequestPayload, byte[] backwardOnion,
            Instant timestamp) {
        Objects.requireNonNull(signedRequestPayload, "signedRequestPayload");
        byte[] onion = Wire.requireBytes(backwardOnion, 0, WireLimits.MAX_ONION_BYTES, "backward_onion");
        Instant ts = Wire.requireTime(timestamp, "timestamp");
        byte[] bytes = org.giggossip.core.wire.proto.BroadcastPayload.newBuilder()
                .setSignedRequestPayload(signedRequestPayload.toProto())
                .setBackwardOnion(ByteString.copyFrom(onion))
                .setTimestamp(ts.toEpochMilli())
                .build()
                .toByteArray();
        return new BroadcastPayload(signedRequestPayload, onion, ts, bytes);
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_BROADCAST_PAYLOAD_BYTES}); never throws. */
    public static Decoded<BroadcastPayload> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_BROADCAST_PAYLOAD_BYTES, "broadcast payload", b -> read(
                ByteString.copyFrom(b)));
    }

    static BroadcastPayload read(ByteString bytes)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        var p = Wire.parse(org.giggossip.core.wire.proto.BroadcastPayload.parser(), bytes,
                WireLimits.MAX_BROADCAST_PAYLOAD_BYTES, "broadcast_payload");
        Wire.present(p.hasSignedRequestPayload(), "broadcast_payload.signed_request_payload");
        SignedRequestPayload srp = SignedRequestPayload.read(p.getSignedRequestPayload());
        byte[] onion = Wire.bounded(p.getBackwardOnion(), 0, WireLimits.MAX_ONION_BYTES, "backward_onion");
        Instant ts = Wire.time(p.getTimestamp(), "broadcast_payload.timestamp");
        return new BroadcastPayload(srp, onion, ts, bytes.toByteArray());
    }

    /** The sender's signed request, unchanged since the sender signed it. */
    public SignedRequestPayload signedRequestPayload() {
        return signedRequestPayload;
    }

    /** The backward onion (3.5), copied. */
    public byte[] backwardOnion() {
        return backwardOnion.clone();
    }

    /** When the originator built the payload. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The exact serialized bytes, which the proof of work covers; copied. */
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BroadcastPayload b && Arrays.equals(encoded, b.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "BroadcastPayload[" + signedRequestPayload.payloadId() + ", onion=" + backwardOnion.length
                + " bytes, timestamp=" + timestamp + "]";
    }
}
