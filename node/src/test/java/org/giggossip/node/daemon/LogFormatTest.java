package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LogFormat}: level words both ways, the line, the handler and the JUL configuration class. */
class LogFormatTest {
    /** One logfmt line as {@link LogFormat} writes it. */
    static final String LINE = "ts=\\S+ level=(error|warn|info|debug|trace) logger=\\S+ msg=\"(?:[^\"\\\\]|\\\\.)*\""
            + "( error=\"(?:[^\"\\\\]|\\\\.)*\")?";

    private final Level before = LogFormat.current();

    @AfterEach
    void restore() {
        System.clearProperty("java.util.logging.config.class");
        LogFormat.install(before);
    }

    @Test
    void conventionalWordsAndTheOldJulNamesAreLevelsInAnyCase() {
        assertThat(LogFormat.parseLevel("error")).contains(Level.SEVERE);
        assertThat(LogFormat.parseLevel("warn")).contains(Level.WARNING);
        assertThat(LogFormat.parseLevel("info")).contains(Level.INFO);
        assertThat(LogFormat.parseLevel("debug")).contains(Level.FINE);
        assertThat(LogFormat.parseLevel("trace")).contains(Level.FINEST);
        assertThat(LogFormat.parseLevel("WARN")).contains(Level.WARNING);
        assertThat(LogFormat.parseLevel(" Debug ")).contains(Level.FINE);
        assertThat(LogFormat.parseLevel("SEVERE")).contains(Level.SEVERE);
        assertThat(LogFormat.parseLevel("WARNING")).contains(Level.WARNING);
        assertThat(LogFormat.parseLevel("INFO")).contains(Level.INFO);
        assertThat(LogFormat.parseLevel("CONFIG")).contains(Level.CONFIG);
        assertThat(LogFormat.parseLevel("FINE")).contains(Level.FINE);
        assertThat(LogFormat.parseLevel("FINER")).contains(Level.FINER);
        assertThat(LogFormat.parseLevel("finest")).contains(Level.FINEST);
        assertThat(LogFormat.parseLevel("ALL")).contains(Level.ALL);
        assertThat(LogFormat.parseLevel("off")).contains(Level.OFF);
    }

    @Test
    void anythingElseIsNotALevel() {
        for (String bad : new String[] {"", " ", "verbose", "800", "-1", "warn ing", "information", "DEBUG2"}) {
            assertThat(LogFormat.parseLevel(bad)).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(LogFormat.parseLevel(null)).isEmpty();
    }

    @Test
    void linesNameEveryJulLevelWithAConventionalWord() {
        assertThat(LogFormat.levelName(Level.SEVERE)).isEqualTo("error");
        assertThat(LogFormat.levelName(Level.WARNING)).isEqualTo("warn");
        assertThat(LogFormat.levelName(Level.INFO)).isEqualTo("info");
        assertThat(LogFormat.levelName(Level.CONFIG)).isEqualTo("debug");
        assertThat(LogFormat.levelName(Level.FINE)).isEqualTo("debug");
        assertThat(LogFormat.levelName(Level.FINER)).isEqualTo("trace");
        assertThat(LogFormat.levelName(Level.FINEST)).isEqualTo("trace");
    }

    @Test
    void theWordOfAThresholdShowsExactlyTheLinesLabelledWithItOrAbove() {
        Level[] all = {Level.SEVERE, Level.WARNING, Level.INFO, Level.CONFIG, Level.FINE, Level.FINER, Level.FINEST};
        java.util.List<String> order = java.util.List.of("error", "warn", "info", "debug", "trace");
        for (String word : order) {
            Level threshold = LogFormat.parseLevel(word).orElseThrow();
            for (Level record : all) {
                boolean shown = record.intValue() >= threshold.intValue();
                boolean labelledAtOrAbove = order.indexOf(LogFormat.levelName(record)) <= order.indexOf(word);
                assertThat(shown).as(word + " / " + record).isEqualTo(labelledAtOrAbove);
            }
        }
    }

    @Test
    void systemLoggerLevelsBecomeTheirOwnWords() {
        // System.Logger levels reach JUL as SEVERE, WARNING, INFO, FINE, FINER
        assertThat(line(System.Logger.Level.ERROR)).contains(" level=error ");
        assertThat(line(System.Logger.Level.WARNING)).contains(" level=warn ");
        assertThat(line(System.Logger.Level.INFO)).contains(" level=info ");
        assertThat(line(System.Logger.Level.DEBUG)).contains(" level=debug ");
        assertThat(line(System.Logger.Level.TRACE)).contains(" level=trace ");
    }

    /** What {@code level} logged through {@link System.Logger} prints at {@code trace}. */
    private static String line(System.Logger.Level level) {
        String err = captured(() -> {
            LogFormat.install(Level.FINEST);
            System.getLogger("org.giggossip.test.Levels").log(level, "a \"quoted\"\nline");
        });
        assertThat(err).matches(LINE + "\n");
        assertThat(err).contains("logger=Levels msg=\"a \\\"quoted\\\"\\nline\"");
        return err;
    }

    @Test
    void installedHandlerWritesToTheCurrentStandardErrorAtTheLevelAndAbove() {
        String err = captured(() -> {
            LogFormat.install(Level.WARNING);
            Logger log = Logger.getLogger("org.giggossip.test.Threshold");
            log.info("hidden");
            log.warning("shown");
            log.log(Level.SEVERE, "failed", new IllegalStateException("boom"));
        });
        assertThat(err.lines()).hasSize(2).allMatch(l -> l.matches(LINE));
        assertThat(err).doesNotContain("hidden")
                .contains("level=warn logger=Threshold msg=\"shown\"")
                .contains("level=error logger=Threshold msg=\"failed\" error=\"java.lang.IllegalStateException: boom\"");
        Handler[] handlers = Logger.getLogger("").getHandlers();
        assertThat(handlers).hasSize(1).allMatch(h -> h instanceof LogFormat.StdErr);
    }

    /** A store's migration steps (Flyway, at info) show at debug only; its warnings always. */
    @Test
    void flywaysInfoLinesShowAtDebugOnly() {
        Logger flyway = Logger.getLogger("org.flywaydb.core.internal.command.DbMigrate");
        String atInfo = captured(() -> {
            LogFormat.install(Level.INFO);
            flyway.info("Migrating schema to version 2");
            flyway.warning("a migration warning");
        });
        assertThat(atInfo).doesNotContain("Migrating").contains("msg=\"a migration warning\"");
        String atDebug = captured(() -> {
            LogFormat.install(Level.FINE);
            flyway.info("Migrating schema to version 2");
        });
        assertThat(atDebug).contains("level=info logger=DbMigrate msg=\"Migrating schema to version 2\"");
    }

    @Test
    void julsOwnConfigurationInstallsThisFormatNotTheJdkConsoleHandler() throws Exception {
        LogFormat.install(Level.INFO);
        System.setProperty("java.util.logging.config.class", LogFormat.Config.class.getName());
        String err = captured(() -> {
            try {
                LogManager.getLogManager().readConfiguration();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Logger.getLogger("org.giggossip.test.Reread").info("after a re-read");
            Logger.getLogger("org.giggossip.test.Reread").fine("not at info");
        });
        assertThat(Logger.getLogger("").getHandlers()).hasSize(1).allMatch(h -> h instanceof LogFormat.StdErr);
        assertThat(Logger.getLogger("").getLevel()).isEqualTo(Level.INFO);
        assertThat(err).matches(LINE + "\n").contains("msg=\"after a re-read\"");
    }

    @Test
    void theUsersOwnConfigurationIsLeftAlone() {
        System.setProperty("java.util.logging.config.class", "com.example.TheirConfig");
        LogFormat.preventDefaultConfiguration();
        assertThat(System.getProperty("java.util.logging.config.class")).isEqualTo("com.example.TheirConfig");
        System.clearProperty("java.util.logging.config.class");
        LogFormat.preventDefaultConfiguration();
        assertThat(System.getProperty("java.util.logging.config.class")).isEqualTo(LogFormat.Config.class.getName());
    }

    @Test
    void directLinesAreLogfmtToo() {
        String err = captured(() -> LogFormat.direct("node", "stopping (signal)"));
        assertThat(err).matches(LINE + "\n").contains("level=info logger=node msg=\"stopping (signal)\"");
    }

    @Test
    void formatEscapesAndNamesARecordWithoutALogger() {
        LogRecord r = new LogRecord(Level.FINE, "x\ry\\z");
        assertThat(new LogFormat().format(r)).matches(LINE + "\n")
                .contains("level=debug logger=- msg=\"x\\ry\\\\z\"");
    }

    /** What {@code body} writes to {@link System#err}. */
    private static String captured(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
