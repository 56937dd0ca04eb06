package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BenchGossipCommandTest {
    private final CapturedGg gg = new CapturedGg();

    @Test
    @Timeout(120)
    void timesItemsAcrossInProcessNodes() {
        int code = gg.run("bench", "gossip", "--nodes", "4", "--runs", "3", "--topology", "line");
        assertThat(code).as("exit code; stderr: %s", gg.err()).isZero();
        List<String> lines = gg.out().lines().toList();
        assertThat(lines).contains("  node 0 links to [1]", "  node 3 links to [2]");
        assertThat(lines.stream().filter(l -> l.matches("  run [0-2]: all 4 nodes in [0-9.]+ ms"))).hasSize(3);
        assertThat(lines).anyMatch(l -> l.startsWith("3 of 3 items reached all nodes; over those: min "));
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches("all_nodes_median_ms=[0-9]+\\.[0-9]{2}");
        // the figure is the median of the runs' times (how large it is, is the benchmark's own finding)
        List<Double> runs = lines.stream().filter(l -> l.matches("  run [0-2]: all 4 nodes in [0-9.]+ ms"))
                .map(l -> Double.parseDouble(l.replaceAll("^.* in ([0-9.]+) ms$", "$1"))).sorted().toList();
        assertThat(Double.parseDouble(last.substring(last.indexOf('=') + 1))).isPositive().isEqualTo(runs.get(1));
    }

    @Test
    void refusesOutOfRangeOptions() {
        assertThat(gg.run("bench", "gossip", "--nodes", "1")).isEqualTo(2);
        assertThat(gg.run("bench", "gossip", "--topology", "star")).isEqualTo(2);
        assertThat(gg.out()).doesNotContain("all_nodes_median_ms");
    }
}
