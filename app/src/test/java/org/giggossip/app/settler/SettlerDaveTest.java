package org.giggossip.app.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.GigDats;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.IniFile;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.app.demo.Demo;
import org.giggossip.app.demo.DemoReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gg settler} with a {@code [dave]} section: a demo job through the settler daemon
 * reveals preimages and an admin revokes a certificate; another Dave host on 127.0.0.1,
 * which knows only the settler's Dave address, fetches both by prev over UDP.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SettlerDaveTest {
    @TempDir
    Path dir;

    static SettlerFile.Dave daveAt(int work) {
        return new SettlerFile.Dave(HostPort.parse("127.0.0.1:0", false, true), List.of(), work);
    }

    /** Asks {@code h} by prev until {@code ok} holds of what came (the publisher mines in the background). */
    static List<DaveMsg> fetch(DaveHost h, byte[] key, java.util.function.Predicate<List<DaveMsg>> ok) {
        return await("the DATs wanted under prev " + HexFormat.of().formatHex(key, 0, 6)).atMost(Duration.ofSeconds(60))
                .pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> h.getByPrev(key, Duration.ofMillis(500)).get(10, TimeUnit.SECONDS), ok::test);
    }

    @Test
    void revealedPreimagesAndANewRevocationListAreFetchedFromDaveOverUdp() throws Exception {
        List<Preimage> revealedBefore = new CopyOnWriteArrayList<>();
        SettlerFile file = SettlerFile.defaults().with(Optional.of(HostPort.parse("127.0.0.1:0", false, true)),
                Optional.of(dir.resolve("data")), Optional.empty()).withDave(Optional.of(daveAt(1)));
        try (SettlerDaemon d = SettlerDaemon.start(file);
                DaveHost reader = DaveHost.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        SettlerDaemon.ownDatsStored(1), List.of(d.dave().orElseThrow().addressText()),
                        DaveHost.Listener.none())) {
            List<Preimage> revealed = revealedBefore;
            d.service().watchPreimages(revealed::add);
            // the list at start is published too
            RevocationList first = d.service().revocationList();
            byte[] listKey = GigDats.revocationsKey(d.id());
            assertThat(GigDats.newestRevocations(fetch(reader, listKey,
                    got -> GigDats.newestRevocations(got, d.id()).isPresent()), d.id())).contains(first);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DemoReport r = new Demo(new Demo.Options(6, 2, 3, 3, 1 << 10, 1 << 10, Duration.ofSeconds(25)),
                    new PrintStream(out, true, StandardCharsets.UTF_8))
                    .withSettler(URI.create("http://127.0.0.1:" + d.address().getPort()),
                            Optional.of(KeyFile.load(dir.resolve("data/admin.key")))).run();
            assertThat(r.settled()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
            assertThat(revealed).hasSizeGreaterThanOrEqualTo(2);
            for (Preimage p : revealed) {
                List<DaveMsg> got = fetch(reader, GigDats.preimageKey(p.paymentHash()),
                        l -> l.stream().anyMatch(x -> GigDats.openPreimage(x, p.paymentHash()).isPresent()));
                assertThat(got).as("the preimage of " + p.paymentHash().hex())
                        .anySatisfy(x -> assertThat(GigDats.openPreimage(x, p.paymentHash())).contains(p));
            }

            Certificate c = d.service().issueCertificate(org.giggossip.core.crypto.PrivateKey.generate(
                    new java.security.SecureRandom()).publicKey()).get(10, TimeUnit.SECONDS);
            RevocationList revoking = d.service().revokeCertificate(c.id()).get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(Long.compareUnsigned(revoking.body().version(), first.body().version())).isPositive();
            List<DaveMsg> lists = fetch(reader, listKey, got -> GigDats.newestRevocations(got, d.id())
                    .filter(l -> l.body().isRevoked(c.id())).isPresent());
            RevocationList newest = GigDats.newestRevocations(lists, d.id()).orElseThrow();
            assertThat(newest).isEqualTo(revoking);
            assertThat(newest.body().isRevoked(c.id())).isTrue();
            assertThat(d.publishedDats()).isGreaterThanOrEqualTo(2 + revealed.size());
        }
        // restarted on the same data, with a new Dave node that has stored nothing yet: the preimages
        // revealed before are published again, found by a reader that knows only the new node
        try (SettlerDaemon again = SettlerDaemon.start(file);
                DaveHost reader = DaveHost.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        SettlerDaemon.ownDatsStored(1), List.of(again.dave().orElseThrow().addressText()),
                        DaveHost.Listener.none())) {
            assertThat(again.service().publishedPreimages()).containsExactlyInAnyOrderElementsOf(revealedBefore);
            for (Preimage p : revealedBefore) {
                List<DaveMsg> got = fetch(reader, GigDats.preimageKey(p.paymentHash()),
                        l -> l.stream().anyMatch(x -> GigDats.openPreimage(x, p.paymentHash()).isPresent()));
                assertThat(got).as("after the restart, the preimage of " + p.paymentHash().hex())
                        .anySatisfy(x -> assertThat(GigDats.openPreimage(x, p.paymentHash())).contains(p));
            }
        }
    }

    @Test
    void theDaveSectionIsReadAndCheckedAndAbsentMeansNoDave() throws Exception {
        SettlerFile none = SettlerFile.defaults();
        assertThat(none.dave()).isEmpty();
        SettlerFile f = SettlerFile.from(IniFile.parse(dir.resolve("s.ini"), """
                [dave]
                listen = 0.0.0.0:1618
                bootstrap = 203.0.113.7:1618, [2001:db8::1]:1618
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(f.warnings()).isEmpty();
        SettlerFile.Dave d = f.dave().orElseThrow();
        assertThat(d.listen().port()).isEqualTo(1618);
        assertThat(d.bootstrap()).containsExactly("203.0.113.7:1618", "[2001:db8::1]:1618");
        assertThat(d.work()).isEqualTo(3);
        assertThat(SettlerFile.from(IniFile.parse(dir.resolve("s.ini"),
                "[dave]\nlisten = 127.0.0.1:0\nwork = 2\n".getBytes(StandardCharsets.UTF_8))).dave().orElseThrow()
                .work()).isEqualTo(2);
        assertThatThrownBy(() -> SettlerFile.from(IniFile.parse(dir.resolve("s.ini"),
                "[dave]\nlisten = 127.0.0.1:0\nbootstrap = dave.example:1618\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ip:port");
        assertThatThrownBy(() -> SettlerFile.from(IniFile.parse(dir.resolve("s.ini"),
                "[dave]\nlisten = 127.0.0.1:0\nwork = 9\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("work");
        // the example file's [dave] is commented out: no Dave unless asked for
        assertThat(SettlerFile.load(Path.of("../node/config/settler.ini.example")).dave()).isEmpty();
    }
}
