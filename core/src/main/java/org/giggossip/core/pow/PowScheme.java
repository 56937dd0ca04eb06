package org.giggossip.core.pow;

import java.util.Optional;

/**
 * A proof-of-work scheme, named on the wire so that the scheme can change
 * without ambiguity (seed 000, section 3.4: "the middleman decides the kind and
 * how complex POW is required"; docs/style.md 7: versioned).
 *
 * <p>A frame carries the scheme as a string; {@link #fromWireName(String)} maps
 * it to a scheme this implementation knows, and {@link PowVerifier} rejects
 * any other name with a verdict.
 */
public enum PowScheme {
    /**
     * SHA-256 hashcash with a one-block attempt:
     * {@code work = SHA-256( SHA-256(payload) || nonce )}, the nonce as 8 bytes
     * big-endian. The 40-byte message pads to exactly one 64-byte block, so one
     * attempt costs one SHA-256 compression. The proof is valid when {@code work},
     * read as a 256-bit unsigned big-endian integer, is at most the target.
     */
    SHA256("sha256");

    private final String wireName;

    PowScheme(String wireName) {
        this.wireName = wireName;
    }

    /** The name of this scheme on the wire, e.g. {@code "sha256"}. */
    public String wireName() {
        return wireName;
    }

    /** The scheme with this exact wire name (case-sensitive), or empty for a name we do not know. */
    public static Optional<PowScheme> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (PowScheme s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
