package org.giggossip.app.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.giggossip.node.config.EffectiveSettings;
import org.giggossip.node.daemon.LogFormat;

/** What the long-running commands ({@code gg node}, {@code gg settler}, {@code gg dave node}) share. */
final class Daemons {
    private Daemons() {}

    /**
     * A long-running command: without {@code --log-level} or {@code GG_LOG_LEVEL} it logs
     * at info (other commands at warn, so that their output is what they print).
     */
    interface Daemon {}

    /**
     * The configuration file of {@code --config} and {@code --check [FILE]}: {@code check} is
     * null without {@code --check}, empty for {@code --check} alone.
     *
     * @param required whether a file must be named
     * @return the file, or null when none is named and none is required
     * @throws IllegalArgumentException for two different files, a bad path, or none when one is required
     */
    static Path configFile(Path config, String check, boolean required) {
        Path file = config;
        if (check != null && !check.isEmpty()) {
            Path named;
            try {
                named = Path.of(check);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--check " + check + ": not a path");
            }
            if (config != null && !config.equals(named)) {
                throw new IllegalArgumentException("--check " + check + " and --config " + config
                        + " name two files; give one");
            }
            file = named;
        }
        if (file == null && required) {
            throw new IllegalArgumentException("name the INI file: --config FILE (or --check FILE)");
        }
        return file;
    }

    /**
     * Prints the effective settings on standard output and any problem on standard error.
     *
     * @return 0 if there is no problem, else 2
     */
    static int report(String command, EffectiveSettings settings) {
        System.out.print(settings.text());
        System.out.flush();
        if (settings.problems().isEmpty()) {
            return 0;
        }
        settings.problems().forEach(p -> System.err.println("gg " + command + ": " + p));
        return 2;
    }

    /**
     * Waits until SIGTERM or Ctrl-C, then runs {@code close}, logging {@code stopping}
     * before and "stopped" after. JUL resets its handlers in its own shutdown hook, so
     * these lines go straight to standard error.
     */
    static void runUntilSignal(String logger, String stopping, Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LogFormat.direct(logger, stopping);
            close.run();
            LogFormat.direct(logger, "stopped");
            stopped.countDown();
        }, "shutdown"));
        // the main thread waits; the shutdown hook ends the process
        stopped.await();
    }
}
