package org.giggossip.sim.topology;

import java.util.SplittableRandom;

/**
 * A connected Watts–Strogatz small-world graph (Watts and Strogatz, Nature 393,
 * 1998): a ring lattice in which each node is joined to its {@code k/2} nearest
 * neighbours on each side, after which each lattice edge {@code u-(u+j)} is,
 * with probability {@code p}, rewired to {@code u-w} for a uniformly drawn
 * {@code w} that is neither {@code u} nor already a neighbour of {@code u}.
 * Edges are visited as in the paper: all {@code j = 1} edges round the ring,
 * then all {@code j = 2} edges, and so on.
 *
 * <p>The edge count stays {@code n*k/2}. Small {@code p} keeps the lattice's high
 * clustering while the rewired edges make paths short. A rewiring that leaves
 * the graph disconnected is discarded and redrawn (at most
 * {@value #MAX_ATTEMPTS} times), as in NetworkX's
 * {@code connected_watts_strogatz_graph}; with {@code k >= 4} this almost never
 * happens, with {@code k = 2} and {@code p > 0} it almost always does for large {@code n}.
 */
public final class WattsStrogatz {
    private static final int MAX_ATTEMPTS = 100;

    private WattsStrogatz() {}

    /**
     * A connected small-world graph.
     *
     * @param n nodes
     * @param k lattice degree, even, {@code 2 <= k < n}
     * @param p rewiring probability, 0 to 1
     * @throws IllegalStateException if no connected graph was drawn in {@value #MAX_ATTEMPTS} attempts
     */
    public static Topology build(int n, int k, double p, SplittableRandom random) {
        if (k < 2 || k % 2 != 0 || k >= n) {
            throw new IllegalArgumentException("k must be even with 2 <= k < n, got n=" + n + " k=" + k);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be between 0 and 1, got " + p);
        }
        if ((long) n * k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*k too large for int arrays: " + (long) n * k);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Topology g = attempt(n, k, p, random);
            if (Components.of(g).connected()) {
                return g;
            }
        }
        throw new IllegalStateException("no connected Watts-Strogatz graph in " + MAX_ATTEMPTS
            + " attempts (n=" + n + ", k=" + k + ", p=" + p + "); use a larger k or a smaller p");
    }

    private static Topology attempt(int n, int k, double p, SplittableRandom random) {
        int half = k / 2;
        int m = n * half;
        int[] from = new int[m];
        int[] to = new int[m];
        int[] degree = new int[n];
        LongHashSet edges = new LongHashSet(m);
        int e = 0;
        for (int j = 1; j <= half; j++) {
            for (int u = 0; u < n; u++) {
                int v = (u + j) % n;
                from[e] = u;
                to[e] = v;
                edges.add(key(n, u, v));
                e++;
            }
        }
        java.util.Arrays.fill(degree, k);
        for (e = 0; e < m; e++) {
            if (random.nextDouble() >= p) {
                continue;
            }
            int u = from[e];
            if (degree[u] >= n - 1) {
                continue;
            }
            int w;
            do {
                w = random.nextInt(n);
            } while (w == u || edges.contains(key(n, u, w)));
            int v = to[e];
            edges.remove(key(n, u, v));
            edges.add(key(n, u, w));
            degree[v]--;
            degree[w]++;
            to[e] = w;
        }
        EdgeList list = new EdgeList(n, m);
        for (e = 0; e < m; e++) {
            list.add(from[e], to[e]);
        }
        return list.toTopology();
    }

    private static long key(int n, int u, int v) {
        return (long) Math.min(u, v) * n + Math.max(u, v);
    }
}
