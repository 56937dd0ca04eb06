package org.giggossip.net.admission;

import java.util.Objects;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.Target;

/** The two messages of the admission exchange (seed 003, section 2.3); immutable values. */
public sealed interface AdmissionMessage {

    /**
     * "Here is my challenge": the sender's fresh {@code nonce} (32 random bytes) and
     * the {@code target} it demands of the receiver's answer, under {@code scheme}.
     */
    record Challenge(PowScheme scheme, byte[] nonce, Target target) implements AdmissionMessage {
        /** Bytes in a challenge nonce. */
        public static final int NONCE_SIZE = 32;

        public Challenge {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(target, "target");
            if (nonce.length != NONCE_SIZE) {
                throw new IllegalArgumentException("a challenge nonce is 32 bytes");
            }
            nonce = nonce.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        /** The answer to this challenge, once solved: the proof-of-work nonce found. */
        public Answer answer(long powNonce) {
            return new Answer(scheme, powNonce);
        }
    }

    /** "Here is my proof": the nonce that makes the sender's admission payload meet the receiver's target. */
    record Answer(PowScheme scheme, long powNonce) implements AdmissionMessage {
        public Answer {
            Objects.requireNonNull(scheme, "scheme");
        }
    }
}
