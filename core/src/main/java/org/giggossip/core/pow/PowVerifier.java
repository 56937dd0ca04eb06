package org.giggossip.core.pow;

import java.util.Objects;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;

/**
 * Checks a proof of work against this verifier's own requirement: the scheme and
 * the target that the middleman asked for in its POWBroadcastConditionsFrame
 * (seed 000, section 3.6). The sender's claimed target is never trusted
 * (docs/style.md 7): a claim weaker than the requirement is rejected outright, and the
 * recomputed work is compared with the required target only.
 *
 * <p>Cheap and synchronous, meant to run before any signature check or database
 * lookup: one SHA-256 over the payload, one compression, one compare. Checks run
 * cheapest first. Immutable and thread-safe; the digest and buffers are
 * per-thread and reused, so hashing allocates nothing once a thread has verified
 * before (an accepted proof costs no allocation beyond what the wire-field
 * overload builds: a {@link Target} and a {@link ProofOfWork}). The scratch is a
 * thread-local of about half a kilobyte, so verify on long-lived threads (the
 * engine's event loop), not on a fresh virtual thread per frame.
 */
public final class PowVerifier {
    private static final ThreadLocal<PowHasher> HASHER = ThreadLocal.withInitial(PowHasher::new);

    private final PowScheme requiredScheme;
    private final Target requiredTarget;

    /** A verifier that accepts only {@code requiredScheme} with work at most {@code requiredTarget}. */
    public PowVerifier(PowScheme requiredScheme, Target requiredTarget) {
        this.requiredScheme = Objects.requireNonNull(requiredScheme, "requiredScheme");
        this.requiredTarget = Objects.requireNonNull(requiredTarget, "requiredTarget");
    }

    public PowScheme requiredScheme() {
        return requiredScheme;
    }

    public Target requiredTarget() {
        return requiredTarget;
    }

    /**
     * Judges a proof given as its raw wire fields.
     *
     * <ul>
     *   <li>an unknown scheme name, or a known one other than required: Reject MAJOR;
     *   <li>a claimed target that is not exactly 32 bytes: Reject FATAL (garbage);
     *   <li>then as {@link #verify(byte[], ProofOfWork)}.
     * </ul>
     */
    public Verdict verify(byte[] payload, String schemeName, byte[] claimedTarget, long nonce) {
        var scheme = PowScheme.fromWireName(schemeName);
        if (scheme.isEmpty()) {
            return Verdict.reject(Reason.UNKNOWN_POW_SCHEME, Severity.MAJOR,
                    "unknown proof-of-work scheme: " + printable(schemeName));
        }
        var target = Target.parse(claimedTarget);
        if (target.isEmpty()) {
            return Verdict.reject(Reason.BAD_POW, Severity.FATAL, "proof-of-work target must be 32 bytes, got "
                + (claimedTarget == null ? "none" : claimedTarget.length));
        }
        return verify(payload, new ProofOfWork(scheme.get(), target.get(), nonce));
    }

    /**
     * Judges a proof over the payload it protects.
     *
     * <ul>
     *   <li>a scheme other than required: Reject MAJOR;
     *   <li>a claimed target weaker (greater) than required: Reject MAJOR;
     *   <li>work {@code SHA-256(SHA-256(payload) || nonce)} above the required
     *       target: Reject FATAL (only a broken or hostile peer sends bad work);
     *   <li>otherwise Accept.
     * </ul>
     */
    public Verdict verify(byte[] payload, ProofOfWork proof) {
        if (proof.scheme() != requiredScheme) {
            return Verdict.reject(Reason.WEAK_POW, Severity.MAJOR, "proof-of-work scheme " + proof.scheme()
                + " where " + requiredScheme + " was required");
        }
        if (proof.target().isWeakerThan(requiredTarget)) {
            return Verdict.reject(Reason.WEAK_POW, Severity.MAJOR,
                "proof-of-work target weaker than required (difficulty " + proof.target().difficulty() + " < "
                + requiredTarget.difficulty() + ")");
        }
        PowHasher h = HASHER.get();
        h.setPayload(payload);
        if (!h.meets(proof.nonce(), requiredTarget)) {
            return Verdict.reject(Reason.BAD_POW, Severity.FATAL, "proof-of-work does not meet the required target");
        }
        return Verdict.accept();
    }

    /** The scheme name for a log line: at most 32 characters, printable ASCII only. */
    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 32; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return '"' + b.toString() + (s.length() > 32 ? "\"..." : "\"");
    }
}
