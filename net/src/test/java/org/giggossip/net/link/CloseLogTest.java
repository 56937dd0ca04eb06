package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link CloseLog}: at most N lines per window, then one summary with counts per reason category; fake clock. */
class CloseLogTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<System.Logger.Level> levels = Collections.synchronizedList(new ArrayList<>());
    private final CloseLog log = new CloseLog((level, line) -> {
        levels.add(level);
        lines.add(line);
    }, clock, 10, Duration.ofSeconds(1));

    @Test
    void tenLinesPerSecondThenOneSummaryWithCountsPerCategory() {
        for (int i = 0; i < 10; i++) {
            log.closed("10.0.0.1:" + i, "BOLT 8 read failed: LENGTH_BAD_TAG ");
        }
        assertThat(lines).hasSize(10).allMatch(l -> l.startsWith("closed 10.0.0.1:"));
        for (int i = 0; i < 500; i++) {
            log.closed("10.0.0.2:" + i, "BOLT 8 read failed: BODY_BAD_TAG ");
        }
        for (int i = 0; i < 3; i++) {
            log.closed("10.0.0.3:" + i, "limits: handshake and admission not done within PT10S");
        }
        log.closed("10.0.0.4:1", "admission: LATE no admission by 2026-01-01T00:00:10Z");
        assertThat(lines).hasSize(10);
        assertThat(log.suppressed()).isEqualTo(504);

        now = now.plusMillis(999);
        log.flush();
        assertThat(lines).as("the window is not over").hasSize(10);

        now = now.plusMillis(1);
        log.flush();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(10)).isEqualTo("suppressed 504 closes (reasons: BOLT 8 read failed BODY_BAD_TAG=500, "
            + "admission LATE=1, limits=3)");
        assertThat(log.suppressed()).isZero();
        assertThat(levels).containsOnly(System.Logger.Level.INFO);

        log.flush();
        assertThat(lines).as("nothing suppressed, no summary").hasSize(11);
    }

    @Test
    void theSummaryComesWithTheFirstCloseOfTheNextWindow() {
        for (int i = 0; i < 12; i++) {
            log.closed("p" + i, "I/O: Connection reset by peer");
        }
        now = now.plusSeconds(5);
        log.closed("late", "limits: peer not reading for PT30S");
        assertThat(lines).hasSize(12);
        assertThat(lines.get(10)).isEqualTo("suppressed 2 closes (reasons: I/O=2)");
        assertThat(lines.get(11)).isEqualTo("closed late: limits: peer not reading for PT30S");
    }

    @Test
    void categoriesDropFreeTextThatAPeerControls() {
        assertThat(CloseLog.category("BOLT 8 read failed: LENGTH_TOO_LARGE 60000 > 1000"))
            .isEqualTo("BOLT 8 read failed LENGTH_TOO_LARGE");
        assertThat(CloseLog.category("BOLT 8 handshake failed: ACT1_BAD_VERSION 7"))
            .isEqualTo("BOLT 8 handshake failed ACT1_BAD_VERSION");
        assertThat(CloseLog.category("limits: peer exceeded 5 frames/s or 10 bytes/s")).isEqualTo("limits");
        assertThat(CloseLog.category("message size 12345 for type 9")).isEqualTo("message size # for type #");
        assertThat(CloseLog.category("x".repeat(500))).hasSize(60);
        assertThat(CloseLog.category(null)).isEqualTo("unknown");
    }

    @Test
    void manyThreadsNeverLogMoreThanTheLimitAndLoseNoCount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 1000; i++) {
                    log.closed("p", "admission: MALFORMED junk");
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(10);
        now = now.plusSeconds(1);
        log.flush();
        assertThat(lines.getLast()).isEqualTo("suppressed 7990 closes (reasons: admission MALFORMED=7990)");
    }

    @Test
    void closesAtOurOwnShutdownAreDebugLinesOutsideTheWindow() {
        for (int i = 0; i < 10; i++) {
            log.closed("p" + i, "I/O: Connection reset by peer");
        }
        for (int i = 0; i < 30; i++) {
            log.closedAtShutdown("q" + i, "node shutting down");
        }
        log.closedAtShutdown("r", null);
        assertThat(lines).hasSize(41);
        assertThat(lines.get(10)).isEqualTo("closed q0: node shutting down");
        assertThat(lines.getLast()).isEqualTo("closed r: shutting down");
        assertThat(levels.subList(0, 10)).containsOnly(System.Logger.Level.INFO);
        assertThat(levels.subList(10, 41)).containsOnly(System.Logger.Level.DEBUG);
        assertThat(log.suppressed()).as("not counted against peers").isZero();
        log.closed("p10", "I/O: Connection reset by peer");
        assertThat(log.suppressed()).as("the window still holds ten peer closes").isEqualTo(1);
    }
}
