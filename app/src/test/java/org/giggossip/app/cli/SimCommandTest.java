package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.giggossip.sim.gig.Scenario;
import org.giggossip.sim.gig.SimParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    private final CapturedGg gg = new CapturedGg();

    @Test
    void listsTheBuiltInScenariosWithTheirDescriptions() {
        assertThat(gg.run("sim", "--list")).isZero();
        for (Scenario s : Scenario.builtIns()) {
            assertThat(gg.out()).contains(s.name()).contains(s.description());
        }
        // one line per scenario (a fixed count went stale with each new scenario)
        assertThat(gg.out().lines()).hasSize((int) java.util.stream.StreamSupport
                .stream(Scenario.builtIns().spliterator(), false).count());
        assertThat(gg.err()).isEmpty();
    }

    @Test
    void listsEveryParameterWithDefaultAndHelp() {
        assertThat(gg.run("sim", "--params")).isZero();
        String text = gg.out();
        for (SimParams.Key k : SimParams.keys()) {
            assertThat(text).containsPattern("(?m)^" + k.name() + " +" + java.util.regex.Pattern.quote(k.defaultValue())
                + " +" + java.util.regex.Pattern.quote(k.help()) + "$");
        }
    }

    @Test
    void measuresTheHeapOfAnIdleWorldWithoutRunningIt(@TempDir Path dir) {
        assertThat(gg.run("sim", "taxi-city", "--nodes", "2000", "--idle-memory", "--out", dir.toString()))
            .as(gg.err()).isZero();
        assertThat(gg.out()).contains("idle world of 2,000 nodes");
        long perNode = Long.parseLong(gg.out().lines().filter(l -> l.startsWith("idle_bytes_per_node="))
            .findFirst().orElseThrow().substring("idle_bytes_per_node=".length()));
        // an engine, keys, a certificate, peers and a ledger account: far more than nothing, far less than 100 KB
        assertThat(perNode).isBetween(500L, 100_000L);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aTinyRunWritesTheReportAndSummarises(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        assertThat(gg.run("sim", "taxi-city", "--nodes", "60", "--seed", "7", "--set", "jobs=2", "--set", "pow=cost",
            "--set", "drain_s=120", "--out", target.toString())).as(gg.err()).isZero();
        String text = gg.out();
        assertThat(text).startsWith("gg sim taxi-city: 60 nodes, 2 jobs, seed 7, city topology, proof of work cost")
            .contains("delivery ratio", "jobs with offers", "money conserved", "time to first offer",
                "network fee per job")
            .contains("report  " + target.resolve("report.html"), "data    " + target.resolve("report.json"),
                "delivery.svg");
        String json = Files.readString(target.resolve("report.json"), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\n  \"scenario\": \"taxi-city\",\n  \"nodes\": 60,\n  \"jobs\": 2,")
            .contains("\"seed\": 7", "\"drain_s\": 120", "\"money_conserved\": true");
        for (String file : new String[] {"report.html", "delivery.svg", "time-to-first-offer.svg", "time-to-paid.svg",
            "fees-by-hops.svg"}) {
            assertThat(target.resolve(file)).isNotEmptyFile();
        }
        assertThat(Files.readString(target.resolve("report.html"))).contains("Gig-gossip simulation: taxi-city");
    }

    @Test
    void aScenarioFileStartsFromABuiltInAndTheShortcutsOverrideIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small-censor.scn");
        Files.writeString(file, "# one customer censored\nscenario = attack-censorship\nnodes = 80\njobs = 2\n"
            + "pow = cost\ndrain_s = 60\n");
        Path target = dir.resolve("out");
        assertThat(gg.run("sim", file.toString(), "--nodes", "50", "--out", target.toString())).as(gg.err()).isZero();
        assertThat(gg.out()).startsWith("gg sim small-censor.scn: 50 nodes, 2 jobs, seed 1")
            .contains("attack: target delivery ratio", "attack-target.svg");
        assertThat(Files.readString(target.resolve("report.json"))).contains("\"attack\": {", "\"censor\": 0.2");
    }

    @Test
    void theDefaultDirectoryNamesScenarioNodesAndSeed() {
        SimParams p = SimParams.defaults().with("nodes=250").with("seed=9");
        assertThat(SimCommand.defaultOut(Scenario.named("attack-spam"), p))
            .isEqualTo(Path.of("sim-out", "attack-spam-250-9"));
        Scenario file = new Scenario("rush-hour.scn", "a file", java.util.Map.of());
        assertThat(SimCommand.defaultOut(file, p)).isEqualTo(Path.of("sim-out", "rush-hour-250-9"));
    }

    @Test
    void anUnknownScenarioIsAUsageErrorNamingTheBuiltIns() {
        assertThat(gg.run("sim", "taxi-town")).isEqualTo(2);
        assertThat(gg.err()).contains("unknown scenario 'taxi-town'", "taxi-city", "attack-spam", "Usage:");
        assertThat(gg.out()).isEmpty();
    }

    @Test
    void unknownAndMalformedSettingsAreUsageErrors() {
        assertThat(gg.run("sim", "taxi-city", "--set", "nodez=5")).isEqualTo(2);
        assertThat(gg.err()).contains("unknown parameter 'nodez'");
        assertThat(gg.run("sim", "taxi-city", "--set", "nodes")).isEqualTo(2);
        assertThat(gg.err()).contains("expected key=value, got 'nodes'");
        assertThat(gg.run("sim", "taxi-city", "--set", "nodes=many")).isEqualTo(2);
        assertThat(gg.err()).contains("parameter 'nodes': 'many' is not valid");
        assertThat(gg.run("sim", "taxi-city", "--set", "silent=2")).isEqualTo(2);
        assertThat(gg.err()).contains("parameter 'silent': 2 is above 1");
        assertThat(gg.run("sim", "taxi-city", "--nodes", "2")).isEqualTo(2);
        assertThat(gg.err()).contains("at least 3 nodes");
        assertThat(gg.out()).doesNotContain("report  ");
    }

    @Test
    void anUnreadableOrBrokenScenarioFileIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(gg.run("sim", dir.resolve("missing.scn").toString())).isEqualTo(2);
        assertThat(gg.err()).contains("cannot read scenario file", "missing.scn", "no such file");
        assertThat(gg.run("sim", dir.toString())).isEqualTo(2);
        assertThat(gg.err()).contains("cannot read scenario file '" + dir + "'");
        Path broken = dir.resolve("broken.scn");
        Files.writeString(broken, "nodes = 100\njust words\n");
        assertThat(gg.run("sim", broken.toString())).isEqualTo(2);
        assertThat(gg.err()).contains(broken + ":2: expected key = value, got 'just words'");
        Path unknown = dir.resolve("unknown.scn");
        Files.writeString(unknown, "speed = 3\n");
        assertThat(gg.run("sim", unknown.toString())).isEqualTo(2);
        assertThat(gg.err()).contains("scenario file '" + unknown + "': unknown parameter 'speed'");
    }

    @Test
    void aMissingScenarioIsAUsageError() {
        assertThat(gg.run("sim")).isEqualTo(2);
        assertThat(gg.err()).contains("Missing SCENARIO", "gg sim --list");
    }

    @Test
    void listedInTheTopLevelHelp() {
        assertThat(gg.run("--help")).isZero();
        assertThat(gg.out()).contains("sim", "Simulate a Gig-gossip network");
    }
}
