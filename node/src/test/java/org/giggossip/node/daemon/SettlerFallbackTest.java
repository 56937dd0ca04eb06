package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveOutput;
import org.giggossip.net.dave.DaveWork;
import org.giggossip.net.dave.GigDatPublisher;
import org.giggossip.net.dave.GigDats;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.settler.client.HttpSettlerClient;
import org.giggossip.settler.client.SettlerHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's fallbacks to Dave while its settler's HTTP endpoint (a closed port here)
 * does not answer: a revealed preimage for the settler client, and the settler's
 * revocation list for the trust store, offered on the engine's thread. Real UDP on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SettlerFallbackTest {
    private static final SecureRandom R = new SecureRandom();
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    private final ExecutorService engine = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine"));

    @AfterEach
    void stop() {
        engine.shutdownNow();
    }

    static URI closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(30, TimeUnit.SECONDS);
        assertThat(t).as("an answer within 30 s").isNotNull();
        return t;
    }

    @Test
    void aPreimageTheSettlerDoesNotAnswerComesFromDave() throws Exception {
        CountDownLatch stored = new CountDownLatch(2);
        PrivateKey node = PrivateKey.generate(R);
        PublicKey settler = PrivateKey.generate(R).publicKey();
        Preimage p = Preimage.generate(R);
        Preimage stranger = Preimage.generate(R);
        Preimage unpublished = Preimage.generate(R);
        BlockingQueue<SettlerResponse> inbox = new LinkedBlockingQueue<>();
        try (DaveHost settlerDave = DaveHost.start(LOOPBACK, SettlerDaemon.ownDatsStored(1), List.of(),
                e -> {
                    if (e instanceof DaveOutput.Stored) {
                        stored.countDown();
                    }
                });
                DaveHost nodeDave = DaveHost.start(LOOPBACK, SettlerDaemon.ownDatsStored(1),
                        List.of(settlerDave.addressText()), DaveHost.Listener.none());
                GigDatPublisher publisher = new GigDatPublisher(settlerDave, 1, R);
                HttpSettlerClient client = HttpSettlerClient.builder(new SettlerHttp(closedPort(), node), settler,
                        inbox::add)
                        .retryFor(Duration.ofMillis(300))
                        .fallback(SettlerFallback.preimages(() -> Optional.of(nodeDave), Duration.ofSeconds(2)))
                        .build()) {
            assertThat(publisher.preimage(p)).isTrue();
            // a forger's DAT under the stranger's hash carrying a value that does not hash to it
            settlerDave.set(DaveWork.solve(GigDats.preimageKey(stranger.paymentHash()), p.bytes(),
                    GigDats.PREIMAGE_TAG.getBytes(), 1, R));
            assertThat(stored.await(30, TimeUnit.SECONDS)).isTrue();

            client.send(settler, new SettlerRequest.FetchPreimage(1, p.paymentHash()));
            SettlerResponse r = next(inbox);
            assertThat(r).isInstanceOf(SettlerResponse.PreimageRevealed.class);
            assertThat(((SettlerResponse.PreimageRevealed) r).preimage()).isEqualTo(p);
            assertThat(((SettlerResponse.PreimageRevealed) r).callId()).isEqualTo(1);

            client.send(settler, new SettlerRequest.FetchPreimage(2, stranger.paymentHash()));
            assertThat(next(inbox)).isInstanceOfSatisfying(SettlerResponse.Refused.class,
                    x -> assertThat(x.reason()).contains("settler unreachable").contains("not on Dave either"));
            client.send(settler, new SettlerRequest.FetchPreimage(3, unpublished.paymentHash()));
            assertThat(next(inbox)).isInstanceOf(SettlerResponse.Refused.class);
        }
    }

    @Test
    void theRevocationListComesFromHttpAndFromDaveWhenHttpDoesNotAnswer() throws Exception {
        SettlerFile file = SettlerFile.defaults().with(Optional.of(HostPort.parse("127.0.0.1:0", false, true)),
                Optional.of(dir.resolve("data")), Optional.empty()).withDave(Optional.of(
                        new SettlerFile.Dave(HostPort.parse("127.0.0.1:0", false, true), List.of(), 1)));
        PrivateKey node = PrivateKey.generate(R);
        try (SettlerDaemon d = SettlerDaemon.start(file);
                DaveHost nodeDave = DaveHost.start(LOOPBACK, SettlerDaemon.ownDatsStored(1),
                        List.of(d.dave().orElseThrow().addressText()), DaveHost.Listener.none())) {
            TrustStore trust = new TrustStore(Set.of(d.id()));
            List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.function.Consumer<Runnable> onEngine = task -> engine.execute(() -> {
                threads.add(Thread.currentThread().getName());
                task.run();
            });
            URI up = URI.create("http://127.0.0.1:" + d.address().getPort());
            try (SettlerFallback http = new SettlerFallback(new SettlerHttp(up, node), d.id(), Optional.empty(),
                    onEngine, trust)) {
                assertThat(http.fetch()).contains(d.service().revocationList());
                engine.submit(() -> { }).get(10, TimeUnit.SECONDS);
                assertThat(trust.latest(d.id())).contains(d.service().revocationList());
            }
            Certificate c = d.service().issueCertificate(PrivateKey.generate(R).publicKey()).get(10, TimeUnit.SECONDS);
            RevocationList revoking = d.service().revokeCertificate(c.id()).get(10, TimeUnit.SECONDS).orElseThrow();
            URI down = closedPort();
            try (SettlerFallback noDave = new SettlerFallback(new SettlerHttp(down, node), d.id(), Optional.empty(),
                    onEngine, trust)) {
                assertThat(noDave.fetch()).isEmpty();
            }
            try (SettlerFallback viaDave = new SettlerFallback(new SettlerHttp(down, node), d.id(),
                    Optional.of(nodeDave), onEngine, trust)) {
                // the settler mines in the background: ask until the new list is there
                Optional<RevocationList> got = await("the revoking list through Dave").atMost(Duration.ofSeconds(90))
                        .pollInSameThread().pollInterval(Duration.ofMillis(10))
                        .until(viaDave::fetch, l -> l.map(list -> list.body().isRevoked(c.id())).orElse(false));
                assertThat(got).contains(revoking);
                engine.submit(() -> { }).get(10, TimeUnit.SECONDS);
                assertThat(trust.latest(d.id())).contains(revoking);
            }
            assertThat(threads).isNotEmpty().allMatch("engine"::equals);
        }
    }
}
