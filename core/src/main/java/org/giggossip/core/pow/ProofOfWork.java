package org.giggossip.core.pow;

import java.util.Objects;

/**
 * The ProofOfWork of a POWBroadcastFrame (seed 000, section 3.6, Figure 9): the
 * scheme, the target the sender says it met, and the nonce it found. The work is
 * not carried: the verifier recomputes it from the payload it protects.
 *
 * @param scheme the scheme, {@code pow_scheme} on the wire
 * @param target the target the sender claims; verifiers compare with their own
 *     required target instead (docs/style.md 7), and reject a claim weaker than it
 * @param nonce the nonce, an unsigned 64-bit integer (8 bytes big-endian in the
 *     hashed block)
 */
public record ProofOfWork(PowScheme scheme, Target target, long nonce) {
    public ProofOfWork {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(target, "target");
    }

    /** The work this proof stands for over {@code payload}. Allocates; for tests and tools. */
    public byte[] work(byte[] payload) {
        return PowHasher.work(payload, nonce);
    }

    @Override
    public String toString() {
        return "ProofOfWork[" + scheme + ", nonce " + Long.toUnsignedString(nonce)
            + ", difficulty " + target.difficulty() + "]";
    }
}
