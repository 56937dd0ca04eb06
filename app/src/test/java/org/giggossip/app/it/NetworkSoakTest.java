package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.giggossip.app.cli.NetworkSoak;
import org.giggossip.app.cli.NetworkSoak.Phase;
import org.giggossip.app.cli.NetworkSoak.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak of issue 15, deliverable 7, as {@code gg bench network} runs it: 12 real {@code gg node}
 * processes (a settler hub, a rider, 4 drivers, 6 middlemen), hub-and-spoke for 2.5 minutes and
 * random links for 2.5 minutes on a fresh network, a job every 3 s, two middlemen killed with
 * SIGKILL and restarted in each. Default proof-of-work settings; each node's heap is 192 MB.
 * Every job gets an offer (the drivers are never killed, so every job has one in reach), every
 * paid job settles, the ledger's total is the same before and after, and no link closes but
 * those of the kills, the enrolments and the shutdown (and the second connection of two nodes
 * that dialled each other at once, which the duplicate rule closes while the pair stays linked). The soak kills every node it started,
 * whatever happens. Tagged slow (5 minutes): {@code ./gg test -Pquick} skips it.
 */
@Tag("slow")
class NetworkSoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void twelveNodesKeepServingRidesThroughKillsInBothTopologies() throws Exception {
        NetworkSoak.Settings settings = new NetworkSoak.Settings(dir, Duration.ofMinutes(5), 4, 6,
                List.of(Topology.HUB, Topology.RANDOM), 15, Duration.ofSeconds(3), List.of("-Xmx192m"));
        StringWriter progress = new StringWriter();
        List<Phase> phases;
        try (PrintWriter p = new PrintWriter(progress)) {
            phases = new NetworkSoak(settings, p).run();
        }
        String report = NetworkSoak.text(phases) + "\n--- progress:\n" + progress;
        System.out.println(report); // in the surefire report of the test, for the figures
        assertThat(phases).extracting(Phase::topology).containsExactly(Topology.HUB, Topology.RANDOM);
        for (Phase p : phases) {
            String what = p.topology().label() + ":\n" + report;
            assertThat(p.posted()).as("jobs posted, one per 3 s for 150 s; " + what).isGreaterThanOrEqualTo(45);
            assertThat(p.killed()).as("two middlemen killed and restarted; " + what).hasSize(2);
            assertThat(p.processes()).as("12 processes measured; " + what).hasSize(12);
            assertThat(p.offered()).as("jobs with an offer (>= 99 %); " + what)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.99 * p.posted()));
            assertThat(p.paid()).as("jobs paid; " + what).isPositive();
            assertThat(p.jobs().stream().filter(j -> j.paid() && !j.settled()).toList())
                    .as("paid jobs that did not settle; " + what).isEmpty();
            assertThat(p.ledgerAfterMsat()).as("the ledger's total after, against before; " + what)
                    .isEqualTo(p.ledgerBeforeMsat());
            assertThat(p.unexpectedCloses()).as("link closes no kill, enrolment or shutdown explains; " + what)
                    .isEmpty();
            assertThat(p.expectedCloses()).as("the kills closed links; " + what).containsKey("kill");
        }
    }
}
