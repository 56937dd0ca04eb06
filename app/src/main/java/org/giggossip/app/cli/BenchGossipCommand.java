package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.giggossip.net.voidphone.GossipModule;
import org.giggossip.node.daemon.LocalNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg bench gossip}: end-to-end delivery time of VoidPhone items (docs/benchmarks.md,
 * "The VoidPhone gossip API"). It starts {@code --nodes} real daemons in this process, linked
 * over loopback with BOLT 8 links, connects one module to each node's gossip API
 * (subscribed, answering every notification with VALIDATION valid), then
 * announces items one at a time on node 0 and times, per item, how long until
 * the module of every node had its NOTIFICATION. It prints per run the time to
 * all nodes (or how many it reached: with a degree below a node's links the
 * spreading is random) and the median over the items that reached all; the
 * last line of stdout is {@code all_nodes_median_ms=<number>}.
 */
@Command(
    name = "gossip",
    mixinStandardHelpOptions = true,
    description = "Measure VoidPhone item delivery time across N in-process nodes on loopback.")
final class BenchGossipCommand implements Callable<Integer> {
    private static final int TYPE = 1337;
    /** How long an item may take before the nodes it has not reached count as missed. */
    private static final Duration MISS = Duration.ofSeconds(2);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "10",
        description = "Nodes, 2 to 50 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "21",
        description = "Items timed, one at a time, 1 to 10,000 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--topology", paramLabel = "T", defaultValue = "random",
        description = "line (node i links to i-1) or random (to i-1 and one random earlier node) "
            + "(default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(names = "--degree", paramLabel = "D", defaultValue = "30",
        description = "[gossip] degree of every node (default: ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "100",
        description = "Item data size, 16 to 60,000 bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || nodes > 50 || runs < 1 || runs > 10_000 || degree < 1 || size < 16 || size > 60_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need 2 to 50 nodes, 1 to 10,000 runs, a positive degree and 16 to 60,000 bytes");
        }
        IntFunction<int[]> graph = switch (topology) {
            case "line" -> LocalNetwork::line;
            case "random" -> randomGraph(new Random(7));
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--topology is line or random, not " + topology);
        };
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("gg-bench-gossip");
        List<GossipModule> modules = new ArrayList<>();
        try (LocalNetwork net = LocalNetwork.start(dir, nodes, 50, degree, graph)) {
            net.awaitLinked(Duration.ofSeconds(60));
            for (int i = 0; i < nodes; i++) {
                modules.add(new GossipModule("m" + i, net.node(i).gossipApiAddress(), TYPE));
            }
            out.printf("bench gossip: %d nodes, %s topology, degree %d, %d-byte items, %d runs%n", nodes, topology,
                    degree, size, runs);
            for (int i = 0; i < nodes; i++) {
                out.printf("  node %d links to %s%n", i, net.linksOf(i));
            }
            out.flush();
            // warm-up: until one item reaches every module, links or subscriptions are still settling
            boolean warm = false;
            for (int k = 0; k < 100 && !warm; k++) {
                warm = time(modules, "warm-" + k, Duration.ofMillis(500)).reached() == nodes;
            }
            if (!warm) {
                spec.commandLine().getErr().println("gg bench gossip: the warm-up item never reached every node");
                return 1;
            }
            double[] all = new double[runs];
            int complete = 0;
            for (int r = 0; r < runs; r++) {
                Timing t = time(modules, "run-" + r, MISS);
                if (t.reached() < nodes) {
                    // with a degree below the links, spreading is random and may miss a node
                    out.printf("  run %d: reached %d of %d nodes within %d ms%n", r, t.reached(), nodes,
                            MISS.toMillis());
                    continue;
                }
                all[complete++] = t.ms();
                out.printf("  run %d: all %d nodes in %.2f ms%n", r, nodes, t.ms());
            }
            if (complete == 0) {
                spec.commandLine().getErr().println("gg bench gossip: no item reached every node");
                return 1;
            }
            Arrays.sort(all, 0, complete);
            out.printf("%d of %d items reached all nodes; over those: min %.2f ms, median %.2f ms, p90 %.2f ms,"
                    + " max %.2f ms%n", complete, runs, all[0], all[complete / 2],
                    all[Math.min(complete - 1, (int) Math.ceil(complete * 0.9) - 1)], all[complete - 1]);
            out.printf("all_nodes_median_ms=%.2f%n", all[complete / 2]);
            out.flush();
            return 0;
        } finally {
            for (GossipModule m : modules) {
                m.close();
            }
            deleteTree(dir);
        }
    }

    /** Node i links to i - 1 and to one random earlier node: connected, with shortcuts. */
    private static IntFunction<int[]> randomGraph(Random random) {
        return i -> {
            if (i < 2) {
                return LocalNetwork.line(i);
            }
            int j = random.nextInt(i - 1); // an earlier node other than i - 1
            return new int[] {i - 1, j};
        };
    }

    /** How many modules had an item, and when the last of them had it (ms after the announcement). */
    private record Timing(int reached, double ms) {}

    /** Announces {@code text}, padded to the item size, on node 0, and waits up to {@code timeout} for every module. */
    private Timing time(List<GossipModule> modules, String text, Duration timeout) throws Exception {
        String item = text + ".".repeat(Math.max(0, size - text.length()));
        long start = System.nanoTime();
        long until = start + timeout.toNanos();
        modules.get(0).announce(0, TYPE, item);
        long last = start;
        int reached = 0;
        for (GossipModule m : modules) {
            Optional<Long> at = m.await(item, Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            if (at.isPresent()) {
                reached++;
                last = Math.max(last, at.get());
            }
        }
        return new Timing(reached, (last - start) / 1e6);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
