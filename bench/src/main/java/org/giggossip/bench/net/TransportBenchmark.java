package org.giggossip.bench.net;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.net.noise.Bolt8Handshake;
import org.giggossip.net.noise.Bolt8Transport;
import org.giggossip.net.noise.HandshakeResult;
import org.giggossip.net.noise.TransportRead;
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
 * BOLT 8 transport encryption ({@link Bolt8Transport}) of one message: the
 * sender encrypts it (length prefix and body, two ChaCha20-Poly1305 seals) and
 * the receiver decrypts it (two opens), in memory on one thread, with the key
 * rotation every 1000 messages included. 3072 bytes is about a POWBroadcast
 * frame (its backward onion alone is 2,608 bytes). Run with
 * {@code bench/jmh.sh TransportBenchmark} or {@code bench/net.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TransportBenchmark {
    /** Bytes of the message. */
    @Param({"3072"})
    int size;

    private byte[] message;
    private Bolt8Transport sender;
    private Bolt8Transport receiver;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        message = new byte[size];
        random.nextBytes(message);
        PrivateKey alice = PrivateKey.generate(random);
        PrivateKey bob = PrivateKey.generate(random);
        Bolt8Handshake initiator = Bolt8Handshake.initiator(alice, bob.publicKey(), random);
        Bolt8Handshake responder = Bolt8Handshake.responder(bob, random);
        var actTwo = (HandshakeResult.Send) responder.receive(initiator.start());
        var done = (HandshakeResult.Complete) initiator.receive(actTwo.bytes());
        sender = done.transport();
        receiver = ((HandshakeResult.Complete) responder.receive(done.bytes())).transport();
        if (!(encryptAndDecrypt() instanceof TransportRead.Message m) || m.plaintext().length != size) {
            throw new IllegalStateException("the message did not come through");
        }
    }

    /** One message encrypted by one side and decrypted by the other. */
    @Benchmark
    public TransportRead encryptAndDecrypt() {
        byte[] wire = sender.encrypt(message);
        byte[] header = new byte[Bolt8Transport.HEADER_SIZE];
        System.arraycopy(wire, 0, header, 0, header.length);
        receiver.receive(header);
        byte[] body = new byte[wire.length - header.length];
        System.arraycopy(wire, header.length, body, 0, body.length);
        return receiver.receive(body);
    }
}
