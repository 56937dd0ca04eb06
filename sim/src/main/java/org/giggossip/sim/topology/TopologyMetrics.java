package org.giggossip.sim.topology;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Measures researchers quote for a topology: the clustering coefficient and the
 * mean shortest-path length, both estimated from a random sample of nodes so
 * they stay cheap on a million nodes (exact when the sample is every node), and
 * the eccentricity of sampled nodes as a lower bound of the diameter.
 */
public final class TopologyMetrics {
    private TopologyMetrics() {}

    /**
     * The mean local clustering coefficient (Watts and Strogatz): for each node
     * of degree at least 2, the share of pairs of its neighbours that are linked;
     * nodes of lower degree count as 0. Averaged over {@code samples} nodes drawn
     * with replacement, or over every node when {@code samples >= n}.
     */
    public static double clustering(Topology g, int samples, SplittableRandom random) {
        int n = g.nodeCount();
        boolean all = samples >= n;
        int count = all ? n : samples;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += localClustering(g, all ? i : random.nextInt(n));
        }
        return count == 0 ? 0 : sum / count;
    }

    /** The local clustering coefficient of node {@code u}. */
    public static double localClustering(Topology g, int u) {
        int d = g.degree(u);
        if (d < 2) {
            return 0;
        }
        long links = 0;
        for (int s = g.firstSlot(u), end = g.firstSlot(u + 1); s < end; s++) {
            int v = g.nodeAtSlot(s);
            for (int t = s + 1; t < end; t++) {
                if (g.hasEdge(v, g.nodeAtSlot(t))) {
                    links++;
                }
            }
        }
        return links / (d * (d - 1) / 2.0);
    }

    /**
     * Shortest-path statistics from {@code sources} random source nodes (breadth
     * first search from each; every node when {@code sources >= n}).
     *
     * @return the mean distance to reachable nodes and the largest distance seen
     */
    public static PathLengths pathLengths(Topology g, int sources, SplittableRandom random) {
        int n = g.nodeCount();
        boolean all = sources >= n;
        int count = all ? n : sources;
        int[] dist = new int[n];
        int[] queue = new int[n];
        double total = 0;
        long pairs = 0;
        int longest = 0;
        for (int i = 0; i < count; i++) {
            int source = all ? i : random.nextInt(n);
            Arrays.fill(dist, -1);
            dist[source] = 0;
            int head = 0;
            int tail = 0;
            queue[tail++] = source;
            while (head < tail) {
                int u = queue[head++];
                for (int s = g.firstSlot(u), end = g.firstSlot(u + 1); s < end; s++) {
                    int v = g.nodeAtSlot(s);
                    if (dist[v] < 0) {
                        dist[v] = dist[u] + 1;
                        total += dist[v];
                        longest = Math.max(longest, dist[v]);
                        queue[tail++] = v;
                    }
                }
            }
            pairs += tail - 1;
        }
        return new PathLengths(pairs == 0 ? 0 : total / pairs, longest);
    }

    /**
     * Shortest-path statistics.
     *
     * @param mean    mean hop count between a sampled source and the nodes it reaches
     * @param longest the largest hop count seen: a lower bound of the diameter
     */
    public record PathLengths(double mean, int longest) {}
}
