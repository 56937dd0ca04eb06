package org.giggossip.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.giggossip.app.demo.Demo;
import org.giggossip.app.demo.DemoReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gg demo}: the README's main job (docs/demo.md). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run N nodes over TCP on 127.0.0.1 (BOLT 8 + proof-of-work admission) with an embedded settler"
                + " and ledger (or a running gg settler, --settler); a customer in Sydney hires the cheapest of K drivers,"
                + " pays, opens the reply and settles. Prints a timeline and a summary.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "10", description = "Nodes, 3 to 200 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--drivers", defaultValue = "3", description = "Drivers among them (default ${DEFAULT-VALUE}).")
    int drivers;

    @Option(names = "--degree", defaultValue = "3", description = "Links per node, about (default ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the graph, the drivers and their prices"
            + " (keys are always fresh) (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pow", defaultValue = "4096",
            description = "Gossip proof of work per hop, in expected attempts (default ${DEFAULT-VALUE}).")
    double pow;

    @Option(names = "--admission-pow", defaultValue = "16384",
            description = "Proof of work each side of a link solves, in expected attempts (default ${DEFAULT-VALUE}).")
    double admissionPow;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the summary as JSON to FILE.")
    Path report;

    @Option(names = "--settler", paramLabel = "URL", description = "Use a running gg settler (its HTTP API, e.g."
            + " http://127.0.0.1:8740) instead of an embedded settler and ledger.")
    java.net.URI settler;

    @Option(names = "--settler-admin-key", paramLabel = "FILE", description = "With --settler: its admin key"
            + " (<data>/admin.key), to grant the drivers' licences; without it drivers are uncertified.")
    Path settlerAdminKey;

    @Override
    public Integer call() throws InterruptedException {
        Demo.Options options;
        try {
            options = new Demo.Options(nodes, drivers, degree, seed, pow, admissionPow, Duration.ofSeconds(25));
        } catch (IllegalArgumentException e) {
            System.err.println("gg demo: " + e.getMessage());
            return 2;
        }
        Demo demo = new Demo(options, System.out);
        if (settler != null) {
            java.util.Optional<org.giggossip.core.crypto.PrivateKey> admin = java.util.Optional.empty();
            if (settlerAdminKey != null) {
                try {
                    admin = java.util.Optional.of(org.giggossip.core.crypto.KeyFile.load(settlerAdminKey));
                } catch (org.giggossip.core.crypto.KeyFileException e) {
                    System.err.println("gg demo: " + e.getMessage());
                    return 2;
                }
            }
            demo.withSettler(settler, admin);
        } else if (settlerAdminKey != null) {
            System.err.println("gg demo: --settler-admin-key needs --settler");
            return 2;
        }
        DemoReport r = demo.run();
        System.out.printf("%nsummary: %d nodes over %s, %d offers, ride %,d sat + network %,d sat;"
                + " paid %s, reply opened %s, settled %s, money conserved %s; %,d ms%n", r.nodes(), r.transport(),
                r.offers(), r.chosenPriceSat(), r.networkFeeSat(), r.paid(), r.replyOpened(), r.settled(),
                r.moneyConserved(), r.elapsedMs());
        r.failure().ifPresent(f -> System.out.println("FAILED: " + f));
        if (report != null) {
            try {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(report, r.toJson(), StandardCharsets.UTF_8);
                System.out.println("report: " + report);
            } catch (IOException e) {
                System.err.println("gg demo: cannot write " + report + ": " + e.getMessage());
                return 1;
            }
        }
        return r.ok() ? 0 : 1;
    }
}
