package org.giggossip.bench.net;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.noise.Bolt8Handshake;
import org.giggossip.net.noise.HandshakeResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The BOLT 8 handshake state machine alone ({@link Bolt8Handshake}), both sides
 * in memory on one thread: each operation builds an initiator and a responder
 * with fresh ephemeral keys from a {@link SecureRandom}, as a connection does, and runs Acts One to Three
 * to two {@code Complete} results. No sockets, no admission.
 *
 * <p>One operation is both sides' work; a node pays about half of it per
 * connection. Run with {@code bench/jmh.sh HandshakeBenchmark} or {@code bench/net.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HandshakeBenchmark {
    private final SecureRandom random = new SecureRandom();
    private PrivateKey alice;
    private PrivateKey bob;
    private PublicKey bobId;

    @Setup
    public void setUp() {
        alice = PrivateKey.generate(random);
        bob = PrivateKey.generate(random);
        bobId = bob.publicKey();
        handshake(); // fails fast if the pair does not complete
    }

    /** Alice connects to Bob: both sides' complete handshake. */
    @Benchmark
    public Object handshake() {
        Bolt8Handshake initiator = Bolt8Handshake.initiator(alice, bobId, random);
        Bolt8Handshake responder = Bolt8Handshake.responder(bob, random);
        byte[] actOne = initiator.start();
        HandshakeResult.Send actTwo = (HandshakeResult.Send) responder.receive(actOne);
        HandshakeResult.Complete atInitiator = (HandshakeResult.Complete) initiator.receive(actTwo.bytes());
        return (HandshakeResult.Complete) responder.receive(atInitiator.bytes());
    }
}
