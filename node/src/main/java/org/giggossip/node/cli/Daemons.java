package org.giggossip.node.cli;

import java.util.concurrent.CountDownLatch;
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
