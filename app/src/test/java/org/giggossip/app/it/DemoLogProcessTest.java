package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gg demo} as its own process, as a user runs it: standard output ends with the
 * summary, and standard error holds logfmt lines only, never the JDK's two-line records
 * ({@code Dec 07, 2026 5:22:17 PM org.giggossip...} then {@code INFO: closed ...}).
 */
class DemoLogProcessTest {
    /** The first line of a record of the JDK's SimpleFormatter. */
    private static final Pattern JDK_DATE = Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2}");
    /** Its second line. */
    private static final Pattern JDK_LEVEL = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): ");
    /** One logfmt line as gg writes it. */
    private static final Pattern LOGFMT = Pattern.compile("ts=\\S+ level=(error|warn|info|debug|trace) logger=\\S+"
            + " msg=\"(?:[^\"\\\\]|\\\\.)*\"( error=\"(?:[^\"\\\\]|\\\\.)*\")?");
    private static final String[] SMALL = {"demo", "--nodes", "5", "--drivers", "2", "--pow", "256",
        "--admission-pow", "256"};

    @TempDir
    Path dir;

    @Test
    void byDefaultTheOutputEndsWithTheSummaryAndNothingBelowWarnIsLogged() throws Exception {
        Run run = gg(Map.of(), SMALL);
        assertThat(run.code).as(run.err).isZero();
        List<String> out = run.out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(out.getLast()).as(run.out).startsWith("summary: 5 nodes over tcp");
        assertNoJdkRecords(run.err);
        assertThat(run.err).doesNotContain("level=info").doesNotContain("level=debug");
    }

    @Test
    void atDebugShutdownClosesAreDebugLinesInLogfmt() throws Exception {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.add("--log-level");
        args.add("debug");
        Run run = gg(Map.of(), args.toArray(String[]::new));
        assertThat(run.code).as(run.err).isZero();
        assertNoJdkRecords(run.err);
        assertThat(run.err.lines().filter(l -> l.contains("node shutting down")).toList()).isNotEmpty()
                .allMatch(l -> l.contains(" level=debug "));
        assertThat(run.err).doesNotContain("level=fine").doesNotContain("level=warning")
                .doesNotContain("level=severe").doesNotContain("Runtime.exit");
    }

    @Test
    void theEnvironmentVariableSetsTheLevelOfEveryCommand() throws Exception {
        Run run = gg(Map.of("GG_LOG_LEVEL", "info"), SMALL);
        assertThat(run.code).as(run.err).isZero();
        assertNoJdkRecords(run.err);
        assertThat(run.err).doesNotContain("level=debug").doesNotContain("node shutting down");
        assertThat(gg(Map.of("GG_LOG_LEVEL", "chatty"), "geohash", "encode", "1", "2").err)
                .contains("GG_LOG_LEVEL=chatty: not a level");
    }

    private static void assertNoJdkRecords(String err) {
        for (String line : err.lines().toList()) {
            assertThat(JDK_DATE.matcher(line).find()).as(line).isFalse();
            assertThat(JDK_LEVEL.matcher(line).find()).as(line).isFalse();
            assertThat(LOGFMT.matcher(line).matches()).as(line).isTrue();
        }
    }

    private record Run(int code, String out, String err) {}

    /** Runs {@code gg args} from the test's class path with {@code env} added; waits up to two minutes. */
    private Run gg(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.giggossip.app.cli.Gg"));
        if (Runtime.version().feature() >= 23) {
            cmd.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("GG_LOG_LEVEL");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("gg " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
