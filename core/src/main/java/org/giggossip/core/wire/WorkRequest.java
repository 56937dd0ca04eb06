package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * The proof of work a middleman asks for (seed 000, sections 3.4 and 3.6,
 * Figure 8). The scheme and the target are carried as they are; the proof-of-work
 * package interprets them.
 *
 * @param powScheme scheme name, 1 to 16 characters of [a-z0-9-], e.g. {@code "sha256"}
 * @param powTarget 256-bit big-endian target, {@value WireLimits#POW_TARGET_BYTES} bytes; copied in and out
 */
public record WorkRequest(String powScheme, byte[] powTarget) {

    public WorkRequest {
        Wire.requirePowScheme(powScheme);
        powTarget = Wire.requireExact(powTarget, WireLimits.POW_TARGET_BYTES, "pow_target");
    }

    @Override
    public byte[] powTarget() {
        return powTarget.clone();
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.WorkRequest toProto() {
        return org.giggossip.core.wire.proto.WorkRequest.newBuilder()
                .setPowScheme(powScheme)
                .setPowTarget(ByteString.copyFrom(powTarget))
                .build();
    }

    static WorkRequest read(org.giggossip.core.wire.proto.WorkRequest p) throws WireException {
        String scheme = Wire.text(p.getPowSchemeBytes(), 1, WireLimits.MAX_POW_SCHEME_BYTES, "work_request.pow_scheme");
        return new WorkRequest(scheme, Wire.exact(p.getPowTarget(), WireLimits.POW_TARGET_BYTES,
                "work_request.pow_target"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkRequest w && powScheme.equals(w.powScheme) && Arrays.equals(powTarget, w.powTarget);
    }

    @Override
    public int hashCode() {
        return 31 * powScheme.hashCode() + Arrays.hashCode(powTarget);
    }

    @Override
    public String toString() {
        return "WorkRequest[" + powScheme + ", target=" + org.giggossip.core.util.Hex.encode(powTarget) + "]";
    }
}
