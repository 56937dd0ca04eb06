package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key probe on a real responder port: learn the key, then dial it over BOLT 8; refusals. */
class KeyProbeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkConfig CONFIG = LinkConfig.defaults()
            .withAdmission(AdmissionPolicy.ofDifficulty(256, Duration.ofSeconds(5)));
    private final java.util.List<AutoCloseable> open = new java.util.ArrayList<>();

    private record Node(PrivateKey key, Links links, InetSocketAddress address) {}

    private Node node() {
        PrivateKey key = PrivateKey.generate(RANDOM);
        Links links = Links.builder(key, LinkListener.NONE)
                .config(CONFIG).random(RANDOM).clock(InstantSource.system())
                .solver(AdmissionSolver.of(new PowSolver(1, InstantSource.system()))).build();
        open.add(links);
        return new Node(key, links, links.listen(new InetSocketAddress("127.0.0.1", 0)));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aProbeLearnsTheKeyAndTheLinkThenProvesIt() throws Exception {
        Node a = node();
        Node b = node();
        PublicKey learned = KeyProbe.fetch(a.address(), Duration.ofSeconds(5));
        assertThat(learned).isEqualTo(a.key().publicKey());
        // the port still speaks BOLT 8 to everyone else
        assertThat(b.links().connect(learned, a.address()).get(10, TimeUnit.SECONDS)).isEqualTo(learned);
        assertThat(b.links().peers()).containsExactly(learned);
    }

    @Test
    void theAnswerIsPlainTextForOperators() throws Exception {
        Node a = node();
        try (Socket s = new Socket(a.address().getAddress(), a.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("gg-key?\n".getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes(); // the node closes after answering
            assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("gg-key " + a.key().publicKey().hex() + "\n");
        }
    }

    @Test
    void aMalformedProbeIsClosedWithoutAnAnswer() throws Exception {
        Node a = node();
        try (Socket s = new Socket(a.address().getAddress(), a.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("gg-kex?\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().readAllBytes()).isEmpty();
        }
        // and the node still answers the next prober
        assertThat(KeyProbe.fetch(a.address(), Duration.ofSeconds(5))).isEqualTo(a.key().publicKey());
    }

    @Test
    void aWrongDialledKeyStillFailsTheHandshake() {
        Node a = node();
        Node b = node();
        PublicKey other = PrivateKey.generate(RANDOM).publicKey();
        assertThatThrownBy(() -> b.links().connect(other, a.address()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void refusesWhatIsNotAGigGossipNode() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            + "x".repeat(40)).getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    in.readNBytes(8);
                } catch (IOException ignored) {
                    // the prober closed first
                }
            });
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getLocalPort());
            assertThatThrownBy(() -> KeyProbe.fetch(address, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a gig-gossip node");
            t.join(5000);
        }
    }

    @Test
    void aSilentPortTimesOutAndAClosedPortIsRefused() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            assertThatThrownBy(() -> KeyProbe.fetch(address, Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).hasMessageContaining("did not answer");
        }
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThatThrownBy(() -> KeyProbe.fetch(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class);
    }
}
