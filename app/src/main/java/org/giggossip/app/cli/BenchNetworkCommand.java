package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.giggossip.node.api.ApiJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg bench network}: the soak of {@link NetworkSoak} on this machine, for as long as asked
 * (docs/network-bench.md). Progress goes to stdout as it runs, then the figures; {@code --out}
 * writes them as JSON too. Exit code 0 when every job settled, money was conserved and no link
 * closed unexpectedly; 3 when the figures show a failure; 1 when the soak could not run.
 */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = "Soak a network of gg node processes (a settler hub, a rider, drivers, middlemen): a job every few"
        + " seconds, two middlemen killed and restarted, then jobs, offers, payments, ledger, reconnects, link"
        + " closes, CPU and RSS per process (docs/network-bench.md).")
final class BenchNetworkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "30",
        description = "How long jobs are posted, in minutes, split between the topologies (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--drivers", paramLabel = "K", defaultValue = "4", description = "Drivers (default: ${DEFAULT-VALUE}).")
    int drivers;

    @Option(names = "--middlemen", paramLabel = "K", defaultValue = "6",
        description = "Middlemen, at least 2; two are killed and restarted (default: ${DEFAULT-VALUE}).")
    int middlemen;

    @Option(names = "--topology", paramLabel = "hub|random|both", defaultValue = "both",
        description = "hub: every spoke bootstraps to the hub; random: to the hub and one or two other nodes; both:"
            + " half the time each, on fresh networks (default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Chooses the random links and the middlemen killed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--job-every", paramLabel = "SECONDS", defaultValue = "3",
        description = "Seconds between two jobs (default: ${DEFAULT-VALUE}).")
    double jobEvery;

    @Option(names = "--xmx", paramLabel = "SIZE", defaultValue = "192m",
        description = "Each node's Java heap, as -Xmx takes it (default: ${DEFAULT-VALUE}).")
    String xmx;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the nodes' files go (a new directory; default: a temporary one, deleted afterwards"
            + " unless something failed).")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path out;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<NetworkSoak.Topology> topologies = switch (topology) {
            case "hub" -> List.of(NetworkSoak.Topology.HUB);
            case "random" -> List.of(NetworkSoak.Topology.RANDOM);
            case "both" -> List.of(NetworkSoak.Topology.HUB, NetworkSoak.Topology.RANDOM);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                "--topology must be hub, random or both, got " + topology);
        };
        if (!xmx.matches("[1-9][0-9]{0,5}[kKmMgG]?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--xmx must be a size such as 192m, got " + xmx);
        }
        if (!(minutes > 0 && minutes <= 24 * 60) || !(jobEvery > 0 && jobEvery <= 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--minutes must be in (0, 1440] and --job-every in (0, 3600]");
        }
        boolean temporary = dir == null;
        NetworkSoak.Settings settings;
        try {
            Path where = temporary ? Files.createTempDirectory("gg-bench-network-") : dir;
            settings = new NetworkSoak.Settings(where, Duration.ofMillis(Math.round(minutes * 60_000)), drivers,
                middlemen, topologies, seed, Duration.ofMillis(Math.round(jobEvery * 1000)), List.of("-Xmx" + xmx));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            err.println("gg bench network: cannot make a temporary directory: " + e.getMessage());
            return 1;
        }
        o.printf("bench network: %d nodes (hub, rider, %d drivers, %d middlemen), %s, %.1f min, a job every %.1f s,"
            + " seed %d, in %s%n", settings.nodes(), drivers, middlemen, topology, minutes, jobEvery, seed,
            settings.dir());
        o.flush();
        List<NetworkSoak.Phase> phases;
        try {
            phases = new NetworkSoak(settings, o).run();
        } catch (NetworkSoak.SoakException e) {
            err.println("gg bench network: " + e.getMessage());
            err.println("gg bench network: the nodes' files and logs are kept in " + settings.dir());
            return 1;
        }
        o.print(NetworkSoak.text(phases));
        boolean good = phases.stream().allMatch(p -> p.settled() == p.posted() && p.moneyConserved()
            && p.unexpectedCloseCount() == 0);
        if (temporary && good) {
            try {
                DevnetCommand.deleteTree(settings.dir());
            } catch (IOException e) {
                err.println("gg bench network: cannot delete " + settings.dir() + ": " + e.getMessage());
            }
        } else {
            o.println("the nodes' files and logs are in " + settings.dir() + " (grep a job's 8 hex digits in */*/node.log)");
        }
        o.flush();
        if (out != null) {
            try {
                Files.writeString(out, ApiJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(NetworkSoak.json(settings, phases)) + "\n", StandardCharsets.UTF_8);
                o.println("figures written to " + out);
            } catch (IOException e) {
                err.println("gg bench network: cannot write " + out + ": " + e.getMessage());
                return 1;
            }
        }
        return good ? 0 : 3;
    }
}
