package org.giggossip.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchPowCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs gg as {@link Gg#run} does, with the output captured. */
    private int gg(String... args) {
        CommandLine cli = new CommandLine(new Gg());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsAttemptsPerSecondAsTheLastLine() {
        int code = gg("bench", "pow", "--threads", "1", "--seconds", "1");
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        List<String> lines = out.toString().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches("attempts_per_second=[0-9]+");
        assertThat(Long.parseLong(last.substring(last.indexOf('=') + 1))).isPositive();
        assertThat(out.toString()).contains("warm-up 1 s");
        // One progress line per second: one of warm-up, one measured.
        assertThat(err.toString().lines().filter(l -> l.contains("attempts/s")).toList())
            .hasSize(2)
            .anyMatch(l -> l.contains("warm-up 1/1 s"))
            .anyMatch(l -> l.contains("measure 1/1 s"));
    }

    @Test
    void runsOnSeveralThreadsWithoutWarmUp() {
        assertThat(gg("bench", "pow", "--threads", "2", "--seconds", "1", "--warmup", "0")).isZero();
        assertThat(out.toString().lines().reduce((a, b) -> b).orElseThrow()).matches("attempts_per_second=[1-9][0-9]*");
        assertThat(out.toString()).contains("2 thread(s)");
    }

    @Test
    void zeroThreadsIsAUsageError() {
        assertThat(gg("bench", "pow", "--threads", "0", "--seconds", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1").contains("Usage:");
        assertThat(out.toString()).doesNotContain("attempts_per_second");
    }

    @Test
    void otherBadArgumentsAreUsageErrors() {
        assertThat(gg("bench", "pow", "--seconds", "0")).isEqualTo(2);
        assertThat(gg("bench", "pow", "--seconds", "-3")).isEqualTo(2);
        assertThat(gg("bench", "pow", "--warmup", "-1")).isEqualTo(2);
        assertThat(gg("bench", "pow", "--threads", "two")).isEqualTo(2);
        assertThat(gg("bench", "pow", "--bogus")).isEqualTo(2);
        assertThat(out.toString()).doesNotContain("attempts_per_second");
    }

    @Test
    void benchIsListedWithOneLineDescriptions() {
        assertThat(gg("--help")).isZero();
        assertThat(out.toString()).contains("bench").contains("Measure how fast");
        assertThat(gg("bench")).isZero();
        assertThat(out.toString()).contains("pow").contains("Measure proof-of-work speed");
    }
}
