package org.giggossip.core.pow;

import java.util.Arrays;
import org.giggossip.core.util.Hex;

/**
 * How a solving job ended. Every outcome reports the attempts made, summed over
 * all threads, counted after every thread has stopped.
 */
public sealed interface PowResult permits PowResult.Found, PowResult.Expired, PowResult.Cancelled {

    /** Hashes computed, over all threads; at least 1 for a job that ran. */
    long attempts();

    /**
     * A nonce whose work meets the target.
     *
     * @param nonce the nonce (unsigned 64-bit)
     * @param work its work, {@code SHA-256(SHA-256(payload) || nonce)}; copied in and out
     * @param attempts hashes computed over all threads, including those after the hit
     *     that other threads made before they noticed
     */
    record Found(long nonce, byte[] work, long attempts) implements PowResult {
        public Found {
            if (work.length != 32) {
                throw new IllegalArgumentException("work must be 32 bytes");
            }
            work = work.clone();
        }

        @Override
        public byte[] work() {
            return work.clone();
        }

        /** The proof to send, naming the scheme and the target that was solved for. */
        public ProofOfWork proof(Target target) {
            return new ProofOfWork(PowScheme.SHA256, target, nonce);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found f && f.nonce == nonce && f.attempts == attempts
                && Arrays.equals(f.work, work);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(nonce) * 31 + Arrays.hashCode(work) + Long.hashCode(attempts);
        }

        @Override
        public String toString() {
            return "Found[nonce=" + Long.toUnsignedString(nonce) + ", work=" + Hex.encode(work)
                + ", attempts=" + attempts + "]";
        }
    }

    /** The deadline passed before a nonce was found. */
    record Expired(long attempts) implements PowResult {}

    /** The job was cancelled before a nonce was found. */
    record Cancelled(long attempts) implements PowResult {}
}
