package org.giggossip.core.pow;

import org.giggossip.core.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.pow.PowVectors.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.giggossip.core.validation.Verdict;
import org.junit.jupiter.api.Test;

class PowSolverTest {
    /** Bounded wait for outcomes that take microseconds to milliseconds. */
    private static final long WAIT_SECONDS = 30;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(1));

    private final FakeClock clock = new FakeClock(T0);
    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final ThreadFactory recording = r -> {
        Thread t = Thread.ofPlatform().daemon().unstarted(r);
        started.add(t);
        return t;
    };

    private static PowResult await(PowJob job) throws Exception {
        return job.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void assertAllThreadsEnded(int expected) throws InterruptedException {
        assertThat(started).hasSize(expected);
        for (Thread t : started) {
            t.join(Duration.ofSeconds(WAIT_SECONDS));
            assertThat(t.isAlive()).as("worker %s ended", t).isFalse();
        }
    }

    @Test
    void oneThreadFindsTheSmallestNonceInOrder() throws Exception {
        PowResult r = await(new PowSolver(1, clock).solve(PAYLOAD, zeroBits(8), FAR));
        assertThat(r).isEqualTo(new PowResult.Found(NONCE_8_BITS, WORK_8_BITS, NONCE_8_BITS + 1));

        r = await(new PowSolver(1, clock).solve(PAYLOAD, zeroBits(20), FAR));
        assertThat(r).isEqualTo(new PowResult.Found(NONCE_20_BITS, WORK_20_BITS, NONCE_20_BITS + 1));
    }

    @Test
    void firstNonceSetsWhereTheSearchStarts() throws Exception {
        PowResult r = await(new PowSolver(1, clock).solve(PAYLOAD, zeroBits(8), FAR, NONCE_8_BITS + 1));
        PowResult.Found f = (PowResult.Found) r;
        assertThat(Long.compareUnsigned(f.nonce(), NONCE_8_BITS)).isPositive();
        assertThat(f.attempts()).isEqualTo(f.nonce() - NONCE_8_BITS);
        assertThat(PowHasher.work(PAYLOAD, f.nonce())).isEqualTo(f.work());
    }

    @Test
    void severalThreadsFindAValidNonceAndEnd() throws Exception {
        Target target = zeroBits(16);
        PowSolver solver = new PowSolver(4, clock, recording);
        PowResult r = await(solver.solve(PAYLOAD, target, FAR));
        assertThat(r).isInstanceOf(PowResult.Found.class);
        PowResult.Found f = (PowResult.Found) r;
        assertThat(f.work()).isEqualTo(PowHasher.work(PAYLOAD, f.nonce()));
        assertThat(new PowVerifier(PowScheme.SHA256, target).verify(PAYLOAD, f.proof(target)))
            .isEqualTo(Verdict.accept());
        assertThat(f.attempts()).isPositive();
        assertAllThreadsEnded(4);
    }

    @Test
    void cancelStopsAllThreadsAndReportsAttempts() throws Exception {
        PowJob job = new PowSolver(2, clock, recording).solve(PAYLOAD, Target.ZERO, FAR);
        assertThat(job.result()).isNotDone();
        assertThat(job.cancel()).isTrue();
        assertThat(job.cancel()).isFalse();
        PowResult r = await(job);
        assertThat(r).isInstanceOf(PowResult.Cancelled.class);
        // Each thread stops at its first check, after a whole interval.
        assertThat(r.attempts()).isGreaterThanOrEqualTo(2L * PowSolver.CHECK_INTERVAL)
            .isEqualTo(job.attempts());
        assertThat(r.attempts() % PowSolver.CHECK_INTERVAL).as("whole intervals").isZero();
        assertAllThreadsEnded(2);
    }

    @Test
    void cancellingTheFutureStopsTheWorkersToo() throws Exception {
        PowJob job = new PowSolver(2, clock, recording).solve(PAYLOAD, Target.ZERO, FAR);
        assertThat(job.result().cancel(true)).isTrue();
        assertThatThrownBy(() -> job.result().get()).isInstanceOf(CancellationException.class);
        assertAllThreadsEnded(2);
        assertThat(job.attempts()).isGreaterThanOrEqualTo(2L * PowSolver.CHECK_INTERVAL);
        assertThat(job.cancel()).isFalse();
    }

    @Test
    void aPastDeadlineExpiresAfterOneIntervalPerThread() throws Exception {
        PowResult r = await(new PowSolver(3, clock, recording).solve(PAYLOAD, Target.ZERO, T0));
        assertThat(r).isEqualTo(new PowResult.Expired(3L * PowSolver.CHECK_INTERVAL));
        assertAllThreadsEnded(3);
    }

    @Test
    void theJobExpiresWhenTheInjectedClockReachesTheDeadline() throws Exception {
        Instant deadline = T0.plusSeconds(10);
        clock.set(deadline.minusNanos(1));
        PowJob job = new PowSolver(1, clock, recording).solve(PAYLOAD, Target.ZERO, deadline);
        // Three intervals done means two deadline checks passed at 1 ns before the deadline.
        Awaitility.await("three check intervals of attempts").atMost(Duration.ofSeconds(WAIT_SECONDS))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> job.attempts() >= 3L * PowSolver.CHECK_INTERVAL);
        assertThat(job.result()).isNotDone();
        clock.set(deadline);
        PowResult r = await(job);
        assertThat(r).isInstanceOf(PowResult.Expired.class);
        assertThat(r.attempts()).isEqualTo(job.attempts()).isGreaterThanOrEqualTo(3L * PowSolver.CHECK_INTERVAL);
        assertThat(job.cancel()).isFalse();
        assertAllThreadsEnded(1);
    }

    @Test
    void cancelAfterFoundDoesNotChangeTheResult() throws Exception {
        PowJob job = new PowSolver(1, clock).solve(PAYLOAD, Target.MAX, FAR);
        PowResult r = await(job);
        assertThat(job.cancel()).isFalse();
        assertThat(r).isEqualTo(new PowResult.Found(0, PowHasher.work(PAYLOAD, 0), 1));
        assertThat(job.target()).isEqualTo(Target.MAX);
    }

    @Test
    void aFailingThreadFactoryFailsTheResult() {
        PowJob job = new PowSolver(2, clock, r -> {
            throw new IllegalStateException("no threads today");
        }).solve(PAYLOAD, Target.MAX, FAR);
        assertThatThrownBy(() -> job.result().get(WAIT_SECONDS, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasRootCauseMessage("no threads today");
    }

    @Test
    void defaultThreadsAreDaemons() throws Exception {
        List<Thread> seen = new CopyOnWriteArrayList<>();
        PowJob job = new PowSolver(2, clock).solve(PAYLOAD, Target.ZERO, FAR);
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("gg-pow-"))
            .forEach(seen::add);
        job.cancel();
        await(job);
        assertThat(seen).isNotEmpty().allMatch(Thread::isDaemon);
    }

    @Test
    void threadsMustBePositive() {
        assertThatThrownBy(() -> new PowSolver(0, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PowSolver(3, clock).threads()).isEqualTo(3);
    }

    @Test
    void foundCopiesItsWork() {
        byte[] work = WORK_1.clone();
        PowResult.Found f = new PowResult.Found(1, work, 1);
        work[0] = 0;
        assertThat(f.work()).isEqualTo(WORK_1);
        f.work()[0] = 0;
        assertThat(f.work()).isEqualTo(WORK_1);
        assertThat(f.toString()).contains("dfecc57c").contains("nonce=1");
        assertThatThrownBy(() -> new PowResult.Found(1, new byte[31], 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
