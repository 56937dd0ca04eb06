package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg bench network}'s options and the soak's settings: refused before any process starts. */
class BenchNetworkCommandTest {
    @RegisterExtension
    final CapturedStd std = new CapturedStd();

    @TempDir
    Path dir;

    @Test
    void badOptionsAreRefusedWithExitCodeTwoAndStartNothing() throws Exception {
        Path net = dir.resolve("net");
        assertThat(Gg.run("bench", "network", "--topology", "ring", "--dir", net.toString())).isEqualTo(2);
        assertThat(std.err()).contains("--topology must be hub, random or both, got ring");
        assertThat(Gg.run("bench", "network", "--middlemen", "1", "--dir", net.toString())).isEqualTo(2);
        assertThat(std.err()).contains("middlemen must be 2 to 32");
        assertThat(Gg.run("bench", "network", "--xmx", "lots", "--dir", net.toString())).isEqualTo(2);
        assertThat(Gg.run("bench", "network", "--minutes", "0", "--dir", net.toString())).isEqualTo(2);
        assertThat(net).as("no network written").doesNotExist();
    }

    /** The rider must afford every ride of a long run: a fixed million sat ran out some 83 rides in. */
    @Test
    void theHubFundsEveryRideOfTheRun() {
        Path d = dir.resolve("x");
        List<NetworkSoak.Topology> both = List.of(NetworkSoak.Topology.HUB, NetworkSoak.Topology.RANDOM);
        var thirty = new NetworkSoak.Settings(d, Duration.ofMinutes(30), 4, 6, both, 1, Duration.ofSeconds(3),
                List.of());
        long rides = 30 * 60 / 3;
        long dearest = 15_000; // 12,000 sat and three drivers 1,000 sat apart
        assertThat(NetworkSoak.startingBalanceSat(thirty)).isGreaterThanOrEqualTo(rides * dearest * 2);
        var short5 = new NetworkSoak.Settings(d, Duration.ofSeconds(30), 1, 2, both, 1, Duration.ofSeconds(3),
                List.of());
        assertThat(NetworkSoak.startingBalanceSat(short5)).as("never below the default").isEqualTo(1_000_000L);
    }

    @Test
    void settingsRefuseWhatCannotRun() {
        Path d = dir.resolve("x");
        List<String> jvm = List.of("-Xmx192m");
        List<NetworkSoak.Topology> both = List.of(NetworkSoak.Topology.HUB, NetworkSoak.Topology.RANDOM);
        assertThatThrownBy(() -> new NetworkSoak.Settings(d, Duration.ofSeconds(5), 4, 6, both, 1,
                Duration.ofSeconds(3), jvm)).hasMessageContaining("duration");
        assertThatThrownBy(() -> new NetworkSoak.Settings(d, Duration.ofMinutes(5), 0, 6, both, 1,
                Duration.ofSeconds(3), jvm)).hasMessageContaining("drivers");
        assertThatThrownBy(() -> new NetworkSoak.Settings(d, Duration.ofMinutes(5), 4, 6, List.of(), 1,
                Duration.ofSeconds(3), jvm)).hasMessageContaining("no topology");
        assertThatThrownBy(() -> new NetworkSoak.Settings(d, Duration.ofMinutes(5), 4, 6, both, 1,
                Duration.ofMillis(100), jvm)).hasMessageContaining("a job every");
        assertThat(new NetworkSoak.Settings(d, Duration.ofMinutes(5), 4, 6, both, 1, Duration.ofSeconds(3), jvm)
                .nodes()).isEqualTo(12);
        assertThat(Files.exists(d)).isFalse();
    }

    @Test
    void closeLinesAreExpectedOnlyForAShutdownAnEnrolmentADuplicateOrAKilledPeer() {
        Instant t0 = Instant.parse("2026-12-07T19:00:00Z");
        Instant shutdown = t0.plusSeconds(600);
        List<NetworkSoak.Kill> kills = List.of(new NetworkSoak.Kill("middle-2", "6e0b59a2b4dd", 42095,
                t0.plusSeconds(100), t0.plusSeconds(105)));
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(601), "/127.0.0.1:1 aaaaaaaaaaaa", "closed by the peer",
                shutdown, kills)).isEqualTo("shutdown");
        assertThat(NetworkSoak.expectedKind(t0, "/127.0.0.1:1 aaaaaaaaaaaa", "enrolled; the enrolment link is done",
                shutdown, kills)).isEqualTo("enrolment");
        assertThat(NetworkSoak.expectedKind(t0, "/127.0.0.1:1 aaaaaaaaaaaa", "link: duplicate link, replaced",
                shutdown, kills)).isEqualTo("duplicate");
        // the killed middleman, by id or by its p2p port, from its kill until 60 s after it was back
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(101), "/127.0.0.1:5000 6e0b59a2b4dd",
                "I/O: Connection reset", shutdown, kills)).isEqualTo("kill");
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(101), "/127.0.0.1:42095", "closed by the peer", shutdown,
                kills)).isEqualTo("kill");
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(166), "/127.0.0.1:5000 6e0b59a2b4dd",
                "closed by the peer", shutdown, kills)).as("long after it was back").isNull();
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(101), "/127.0.0.1:420951", "closed by the peer", shutdown,
                kills)).as("another port that starts alike").isNull();
        assertThat(NetworkSoak.expectedKind(t0.plusSeconds(101), "/127.0.0.1:5000 aaaaaaaaaaaa",
                "discovery: 2 pings unanswered", shutdown, kills)).as("another peer").isNull();
        assertThat(NetworkSoak.expectedKind(t0, "/127.0.0.1:5000 aaaaaaaaaaaa", "closed by the peer", shutdown,
                kills)).isNull();
    }
}
