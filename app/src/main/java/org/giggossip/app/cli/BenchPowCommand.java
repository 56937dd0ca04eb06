package org.giggossip.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.giggossip.core.pow.PowJob;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.pow.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg bench pow}: how many sha256 proof-of-work attempts per second this
 * machine makes. It runs the production solver ({@link PowSolver}, the same hot
 * loop as real solving) against the unreachable target 0, samples the solver's
 * attempt counter once a second (progress on stderr), and prints as the last
 * line of stdout {@code attempts_per_second=<integer>}, counted over the measured
 * seconds only, after the warm-up. bench/pow-vs-native.sh parses that line.
 */
@Command(
    name = "pow",
    mixinStandardHelpOptions = true,
    description = "Measure proof-of-work speed: sha256 attempts per second on N threads.")
final class BenchPowCommand implements Callable<Integer> {
    private static final byte[] PAYLOAD = "gg bench pow".getBytes(StandardCharsets.US_ASCII);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "Solver threads, at least 1 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
        description = "Seconds measured after the warm-up, at least 1 (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
        description = "Warm-up seconds before measuring, not counted; 0 for none (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (seconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be positive, got " + seconds);
        }
        if (warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must not be negative, got " + warmup);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf("bench pow: scheme sha256, %d thread(s), warm-up %d s (not counted), then %d s measured%n",
            threads, warmup, seconds);
        out.flush();

        InstantSource clock = InstantSource.system();
        // The job is cancelled when measuring ends; the deadline is only a backstop.
        Instant backstop = clock.instant().plus(Duration.ofSeconds(warmup + seconds + 60L));
        PowJob job = new PowSolver(threads, clock).solve(PAYLOAD, Target.ZERO, backstop);
        try {
            long start = System.nanoTime();
            long measuredFrom = start;
            long attemptsFrom = 0;
            long prevTime = start;
            long prevAttempts = 0;
            int total = warmup + seconds;
            for (int s = 1; s <= total; s++) {
                long remaining = start + s * SECOND - System.nanoTime();
                if (remaining > 0 && awaitEnd(job, remaining)) {
                    err.printf("bench pow: the solver stopped early: %s%n", describe(job));
                    err.flush();
                    return 1;
                }
                long now = System.nanoTime();
                long attempts = job.attempts();
                boolean warming = s <= warmup;
                err.printf("bench pow: %s %d/%d s: %,d attempts/s%n", warming ? "warm-up" : "measure",
                    warming ? s : s - warmup, warming ? warmup : seconds,
                    perSecond(attempts - prevAttempts, now - prevTime));
                err.flush();
                prevTime = now;
                prevAttempts = attempts;
                if (s == warmup) {
                    measuredFrom = now;
                    attemptsFrom = attempts;
                }
            }
            long rate = perSecond(prevAttempts - attemptsFrom, prevTime - measuredFrom);
            job.cancel();
            PowResult end = job.result().get(10, TimeUnit.SECONDS);
            out.printf("total attempts %,d in %d s (including warm-up)%n", end.attempts(), total);
            out.printf("attempts_per_second=%d%n", rate);
            out.flush();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            err.printf("bench pow: the solver failed: %s%n", e);
            err.flush();
            return 1;
        } finally {
            job.cancel();
        }
    }

    /** Waits up to {@code nanos} for the job to end; true if it did (it should not before it is cancelled). */
    private static boolean awaitEnd(PowJob job, long nanos) throws InterruptedException {
        try {
            job.result().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static String describe(PowJob job) {
        try {
            return String.valueOf(job.result().getNow(null));
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static long perSecond(long attempts, long nanos) {
        return nanos <= 0 ? 0 : Math.round(attempts * (double) SECOND / nanos);
    }
}
