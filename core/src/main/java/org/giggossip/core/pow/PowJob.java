package org.giggossip.core.pow;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One running solve started by {@link PowSolver#solve}: a handle to cancel it, to
 * read its progress, and to get its {@link PowResult}.
 *
 * <p>The result future completes only after every worker thread has left its
 * loop, so the attempts it reports are exact. It completes exceptionally only
 * when a worker fails unexpectedly (a bug), never for an expected outcome.
 * Cancelling the future itself ({@code result().cancel(true)}) also stops the
 * workers; the future then holds a {@link java.util.concurrent.CancellationException}
 * and {@link #attempts()} tells how much was done.
 */
public final class PowJob {
    private static final Object EXPIRED = new Object();
    private static final Object CANCELLED = new Object();

    private record Hit(long nonce, byte[] work) {}

    private final byte[] payloadDigest;
    private final Target target;
    private final Instant deadline;
    private final InstantSource clock;
    private final int threads;
    private final long firstNonce;

    private final CompletableFuture<PowResult> result = new CompletableFuture<>();
    private final LongAdder attempts = new LongAdder();
    /** The first reason to stop: a Hit, EXPIRED, CANCELLED or a Throwable; null while running. */
    private final AtomicReference<Object> stopReason = new AtomicReference<>();
    private final AtomicInteger running;

    PowJob(byte[] payloadDigest, Target target, Instant deadline, InstantSource clock, int threads, long firstNonce) {
        this.payloadDigest = payloadDigest;
        this.target = target;
        this.deadline = deadline;
        this.clock = clock;
        this.threads = threads;
        this.firstNonce = firstNonce;
        this.running = new AtomicInteger(threads);
        // Cancelling the future directly must stop the workers too. The action cannot
        // fail, so the future whenComplete returns carries nothing worth handling.
        result.whenComplete((r, e) -> stopReason.compareAndSet(null, CANCELLED));
    }

    /** Completes with the outcome once all worker threads have stopped. */
    public CompletableFuture<PowResult> result() {
        return result;
    }

    /**
     * Asks every worker to stop; they do within one check interval
     * ({@value PowSolver#CHECK_INTERVAL} attempts). Returns true when this call
     * decided the outcome, false when the job had already found, expired or been
     * cancelled. The result then completes with {@link PowResult.Cancelled}.
     */
    public boolean cancel() {
        return stopReason.compareAndSet(null, CANCELLED);
    }

    /** Attempts made so far over all threads, updated every check interval. */
    public long attempts() {
        return attempts.sum();
    }

    /** The target being solved for. */
    public Target target() {
        return target;
    }

    /** The body of worker {@code index} of {@code threads}: nonces {@code firstNonce + index + i*threads}. */
    void work(int index) {
        try {
            PowHasher h = new PowHasher();
            h.setPayloadDigest(payloadDigest);
            final long stride = threads;
            final int chunk = PowSolver.CHECK_INTERVAL;
            long nonce = firstNonce + index;
            while (true) {
                int hit = h.search(nonce, stride, chunk, target);
                if (hit >= 0) {
                    attempts.add(hit + 1L);
                    stopReason.compareAndSet(null, new Hit(nonce + hit * stride, h.copyWork()));
                    return;
                }
                attempts.add(chunk);
                nonce += chunk * stride;
                if (stopReason.get() != null) {
                    return;
                }
                if (!clock.instant().isBefore(deadline)) {
                    stopReason.compareAndSet(null, EXPIRED);
                    return;
                }
            }
        } catch (Throwable t) {
            stopReason.compareAndSet(null, t);
        } finally {
            workerDone();
        }
    }

    /** Called once per worker that has stopped, or that could not be started. */
    void workerDone() {
        if (running.decrementAndGet() == 0) {
            complete();
        }
    }

    /** Records a failure to start a worker; the started ones stop and the result fails. */
    void startFailed(Throwable t) {
        stopReason.compareAndSet(null, t);
    }

    private void complete() {
        long n = attempts.sum();
        Object reason = stopReason.get();
        if (reason instanceof Hit hit) {
            result.complete(new PowResult.Found(hit.nonce(), hit.work(), n));
        } else if (reason == EXPIRED) {
            result.complete(new PowResult.Expired(n));
        } else if (reason == CANCELLED) {
            result.complete(new PowResult.Cancelled(n));
        } else if (reason instanceof Throwable t) {
            result.completeExceptionally(t);
        } else {
            result.completeExceptionally(new IllegalStateException("proof-of-work workers stopped without a reason"));
        }
    }
}
