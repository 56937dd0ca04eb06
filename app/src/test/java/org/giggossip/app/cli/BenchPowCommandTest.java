package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPowCommandTest {
    private final CapturedGg gg = new CapturedGg();

    @Test
    void printsAttemptsPerSecondAsTheLastLine() {
        int code = gg.run("bench", "pow", "--threads", "1", "--seconds", "1");
        assertThat(code).as("exit code; stderr: %s", gg.err()).isZero();
        List<String> lines = gg.out().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches("attempts_per_second=[0-9]+");
        assertThat(Long.parseLong(last.substring(last.indexOf('=') + 1))).isPositive();
        assertThat(gg.out()).contains("warm-up 1 s");
        // One progress line per second: one of warm-up, one measured.
        assertThat(gg.err().lines().filter(l -> l.contains("attempts/s")).toList())
            .hasSize(2)
            .anyMatch(l -> l.contains("warm-up 1/1 s"))
            .anyMatch(l -> l.contains("measure 1/1 s"));
    }

    @Test
    void runsOnSeveralThreadsWithoutWarmUp() {
        assertThat(gg.run("bench", "pow", "--threads", "2", "--seconds", "1", "--warmup", "0")).isZero();
        assertThat(gg.out().lines().reduce((a, b) -> b).orElseThrow()).matches("attempts_per_second=[1-9][0-9]*");
        assertThat(gg.out()).contains("2 thread(s)");
    }

    @Test
    void zeroThreadsIsAUsageError() {
        assertThat(gg.run("bench", "pow", "--threads", "0", "--seconds", "1")).isEqualTo(2);
        assertThat(gg.err()).contains("--threads must be at least 1").contains("Usage:");
        assertThat(gg.out()).doesNotContain("attempts_per_second");
    }

    @Test
    void otherBadArgumentsAreUsageErrors() {
        assertThat(gg.run("bench", "pow", "--seconds", "0")).isEqualTo(2);
        assertThat(gg.run("bench", "pow", "--seconds", "-3")).isEqualTo(2);
        assertThat(gg.run("bench", "pow", "--warmup", "-1")).isEqualTo(2);
        assertThat(gg.run("bench", "pow", "--threads", "two")).isEqualTo(2);
        assertThat(gg.run("bench", "pow", "--bogus")).isEqualTo(2);
        assertThat(gg.out()).doesNotContain("attempts_per_second");
    }

    @Test
    void benchIsListedWithOneLineDescriptions() {
        assertThat(gg.run("--help")).isZero();
        assertThat(gg.out()).contains("bench").contains("Measure how fast");
        assertThat(gg.run("bench")).isZero();
        assertThat(gg.out()).contains("pow").contains("Measure proof-of-work speed");
    }
}
