package org.giggossip.core.pow;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.giggossip.core.crypto.Sha256;

/**
 * Solves {@link PowScheme#SHA256 sha256} proofs of work on several threads
 * (seed 000, section 3.6: the originator computes the POW before it broadcasts).
 * A host-side utility: the engine only requests solving; the node daemon or the
 * simulator runs this and hands the result back.
 *
 * <p><b>Work split.</b> With {@code n} threads, thread {@code k} tries the nonces
 * {@code first + k, first + k + n, first + k + 2n, ...}: disjoint sequences, so no
 * hash is computed twice. SHA-256 of the payload is computed once per job; each
 * attempt then hashes 40 bytes (one compression) with {@link PowHasher#search},
 * allocation-free.
 *
 * <p><b>Stopping.</b> Each thread checks the stop flag and the deadline (against
 * the injected {@link InstantSource}) every {@value #CHECK_INTERVAL} attempts,
 * so a job stops within about that many attempts per thread of a hit, a cancel
 * or the deadline. A job always makes at least one check interval of attempts
 * per thread, even with a deadline already past.
 *
 * <p><b>Threads.</b> Each job starts its own {@code threads} threads from the
 * thread factory (by default daemon platform threads named {@code gg-pow-J-K});
 * they end by themselves when the job ends, found, expired, cancelled or failed,
 * and the result completes only after all of them have left their loop. The
 * solver holds no pool and nothing to close, so it cannot leak threads, and a
 * daemon thread never keeps the JVM alive. This class is thread-safe.
 */
public final class PowSolver {
    /** Attempts per thread between two checks of the stop flag and the deadline. */
    public static final int CHECK_INTERVAL = 4096;

    private static final AtomicLong JOBS = new AtomicLong();

    private final int threads;
    private final InstantSource clock;
    private final ThreadFactory threadFactory;

    /** A solver on {@code threads} daemon threads per job, reading time from {@code clock}. */
    public PowSolver(int threads, InstantSource clock) {
        this(threads, clock, null);
    }

    /**
     * A solver whose worker threads come from {@code threadFactory} (null for
     * daemon platform threads). The factory's threads run one worker each and end
     * with the job.
     */
    public PowSolver(int threads, InstantSource clock, ThreadFactory threadFactory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threadFactory = threadFactory;
    }

    public int threads() {
        return threads;
    }

    /** Starts solving from nonce 0; see {@link #solve(byte[], Target, Instant, long)}. */
    public PowJob solve(byte[] payload, Target target, Instant deadline) {
        return solve(payload, target, deadline, 0L);
    }

    /**
     * Starts looking for a nonce whose work over {@code payload} meets
     * {@code target}, until one is found, the job is cancelled, or the clock
     * reaches {@code deadline}. Returns at once; the threads run in the background.
     * With one thread the nonces are tried in order from {@code firstNonce}, so
     * the smallest such nonce at or above it is found.
     */
    public PowJob solve(byte[] payload, Target target, Instant deadline, long firstNonce) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(deadline, "deadline");
        byte[] payloadDigest = Sha256.hash(payload);
        PowJob job = new PowJob(payloadDigest, target, deadline, clock, threads, firstNonce);
        long jobId = JOBS.incrementAndGet();
        int started = 0;
        try {
            for (; started < threads; started++) {
                int k = started;
                Runnable body = () -> job.work(k);
                Thread t = threadFactory != null
                    ? threadFactory.newThread(body)
                    : Thread.ofPlatform().daemon().name("gg-pow-" + jobId + "-" + k).unstarted(body);
                if (t == null) {
                    throw new IllegalStateException("thread factory returned no thread");
                }
                t.start();
            }
        } catch (RuntimeException | Error e) {
            job.startFailed(e);
            for (int i = started; i < threads; i++) {
                job.workerDone();
            }
        }
        return job;
    }
}
