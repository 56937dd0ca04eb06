package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /** The burst the CI soak met: a hub's 11th enrolment close in one second was summed, not logged. */
    @Test
    void suppressedClosesCountAsEnrolmentsOnlyWhileThatManyEnrolmentsAreUnaccountedFor() {
        Instant shutdown = Instant.parse("2026-12-08T01:00:00Z");
        List<String> log = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            log.add(line("00:53:43.%03dZ".formatted(100 + i), "service: enrolled %012x; welcome".formatted(i)));
        }
        for (int i = 0; i < 10; i++) {
            log.add(line("00:53:43.%03dZ".formatted(500 + i), "closed /127.0.0.1:%d %012x: closed by the peer"
                    .formatted(40000 + i, i)));
        }
        // two closes summed: spokes 10 and 11 are the only enrolments left to explain them
        log.add(line("00:53:44.474Z", "suppressed 2 closes (reasons: closed by the peer=2)"));
        // then three more summed closes of which only one can be an enrolment (none left) and one is another reason
        log.add(line("00:53:46.000Z", "suppressed 3 closes (reasons: I/O=1, closed by the peer=2)"));
        Map<String, Integer> expected = new java.util.TreeMap<>();
        Map<String, Integer> unexpected = new java.util.TreeMap<>();
        List<NetworkSoak.Close> lines = new java.util.ArrayList<>();
        NetworkSoak.classifyCloses("hub", log, shutdown, List.of(), expected, unexpected, lines);
        assertThat(expected).isEqualTo(Map.of("enrolment", 12));
        assertThat(unexpected).isEqualTo(Map.of("suppressed closes (reasons not logged)", 3));
        assertThat(lines).extracting(NetworkSoak.Close::line).singleElement().asString().contains("suppressed 3");
    }

    private static String line(String time, String msg) {
        return "ts=2026-12-08T" + time + " level=info logger=Links msg=\"" + msg + "\"";
    }
}
