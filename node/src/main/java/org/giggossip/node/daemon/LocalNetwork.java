package org.giggossip.node.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.IntFunction;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.NodeConfig;

/**
 * Several {@code gg node} daemons in one process, linked over loopback with real
 * BOLT 8 links, for the VoidPhone gossip benchmark and tests. Node {@code i}
 * bootstraps to the earlier nodes its topology names, with {@code target_links = 1},
 * so discovery adds no links of its own and the graph is the one asked for.
 * Every node gets its own directory under {@code dir}, free ports and a cheap
 * link admission.
 */
public final class LocalNetwork implements AutoCloseable {
    private final List<NodeDaemon> nodes = new ArrayList<>();
    private final List<int[]> edges = new ArrayList<>();

    private LocalNetwork() {}

    /**
     * Starts {@code n} nodes; node {@code i} links to each earlier node in {@code earlier.apply(i)}.
     *
     * @throws IllegalStateException if a node cannot start, with the reason (the started ones are closed)
     */
    public static LocalNetwork start(Path dir, int n, int cacheSize, int degree, IntFunction<int[]> earlier) {
        LocalNetwork net = new LocalNetwork();
        try {
            for (int i = 0; i < n; i++) {
                StringJoiner boot = new StringJoiner(", ");
                for (int j : earlier.apply(i)) {
                    if (j < 0 || j >= i) {
                        throw new IllegalArgumentException("node " + i + " can only bootstrap to earlier nodes, not " + j);
                    }
                    boot.add(net.nodes.get(j).address());
                    net.edges.add(new int[] {i, j});
                }
                Path d = dir.resolve("node" + i);
                Files.createDirectories(d);
                Path file = d.resolve("node.ini");
                Files.writeString(file, "hostkey = host.key\n[gossip]\ncache_size = " + cacheSize + "\ndegree = "
                        + degree + "\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                        + (boot.length() == 0 ? "" : "bootstrapper = " + boot + "\n")
                        + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 256\ntarget_links = 1\n");
                net.nodes.add(NodeDaemon.start(NodeConfig.load(file)));
            }
            return net;
        } catch (IOException | ConfigException | RuntimeException e) {
            net.close();
            throw new IllegalStateException("cannot start the local network: " + e.getMessage(), e);
        }
    }

    /** A line: node {@code i} links to node {@code i - 1}. */
    public static int[] line(int i) {
        return i == 0 ? new int[0] : new int[] {i - 1};
    }

    /** The nodes, in start order. */
    public List<NodeDaemon> nodes() {
        return List.copyOf(nodes);
    }

    /** Node {@code i}. */
    public NodeDaemon node(int i) {
        return nodes.get(i);
    }

    /**
     * Waits until every link of the topology is up at both ends.
     *
     * @throws IllegalStateException if one is not within {@code timeout}
     */
    public void awaitLinked(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        for (int[] e : edges) {
            NodeDaemon a = nodes.get(e[0]);
            NodeDaemon b = nodes.get(e[1]);
            while (!(a.host().links().peers().contains(b.id()) && b.host().links().peers().contains(a.id()))) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("nodes " + e[0] + " and " + e[1] + " did not link within "
                            + timeout);
                }
                Thread.sleep(20); // polls the links' state; they report to the engine, not to us
            }
        }
    }

    /** The links of node {@code i} now, by node index. */
    public List<Integer> linksOf(int i) {
        var peers = nodes.get(i).host().links().peers();
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < nodes.size(); j++) {
            if (peers.contains(nodes.get(j).id())) {
                out.add(j);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
