package org.giggossip.net.dave;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.giggossip.core.crypto.Sha256;

/**
 * Dave's proof of work (dave-v1.md, Work):
 * {@code work = SHA256(SHA256(prev || val || tag) || nonce)}, and its strength,
 * the number of leading zero bytes of {@code work}.
 */
public final class DaveWork {
    /** Highest strength {@link #solve} accepts: 8 zero bytes is already 2^64 hashes on average. */
    public static final int MAX_SOLVE_STRENGTH = 8;

    private DaveWork() {}

    /** {@code SHA256(SHA256(prev || val || tag) || nonce)}. */
    public static byte[] work(byte[] prev, byte[] val, byte[] tag, byte[] nonce) {
        return Sha256.hash(inner(prev, val, tag), nonce);
    }

    private static byte[] inner(byte[] prev, byte[] val, byte[] tag) {
        MessageDigest d = Sha256.newDigest();
        d.update(prev);
        d.update(val);
        d.update(tag);
        return d.digest();
    }

    /**
     * The check of that version: -2 if the nonce is neither 0 nor 32 bytes, -3 if
     * prev is neither 0 nor 32 bytes, -1 if the work recomputed from the message
     * differs from its {@code work}, else the strength. Compare the result with
     * your own minimum, never the sender's claim.
     */
    public static int check(DaveMsg m) {
        byte[] nonce = m.nonce();
        byte[] prev = m.prev();
        if (nonce.length != 0 && nonce.length != Sha256.SIZE) {
            return -2;
        }
        if (prev.length != 0 && prev.length != Sha256.SIZE) {
            return -3;
        }
        byte[] work = m.work();
        if (!MessageDigest.isEqual(work, work(prev, m.val(), m.tag(), nonce))) {
            return -1;
        }
        return strength(work);
    }

    /** The number of leading zero bytes of {@code work}. */
    public static int strength(byte[] work) {
        int n = 0;
        while (n < work.length && work[n] == 0) {
            n++;
        }
        return n;
    }

    /**
     * A SETDAT for {@code val} and {@code tag} after {@code prev} (0 or 32 bytes) whose
     * work has at least {@code strength} leading zero bytes, trying 32-byte nonces counted up
     * from a random one. Expect 256^strength hashes. Stops with a {@link CancellationException} if
     * the thread is interrupted.
     *
     * @throws IllegalArgumentException if strength is not in 0..{@value #MAX_SOLVE_STRENGTH}, or
     *                                  prev, val or tag has a size the protocol refuses
     */
    public static DaveMsg solve(byte[] prev, byte[] val, byte[] tag, int strength, SecureRandom random) {
        if (strength < 0 || strength > MAX_SOLVE_STRENGTH) {
            throw new IllegalArgumentException("strength " + strength + " is not in 0.." + MAX_SOLVE_STRENGTH);
        }
        if (prev.length != 0 && prev.length != Sha256.SIZE) {
            throw new IllegalArgumentException("prev of " + prev.length + " bytes, not 0 or 32");
        }
        if (val.length > DaveConfig.VAL_SIZE) {
            throw new IllegalArgumentException("value of " + val.length + " bytes, at most " + DaveConfig.VAL_SIZE);
        }
        if (tag.length > DaveConfig.TAG_SIZE) {
            throw new IllegalArgumentException("tag of " + tag.length + " bytes, at most " + DaveConfig.TAG_SIZE);
        }
        byte[] inner = inner(prev, val, tag);
        byte[] nonce = new byte[Sha256.SIZE];
        random.nextBytes(nonce);
        // a random start, then counting: as unpredictable to others, without a SecureRandom call per try
        // (which cost more than the hash: 16 s instead of a few for strength 3)
        for (long tries = 1; ; tries++) {
            for (int i = nonce.length - 1; i >= 0 && ++nonce[i] == 0; i--) {
                // carry
            }
            byte[] work = Sha256.hash(inner, nonce);
            if (strength(work) >= strength) {
                return new DaveMsg(DaveMsg.Op.SETDAT, List.of(), prev, work, nonce, val, tag);
            }
            if ((tries & 0xffff) == 0 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException("interrupted after " + tries + " tries");
            }
        }
    }

    /** The DAT that answers a GETDAT from the stored SETDAT {@code m}: the same fields, no route. */
    public static DaveMsg dat(DaveMsg m) {
        return new DaveMsg(DaveMsg.Op.DAT, List.of(), m.prev(), m.work(), m.nonce(), m.val(), m.tag());
    }
}
