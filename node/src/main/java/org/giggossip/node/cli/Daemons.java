package org.giggossip.node.cli;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.giggossip.node.daemon.LogFormat;

/** What the long-running commands ({@code gg node}, {@code gg settler}) share: logging, and running until a signal. */
final class Daemons {
    private Daemons() {}

    /**
     * Installs logfmt logging at the level {@code --log-level} names.
     *
     * @return false, after saying why on standard error, for an unknown level
     */
    static boolean installLogging(String command, String level) {
        Level parsed;
        try {
            parsed = Level.parse(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("gg " + command + ": unknown --log-level " + level);
            return false;
        }
        LogFormat.install(parsed);
        return true;
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
