package org.giggossip.settler.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM ({@link CrashChild}) commits state and notices in a loop and is
 * killed with SIGKILL at a random moment, several times over the same database.
 * After each kill every commit is either all there or not at all (the counter,
 * its row and its notice agree), and every commit the child saw return is there.
 */
class CrashTest {
    private static final int ROUNDS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tempDir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyCommitIsWholeOrAbsentAfterSigkill(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir)) {
            PublicKey to = PrivateKey.generate(RANDOM).publicKey();
            long acknowledged = 0;
            for (int round = 0; round < ROUNDS; round++) {
                acknowledged = Math.max(acknowledged, runAndKill(t.url(), to, round));
                try (SettlerDatabase db = t.open()) {
                    long counter = check(db, to);
                    assertThat(counter).as("every commit the child saw return survives").isGreaterThanOrEqualTo(
                            acknowledged);
                    acknowledged = counter;
                }
            }
            assertThat(acknowledged).as("the child committed in every round").isGreaterThanOrEqualTo(ROUNDS);
        }
    }

    /** Starts the child, lets it commit a random number of times, kills it; returns the last commit it printed. */
    private long runAndKill(String url, PublicKey to, int round) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tempDir.resolve("child-" + round + ".log");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), url, to.hex())
                .redirectError(log.toFile())
                .start();
        int target = 5 + RANDOM.nextInt(60);
        long last = -1;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; seen < target && (line = out.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    last = Long.parseLong(line.substring("committed ".length()));
                    seen++;
                }
            }
            assertThat(seen).as("the child committed (its log: %s)", log).isEqualTo(target);
            // a random moment inside the next commits, not just between two of them
            LockSupport.parkNanos(RANDOM.nextInt(3_000_000));
            // kill -9, not Process.destroyForcibly(), which would also close our end of its output
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            // lines it printed before dying are commits that returned too
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    last = Long.parseLong(line.substring("committed ".length()));
                }
            }
        } finally {
            child.destroyForcibly();
        }
        return last;
    }

    /** Checks that counter, rows and notices agree; returns the counter. */
    private static long check(SettlerDatabase db, PublicKey to) {
        Map<String, byte[]> state = db.loadState();
        long counter = ByteBuffer.wrap(state.get("counter")).getLong();
        List<Notice> notices = TestDatabase.allNotices(db, to);
        assertThat(notices).as("one notice per commit").hasSize((int) counter);
        assertThat(state).as("the counter and one row per commit").hasSize((int) counter + 1);
        for (int i = 1; i <= counter; i++) {
            assertThat(ByteBuffer.wrap(notices.get(i - 1).message()).getLong()).isEqualTo(i);
            assertThat(ByteBuffer.wrap(state.get("c/" + i)).getLong()).isEqualTo(i);
        }
        assertThat(notices).extracting(Notice::seq).isSorted().doesNotHaveDuplicates();
        return counter;
    }
}
