package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.Signer;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveOutput;
import org.giggossip.net.dave.GigDatPublisher;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.settler.client.SettlerHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation fails closed (docs/settler.md, "Revocation"): a node fetches the list of every
 * settler it trusts, also one it knows by key only (from Dave), and refuses the certificates of
 * a settler whose latest list is older than {@code max_revocation_age_s}; a list is taken only
 * if signed by its settler, and an older one never replaces a newer one. Real UDP and HTTP on
 * 127.0.0.1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RevocationFetchTest {
    private static final SecureRandom R = new SecureRandom();
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path dir;

    /** The system clock shifted by what a test adds: the daemon's timers keep real time. */
    static final class ShiftedClock extends Clock {
        final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

        @Override
        public Instant instant() {
            return Instant.now().plus(shift.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A settler known by key only: it signs certificates and publishes its lists on its Dave node. */
    private record Settler(CertificateAuthority ca, DaveHost dave, GigDatPublisher publisher, CountDownLatch[] stored)
            implements AutoCloseable {
        static Settler start() {
            CountDownLatch[] stored = {new CountDownLatch(1)};
            DaveHost dave = DaveHost.start(LOOPBACK, SettlerDaemon.ownDatsStored(1), List.of(), e -> {
                if (e instanceof DaveOutput.Stored) {
                    stored[0].countDown();
                }
            });
            return new Settler(new CertificateAuthority(Signer.of(PrivateKey.generate(R), R), ""), dave,
                    new GigDatPublisher(dave, 1, R), stored);
        }

        Certificate issue(long serial) {
            Instant now = Instant.now();
            return ca.issue(serial, PrivateKey.generate(R).publicKey(), Map.of(), now.minusSeconds(60), now.plus(YEAR));
        }

        /** Publishes {@code list} on Dave and waits until it is stored there. */
        void publish(RevocationList list) throws InterruptedException {
            stored[0] = new CountDownLatch(1);
            assertThat(publisher.revocations(list)).isTrue();
            assertThat(stored[0].await(60, TimeUnit.SECONDS)).as("the list stored on Dave").isTrue();
        }

        @Override
        public void close() {
            publisher.close();
            dave.close();
        }
    }

    private NodeConfig node(String name, Settler settler, String settlerLines) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Path file = d.resolve("node.ini");
        Files.writeString(file, "[node]\ndata_dir = " + d.resolve("data") + "\napp_address = 127.0.0.1:0\n"
                + "admission_difficulty = 256\n[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                + "[settler]\ntrusted = " + settler.ca().id().hex() + "\n" + settlerLines
                + "[dave]\nlisten = 127.0.0.1:0\nbootstrap = " + settler.dave().addressText()
                + "\nwork_to_store = 1\n", StandardCharsets.UTF_8);
        return NodeConfig.load(file);
    }

    private static boolean revoked(Verdict v) {
        return v instanceof Verdict.Reject r && r.penalty().reason() == Reason.CERTIFICATE_REVOKED;
    }

    @Test
    void aNodeThatTrustsASettlerByKeyOnlyRefusesACertificateItRevoked() throws Exception {
        try (Settler settler = Settler.start()) {
            Certificate revoked = settler.issue(1);
            Certificate kept = settler.issue(2);
            settler.publish(settler.ca().revocationList(1, Instant.now(), List.of(revoked.id())));
            try (NodeDaemon node = NodeDaemon.start(node("a", settler, ""))) {
                await("the list fetched from Dave at start").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> revoked(node.validator().validate(revoked, Map.of())));
                assertThat(node.validator().validate(kept, Map.of())).isEqualTo(Verdict.accept());
            }
        }
    }

    @Test
    void aCertificateRevokedMidRunIsRefusedAfterTheNextFetch() throws Exception {
        try (Settler settler = Settler.start()) {
            Certificate c = settler.issue(1);
            settler.publish(settler.ca().revocationList(1, Instant.now(), List.of()));
            try (NodeDaemon node = NodeDaemon.start(node("b", settler,
                    "revocation_fetch_s = 1\nmax_revocation_age_s = 600\n"))) {
                await("the first list").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> node.validator().validate(c, Map.of()).isAccepted());
                settler.publish(settler.ca().revocationList(2, Instant.now(), List.of(c.id())));
                await("the revoking list at a later fetch").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> revoked(node.validator().validate(c, Map.of())));
            }
        }
    }

    @Test
    void aListOlderThanTheMaximumAgeRefusesTheSettlersCertificatesUntilAFreshOneArrives() throws Exception {
        ShiftedClock clock = new ShiftedClock();
        try (Settler settler = Settler.start()) {
            Certificate c = settler.issue(1);
            settler.publish(settler.ca().revocationList(1, Instant.now(), List.of()));
            try (NodeDaemon node = NodeDaemon.start(node("c", settler,
                    "revocation_fetch_s = 1\nmax_revocation_age_s = 60\n"), clock)) {
                await("the first list").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> node.validator().validate(c, Map.of()).isAccepted());
                clock.shift.set(Duration.ofSeconds(61));
                Verdict stale = node.validator().validate(c, Map.of());
                assertThat(stale).isInstanceOfSatisfying(Verdict.Ignore.class, i -> assertThat(i.reason())
                        .contains("refused: no revocation list of authority " + settler.ca().id())
                        .contains("maximum age PT1M").contains("the latest was issued at"));
                settler.publish(settler.ca().revocationList(2, clock.instant(), List.of()));
                await("a fresh list").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> node.validator().validate(c, Map.of()).isAccepted());
            }
        }
    }

    @Test
    void aHostileSettlerUrlCannotPlantAForeignListReplayAnOldOneOrMakeUsReadWithoutBound() throws Exception {
        CertificateAuthority ca = new CertificateAuthority(Signer.of(PrivateKey.generate(R), R), "");
        CertificateAuthority forger = new CertificateAuthority(Signer.of(PrivateKey.generate(R), R), "");
        Certificate c = ca.issue(1, PrivateKey.generate(R).publicKey(), Map.of(), Instant.now().minusSeconds(60),
                Instant.now().plus(YEAR));
        RevocationList newer = ca.revocationList(5, Instant.now(), List.of(c.id()));
        RevocationList older = ca.revocationList(4, Instant.now(), List.of());
        // a list that claims to be the settler's (its key in the body) but is signed by another key
        RevocationList foreign = forger.revocationList(9, Instant.now(), List.of());
        AtomicReference<byte[]> served = new AtomicReference<>();
        HttpServer server = HttpServer.create(LOOPBACK, 0);
        server.createContext("/v1/revocations", x -> {
            byte[] body = served.get();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        List<Runnable> engine = new ArrayList<>();
        TrustStore trust = new TrustStore(Set.of(ca.id()));
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (SettlerFallback fetcher = new SettlerFallback(new SettlerHttp(url, PrivateKey.generate(R)), ca.id(),
                Optional.empty(), engine::add, trust, Duration.ofSeconds(1))) {
            served.set(json(forged(foreign, ca)));
            assertThat(fetcher.fetch()).as("signed by another key than the settler's").isEmpty();
            served.set(json(foreign));
            assertThat(fetcher.fetch()).as("another settler's list").isEmpty();
            served.set(json(newer));
            assertThat(fetcher.fetch()).contains(newer);
            engine.forEach(Runnable::run);
            engine.clear();
            served.set(json(older));
            assertThat(fetcher.fetch()).contains(older);
            engine.forEach(Runnable::run);
            assertThat(trust.latest(ca.id())).as("an older list never replaces a newer one").contains(newer);
            // an answer far beyond any list: read up to the bound, then given up
            byte[] huge = new byte[SettlerHttp.MAX_ANSWER_BYTES * 2];
            java.util.Arrays.fill(huge, (byte) ' ');
            served.set(huge);
            engine.clear();
            assertThat(fetcher.fetch()).isEmpty();
            assertThat(engine).isEmpty();
            assertThat(trust.latest(ca.id())).contains(newer);
        } finally {
            server.stop(0);
        }
    }

    /** {@code list}'s signed bytes relabelled as {@code claimed}'s: the body names it, the signature is another's. */
    private static RevocationList forged(RevocationList list, CertificateAuthority claimed) {
        var proto = list.toProto();
        var body = org.giggossip.core.wire.proto.RevocationListBody.newBuilder(list.body().toProto())
                .setAuthority(com.google.protobuf.ByteString.copyFrom(claimed.id().bytes())).build();
        var relabelled = proto.toBuilder().setBody(body.toByteString()).build();
        return ((org.giggossip.core.wire.Decoded.Ok<RevocationList>) RevocationList.fromProto(relabelled)).value();
    }

    private static byte[] json(RevocationList list) {
        return ("{\"list\":\"" + Base64.getEncoder().encodeToString(list.encode()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
