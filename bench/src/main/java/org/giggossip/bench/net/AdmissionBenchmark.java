package org.giggossip.bench.net;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.Target;
import org.giggossip.net.admission.Admission;
import org.giggossip.net.admission.AdmissionOutput;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.link.LinkConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-connection proof-of-work admission ({@link Admission}, seed 003, 2.3),
 * both sides in memory on one thread: each operation makes two admissions with
 * fresh random nonces, exchanges the challenges, solves both proofs with
 * {@link PowHasher} on this thread (the production solver's hot loop, one thread),
 * checks both answers and ends with both sides admitted. No handshake, no sockets.
 *
 * <p>{@code difficulty} is the expected number of attempts per side: 65536 is
 * {@link LinkConfig#defaults()}, 256 a low setting, 1 isolates the state machine
 * (every nonce meets the target). At difficulty d one operation costs about 2d
 * SHA-256 compressions, and the time per operation is as random as the solving.
 * Run with {@code bench/jmh.sh AdmissionBenchmark} or {@code bench/net.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AdmissionBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    /** Expected attempts per side. */
    @Param({"1", "256", "65536"})
    double difficulty;

    private final SecureRandom random = new SecureRandom();
    private final PowHasher hasher = new PowHasher();
    private PublicKey alice;
    private PublicKey bob;
    private AdmissionPolicy policy;

    @Setup
    public void setUp() {
        alice = PrivateKey.generate(random).publicKey();
        bob = PrivateKey.generate(random).publicKey();
        policy = AdmissionPolicy.ofDifficulty(difficulty, Duration.ofSeconds(10));
        if (!admission()) {
            throw new IllegalStateException("the admission did not complete");
        }
    }

    /** Alice (initiator) and Bob (responder) admit each other. */
    @Benchmark
    public boolean admission() {
        Admission a = Admission.of(Role.INITIATOR, alice, bob, policy, random, NOW);
        Admission b = Admission.of(Role.RESPONDER, bob, alice, policy, random, NOW);
        byte[] aChallenge = sent(a.start());
        byte[] bChallenge = sent(b.start());
        AdmissionOutput.Solve aWork = (AdmissionOutput.Solve) a.receive(bChallenge, NOW).getFirst();
        AdmissionOutput.Solve bWork = (AdmissionOutput.Solve) b.receive(aChallenge, NOW).getFirst();
        byte[] aAnswer = sent(a.solved(solve(aWork), NOW));
        byte[] bAnswer = sent(b.solved(solve(bWork), NOW));
        a.receive(bAnswer, NOW);
        b.receive(aAnswer, NOW);
        return a.isAdmitted() && b.isAdmitted();
    }

    private long solve(AdmissionOutput.Solve work) {
        hasher.setPayload(work.payload());
        Target target = work.target();
        for (long first = 0; ; first += 4096) {
            int hit = hasher.search(first, 1, 4096, target);
            if (hit >= 0) {
                return first + hit;
            }
        }
    }

    private static byte[] sent(List<AdmissionOutput> out) {
        return ((AdmissionOutput.Send) out.getFirst()).frame();
    }
}
