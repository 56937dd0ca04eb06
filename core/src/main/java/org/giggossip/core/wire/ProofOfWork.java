package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * A proof of work as carried by a {@link POWBroadcastFrame} (seed 000, sections
 * 3.4 and 3.6, Figure 9): the scheme, the target worked against and the nonce
 * found. For scheme {@code "sha256"} the work is
 * {@code SHA256(SHA256(broadcast_payload) || nonce)}, the nonce as 8 bytes
 * big-endian, and it must not exceed the target. Verifiers compare with their
 * own target, never with this claim alone.
 *
 * @param powScheme scheme name, 1 to 16 characters of [a-z0-9-]
 * @param powTarget 256-bit big-endian target, {@value WireLimits#POW_TARGET_BYTES} bytes; copied in and out
 * @param nonce     the nonce, a uint64 (any bit pattern)
 */
public record ProofOfWork(String powScheme, byte[] powTarget, long nonce) {

    public ProofOfWork {
        Wire.requirePowScheme(powScheme);
        powTarget = Wire.requireExact(powTarget, WireLimits.POW_TARGET_BYTES, "pow_target");
    }

    @Override
    public byte[] powTarget() {
        return powTarget.clone();
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.ProofOfWork toProto() {
        return org.giggossip.core.wire.proto.ProofOfWork.newBuilder()
                .setPowScheme(powScheme)
                .setPowTarget(ByteString.copyFrom(powTarget))
                .setNonce(nonce)
                .build();
    }

    static ProofOfWork read(org.giggossip.core.wire.proto.ProofOfWork p) throws WireException {
        String scheme = Wire.text(p.getPowSchemeBytes(), 1, WireLimits.MAX_POW_SCHEME_BYTES, "proof_of_work.pow_scheme");
        return new ProofOfWork(scheme,
                Wire.exact(p.getPowTarget(), WireLimits.POW_TARGET_BYTES, "proof_of_work.pow_target"), p.getNonce());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofOfWork w && powScheme.equals(w.powScheme) && Arrays.equals(powTarget, w.powTarget)
                && nonce == w.nonce;
    }

    @Override
    public int hashCode() {
        return (31 * powScheme.hashCode() + Arrays.hashCode(powTarget)) * 31 + Long.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "ProofOfWork[" + powScheme + ", target=" + org.giggossip.core.util.Hex.encode(powTarget)
                + ", nonce=" + Long.toUnsignedString(nonce) + "]";
    }
}
