package org.giggossip.app.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.giggossip.app.walkthrough.Walkthrough;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gg walkthrough}: the README's main job until the real node ({@code gg demo}) exists. */
@Command(name = "walkthrough",
        description = "Carry one taxi job through certificates, signed topic, proof of work per hop,"
                + " onion, settler promise and opening, printing a timeline.")
final class WalkthroughCommand implements Callable<Integer> {

    @Option(names = "--hops", defaultValue = "3", description = "Hops from customer to driver, 1 to 10 (default ${DEFAULT-VALUE}).")
    int hops;

    @Option(names = "--difficulty", defaultValue = "100000",
            description = "Proof-of-work difficulty each relay asks for, in expected attempts (default ${DEFAULT-VALUE}).")
    double difficulty;

    @Option(names = "--threads", defaultValue = "1", description = "Threads solving proof of work (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        Walkthrough.Options options;
        try {
            options = new Walkthrough.Options(hops, difficulty, threads);
        } catch (IllegalArgumentException e) {
            System.err.println("gg walkthrough: " + e.getMessage());
            return 2;
        }
        try {
            new Walkthrough(options, System.out, Clock.systemUTC(), new SecureRandom()).run();
            return 0;
        } catch (Walkthrough.WalkthroughException e) {
            System.err.println("gg walkthrough: a check failed: " + e.getMessage());
            return 1;
        }
    }
}
