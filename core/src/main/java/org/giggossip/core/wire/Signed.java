package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * A signed object of the wire (docs/architecture.md, "Signatures"): its parsed
 * body, the exact body bytes that were signed (verifiers hash these, never a
 * re-serialization) and the 64-byte BIP 340 signature. Two values are equal
 * when they are of the same kind and hold the same bytes and signature.
 *
 * @param <B> the body's type
 */
public abstract sealed class Signed<B> permits Certificate, RevocationList, SignedRequestPayload, SettlementPromise {
    private final B body;
    private final byte[] bodyBytes;
    private final byte[] signature;

    /** Takes ownership of both arrays: callers pass fresh copies. */
    Signed(B body, byte[] bodyBytes, byte[] signature) {
        this.body = body;
        this.bodyBytes = bodyBytes;
        this.signature = signature;
    }

    /** The parsed body. */
    public final B body() {
        return body;
    }

    /** The exact signed body bytes, copied. */
    public final byte[] bodyBytes() {
        return bodyBytes.clone();
    }

    /** The 64-byte signature, copied. */
    public final byte[] signature() {
        return signature.clone();
    }

    /** The body bytes as a protobuf field value. */
    final ByteString bodyField() {
        return ByteString.copyFrom(bodyBytes);
    }

    /** The signature as a protobuf field value. */
    final ByteString signatureField() {
        return ByteString.copyFrom(signature);
    }

    /** The protobuf message of this value (giggossip.proto). */
    public abstract com.google.protobuf.Message toProto();

    /** The serialized message, as carried on the wire. */
    public final byte[] encode() {
        return toProto().toByteArray();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bodyBytes, ((Signed<?>) o).bodyBytes)
                && Arrays.equals(signature, ((Signed<?>) o).signature);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(signature);
    }
}
