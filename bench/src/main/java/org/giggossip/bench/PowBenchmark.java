package org.giggossip.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.PowVerifier;
import org.giggossip.core.pow.ProofOfWork;
import org.giggossip.core.pow.Target;
import org.giggossip.core.validation.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proof-of-work hot paths, through the production classes:
 * <ul>
 *   <li>{@code attempt}: one solving attempt (40 bytes hashed, one compression, one compare);
 *   <li>{@code attemptInChunk}: the same, per attempt, inside one solver check interval
 *       ({@link PowHasher#search} over 4096 nonces), which is what {@code gg bench pow} runs;
 *   <li>{@code verify}: checking a valid proof, which hashes the payload once and then
 *       makes one attempt.
 * </ul>
 * Run with {@code bench/jmh.sh PowBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PowBenchmark {
    private static final int CHUNK = 4096;

    /** Bytes of the payload a proof protects (a BroadcastPayload with its onion). */
    @Param({"256", "4096"})
    int payloadSize;

    private final PowHasher hasher = new PowHasher();
    private long nonce;
    private byte[] payload;
    private PowVerifier verifier;
    private ProofOfWork proof;

    @Setup
    public void setUp() {
        payload = new byte[payloadSize];
        new SplittableRandom(42).nextBytes(payload);
        hasher.setPayload(payload);
        Target target = Target.fromDifficulty(1 << 12);
        int hit = hasher.search(0, 1, 1 << 24, target);
        if (hit < 0) {
            throw new IllegalStateException("no proof found in 2^24 attempts at difficulty 2^12");
        }
        proof = new ProofOfWork(PowScheme.SHA256, target, hit);
        verifier = new PowVerifier(PowScheme.SHA256, target);
        if (!verifier.verify(payload, proof).isAccepted()) {
            throw new IllegalStateException("the proof found does not verify");
        }
    }

    @Benchmark
    public int attempt() {
        return hasher.search(nonce++, 1, 1, Target.ZERO);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public int attemptInChunk() {
        int r = hasher.search(nonce, 1, CHUNK, Target.ZERO);
        nonce += CHUNK;
        return r;
    }

    @Benchmark
    public Verdict verify() {
        return verifier.verify(payload, proof);
    }
}
