package org.giggossip.sim.topology;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random connected k-regular graph: every node has exactly {@code k}
 * neighbours, with no self-loops and no repeated edges.
 *
 * <p>Construction is the pairing model with rejection of bad pairs, as in
 * Steger and Wormald (1999): each node starts with {@code k} free stubs; two
 * free stubs are drawn uniformly and joined unless that would make a loop or a
 * repeated edge. When the last few stubs can only form bad pairs (drawn
 * {@value #MAX_REJECTIONS} times in a row), a pair is finished with a
 * degree-preserving switch: a random edge {@code a-b} is removed and
 * {@code u-a}, {@code v-b} added. Finally components are joined by the same
 * kind of switch between two of their edges, which keeps every degree at
 * {@code k}. The result is close to, though not exactly, uniform over
 * k-regular graphs; the switches touch a handful of edges.
 *
 * <p>Memory is {@code n*k} ints for the graph plus {@code n*k + 2n} while
 * building; a million nodes of degree 8 take well under a second and 100 MB.
 */
public final class RandomRegular {
    private static final int MAX_REJECTIONS = 64;
    private static final int MAX_SWITCH_TRIES = 1_000_000;

    private final int n;
    private final int k;
    private final SplittableRandom random;
    private final int[] adjacency;
    private final int[] degree;

    private RandomRegular(int n, int k, SplittableRandom random) {
        this.n = n;
        this.k = k;
        this.random = random;
        this.adjacency = new int[Math.multiplyExact(n, k)];
        this.degree = new int[n];
    }

    /**
     * A connected random {@code k}-regular graph on {@code n} nodes.
     *
     * @throws IllegalArgumentException unless {@code 2 <= k < n} and {@code n*k} is even
     */
    public static Topology build(int n, int k, SplittableRandom random) {
        if (k < 2 || k >= n) {
            throw new IllegalArgumentException("need 2 <= k < n for a connected k-regular graph, got n=" + n + " k=" + k);
        }
        if (((long) n * k) % 2 != 0) {
            throw new IllegalArgumentException("n*k must be even, got n=" + n + " k=" + k);
        }
        if ((long) n * k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*k too large for int arrays: " + (long) n * k);
        }
        RandomRegular r = new RandomRegular(n, k, random);
        r.pair();
        r.connect();
        return r.toTopology();
    }

    private void pair() {
        int[] stubs = new int[n * k];
        for (int i = 0; i < stubs.length; i++) {
            stubs[i] = i / k;
        }
        int free = stubs.length;
        int rejections = 0;
        while (free > 0) {
            int i = random.nextInt(free);
            int j = random.nextInt(free - 1);
            if (j >= i) {
                j++;
            }
            int u = stubs[i];
            int v = stubs[j];
            if (u != v && !adjacent(u, v)) {
                addEdge(u, v);
                rejections = 0;
            } else if (++rejections > MAX_REJECTIONS) {
                finishBySwitch(u, v);
                rejections = 0;
            } else {
                continue;
            }
            // Remove stubs i and j: the higher index first, so the lower stays valid.
            int hi = Math.max(i, j);
            int lo = Math.min(i, j);
            stubs[hi] = stubs[--free];
            stubs[lo] = stubs[--free];
        }
    }

    /** Gives {@code u} and {@code v} (possibly equal) one edge each by breaking an edge a-b. */
    private void finishBySwitch(int u, int v) {
        for (int t = 0; t < MAX_SWITCH_TRIES; t++) {
            int a = random.nextInt(n);
            if (degree[a] == 0) {
                continue;
            }
            int b = adjacency[a * k + random.nextInt(degree[a])];
            if (a == u || b == v || adjacent(u, a) || adjacent(v, b) || (u == b && v == a)) {
                continue;
            }
            removeEdge(a, b);
            addEdge(u, a);
            addEdge(v, b);
            return;
        }
        throw new IllegalStateException("no switch completes the k-regular graph (n=" + n + ", k=" + k + ")");
    }

    /** Joins components by switching an edge a-b of the largest with an edge c-d of another into a-c, b-d. */
    private void connect() {
        for (int round = 0; round < MAX_SWITCH_TRIES; round++) {
            Components comps = Components.of(toTopology());
            if (comps.connected()) {
                return;
            }
            int giant = comps.largest();
            // One uniformly drawn node per component (reservoir sampling in node order).
            int[] representative = new int[comps.count()];
            int[] seen = new int[comps.count()];
            for (int u = 0; u < n; u++) {
                int c = comps.label(u);
                if (random.nextInt(++seen[c]) == 0) {
                    representative[c] = u;
                }
            }
            for (int c = 0; c < comps.count(); c++) {
                if (c == giant) {
                    continue;
                }
                int a = randomNodeOf(comps, giant);
                int b = adjacency[a * k + random.nextInt(k)];
                int cNode = representative[c];
                int d = adjacency[cNode * k + random.nextInt(k)];
                removeEdge(a, b);
                removeEdge(cNode, d);
                addEdge(a, cNode);
                addEdge(b, d);
            }
        }
        throw new IllegalStateException("could not connect the k-regular graph (n=" + n + ", k=" + k + ")");
    }

    private int randomNodeOf(Components comps, int component) {
        while (true) {
            int u = random.nextInt(n);
            if (comps.label(u) == component) {
                return u;
            }
        }
    }

    private boolean adjacent(int u, int v) {
        int base = u * k;
        for (int i = base, end = base + degree[u]; i < end; i++) {
            if (adjacency[i] == v) {
                return true;
            }
        }
        return false;
    }

    private void addEdge(int u, int v) {
        adjacency[u * k + degree[u]++] = v;
        adjacency[v * k + degree[v]++] = u;
    }

    private void removeEdge(int u, int v) {
        removeHalf(u, v);
        removeHalf(v, u);
    }

    private void removeHalf(int u, int v) {
        int base = u * k;
        for (int i = base, end = base + degree[u]; i < end; i++) {
            if (adjacency[i] == v) {
                adjacency[i] = adjacency[end - 1];
                degree[u]--;
                return;
            }
        }
        throw new IllegalStateException("no edge " + u + "-" + v);
    }

    /** A topology of the current edges (rows of unequal length while building are allowed). */
    private Topology toTopology() {
        int[] offsets = new int[n + 1];
        int total = 0;
        for (int u = 0; u < n; u++) {
            offsets[u] = total;
            total += degree[u];
        }
        offsets[n] = total;
        int[] rows = new int[total];
        for (int u = 0; u < n; u++) {
            System.arraycopy(adjacency, u * k, rows, offsets[u], degree[u]);
            Arrays.sort(rows, offsets[u], offsets[u] + degree[u]);
        }
        return new Topology(offsets, rows);
    }
}
