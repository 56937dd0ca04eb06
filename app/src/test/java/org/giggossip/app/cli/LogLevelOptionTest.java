package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.giggossip.node.daemon.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --log-level} and {@code GG_LOG_LEVEL}: one logging setup for every command, before it runs. */
class LogLevelOptionTest {
    private final Level before = LogFormat.current();
    private final CapturedGg gg = new CapturedGg();

    @AfterEach
    void restore() {
        LogFormat.install(before);
    }

    @Test
    void theOptionWinsThenTheEnvironmentThenInfoForDaemonsAndWarnForTheRest() {
        assertThat(Gg.logLevel("debug", "error", true)).isEqualTo(Level.FINE);
        assertThat(Gg.logLevel(null, "error", false)).isEqualTo(Level.SEVERE);
        assertThat(Gg.logLevel(null, "trace", true)).isEqualTo(Level.FINEST);
        assertThat(Gg.logLevel(null, null, true)).isEqualTo(Level.INFO);
        assertThat(Gg.logLevel(null, " ", true)).as("a blank variable is unset").isEqualTo(Level.INFO);
        assertThat(Gg.logLevel(null, null, false)).isEqualTo(Level.WARNING);
        assertThat(Gg.logLevel("FINE", null, false)).as("the old JUL names").isEqualTo(Level.FINE);
        assertThat(Gg.logLevel("WARNING", null, true)).isEqualTo(Level.WARNING);
    }

    @Test
    void aWrongLevelNamesItsSource() {
        assertThatThrownBy(() -> Gg.logLevel("loud", null, false)).hasMessage(
                "--log-level loud: not a level; use error, warn, info, debug, trace (or off, all)");
        assertThatThrownBy(() -> Gg.logLevel(null, "800", true)).hasMessageStartingWith("GG_LOG_LEVEL=800: not a level");
    }

    @Test
    void theOptionWorksBeforeOrAfterTheSubcommandAndIsSetBeforeItRuns() {
        assertThat(gg.run("--log-level", "debug", "sim", "--list")).isZero();
        assertThat(LogFormat.current()).isEqualTo(Level.FINE);
        assertThat(gg.run("sim", "--list", "--log-level", "error")).isZero();
        assertThat(LogFormat.current()).isEqualTo(Level.SEVERE);
        assertThat(Logger.getLogger("").getHandlers()).hasSize(1).allMatch(h -> h instanceof LogFormat.StdErr);
        assertThat(gg.err()).isEmpty();
        assertThat(gg.out()).contains("taxi-city");
    }

    @Test
    void aCommandThatIsNotADaemonLogsAtWarnByDefault() {
        LogFormat.install(Level.ALL);
        assertThat(gg.run("sim", "--list")).isZero();
        // the default unless GG_LOG_LEVEL says otherwise in the environment of this test run
        assertThat(LogFormat.current()).isEqualTo(Gg.logLevel(null, System.getenv(Gg.LEVEL_ENV), false));
    }

    @Test
    void aWrongLevelExitsTwoWithoutRunningTheCommand() {
        assertThat(gg.run("--log-level", "loud", "sim", "--list")).isEqualTo(2);
        assertThat(gg.err()).contains("gg: --log-level loud: not a level");
        assertThat(gg.out()).isEmpty();
    }

    @Test
    void everySubcommandListsTheOption() {
        assertThat(gg.run("demo", "--help")).isZero();
        assertThat(gg.out()).contains("--log-level=LEVEL").contains("GG_LOG_LEVEL");
    }
}
