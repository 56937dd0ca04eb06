package org.giggossip.core.pow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Objects;
import org.giggossip.core.crypto.Sha256;

/**
 * The inner loop of the {@link PowScheme#SHA256 sha256} scheme, shared by the
 * solver, the verifier and the benchmarks, so that what is measured is what runs.
 *
 * <p>Holds one {@link MessageDigest} and a reused 40-byte block
 * {@code SHA-256(payload) || nonce}. After {@link #setPayload(byte[])} hashes the
 * payload once, each attempt writes the 8 nonce bytes into the block and hashes
 * those 40 bytes (one SHA-256 compression) into a reused 32-byte output: no
 * allocation per attempt.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class PowHasher {
    /** Bytes of the nonce on the wire (unsigned 64-bit, big-endian). */
    public static final int NONCE_SIZE = 8;
    /** Bytes hashed per attempt: the payload digest and the nonce. */
    public static final int BLOCK_SIZE = Sha256.SIZE + NONCE_SIZE;

    private static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final MessageDigest digest = Sha256.newDigest();
    private final byte[] block = new byte[BLOCK_SIZE];
    private final byte[] work = new byte[Sha256.SIZE];

    /** A hasher for the empty payload until {@link #setPayload(byte[])} is called. */
    public PowHasher() {
        setPayload(new byte[0]);
    }

    /**
     * The work of one attempt, computed with a fresh hasher:
     * {@code SHA-256(SHA-256(payload) || nonce)}. A convenience for tests and tools.
     */
    public static byte[] work(byte[] payload, long nonce) {
        PowHasher h = new PowHasher();
        h.setPayload(payload);
        h.hash(nonce);
        return h.copyWork();
    }

    /** Hashes the payload (once) into the first 32 bytes of the attempt block. */
    public void setPayload(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        digest.update(payload);
        finish(block);
    }

    /** Sets the first 32 bytes of the attempt block to an already computed payload digest. */
    public void setPayloadDigest(byte[] payloadDigest) {
        if (payloadDigest.length != Sha256.SIZE) {
            throw new IllegalArgumentException("payload digest must be 32 bytes, got " + payloadDigest.length);
        }
        System.arraycopy(payloadDigest, 0, block, 0, Sha256.SIZE);
    }

    /** A copy of {@code SHA-256(payload)}, the first 32 bytes of the attempt block. */
    public byte[] payloadDigest() {
        byte[] d = new byte[Sha256.SIZE];
        System.arraycopy(block, 0, d, 0, Sha256.SIZE);
        return d;
    }

    /** Computes the work for one nonce into the internal buffer (see {@link #copyWork()}). */
    public void hash(long nonce) {
        LONG_BE.set(block, Sha256.SIZE, nonce);
        digest.update(block, 0, BLOCK_SIZE);
        finish(work);
    }

    /** Computes the work for one nonce and tells whether it meets the target. */
    public boolean meets(long nonce, Target target) {
        hash(nonce);
        return target.isMetBy(work);
    }

    /**
     * Tries {@code count} nonces {@code first, first + stride, first + 2*stride, ...}
     * (wrapping modulo 2^64) and returns the index of the first one whose work meets
     * the target, or -1 when none does. After a hit the internal buffer holds its
     * work. This is the solver's hot loop.
     */
    public int search(long first, long stride, int count, Target target) {
        final byte[] b = block;
        final byte[] w = work;
        final MessageDigest d = digest;
        long nonce = first;
        try {
            for (int i = 0; i < count; i++) {
                LONG_BE.set(b, Sha256.SIZE, nonce);
                d.update(b, 0, BLOCK_SIZE);
                d.digest(w, 0, Sha256.SIZE);
                if (target.isMetBy(w)) {
                    return i;
                }
                nonce += stride;
            }
        } catch (DigestException e) {
            throw new AssertionError("a 32-byte buffer always holds a SHA-256 digest", e);
        }
        return -1;
    }

    /** A copy of the work computed last. */
    public byte[] copyWork() {
        return work.clone();
    }

    /** Whether the work computed last meets the target. */
    public boolean lastWorkMeets(Target target) {
        return target.isMetBy(work);
    }

    private void finish(byte[] out) {
        try {
            digest.digest(out, 0, Sha256.SIZE);
        } catch (DigestException e) {
            throw new AssertionError("a 32-byte buffer always holds a SHA-256 digest", e);
        }
    }
}
