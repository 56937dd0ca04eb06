package org.giggossip.sim.topology;

import java.util.Arrays;

/**
 * A growable list of undirected edges as two {@code int} arrays, and the
 * conversion to a {@link Topology}. Allocates no object per edge.
 */
public final class EdgeList {
    private final int nodeCount;
    private int[] from;
    private int[] to;
    private int size;

    /** An empty list of edges between nodes {@code 0 .. nodeCount-1}. */
    public EdgeList(int nodeCount) {
        this(nodeCount, 16);
    }

    /** An empty list with room for {@code expectedEdges} before it grows. */
    public EdgeList(int nodeCount, int expectedEdges) {
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodeCount must not be negative, got " + nodeCount);
        }
        this.nodeCount = nodeCount;
        this.from = new int[Math.max(expectedEdges, 1)];
        this.to = new int[from.length];
    }

    /** The number of nodes. */
    public int nodeCount() {
        return nodeCount;
    }

    /** The number of edges added (repeats included). */
    public int size() {
        return size;
    }

    /**
     * Adds the edge {@code {u, v}}.
     *
     * @throws IllegalArgumentException on a self-loop or a node out of range
     */
    public EdgeList add(int u, int v) {
        if (u < 0 || u >= nodeCount || v < 0 || v >= nodeCount) {
            throw new IllegalArgumentException("edge " + u + "-" + v + " outside 0.." + (nodeCount - 1));
        }
        if (u == v) {
            throw new IllegalArgumentException("self-loop at node " + u);
        }
        if (size == from.length) {
            int capacity = Math.addExact(from.length, Math.max(from.length >> 1, 16));
            from = Arrays.copyOf(from, capacity);
            to = Arrays.copyOf(to, capacity);
        }
        from[size] = u;
        to[size] = v;
        size++;
        return this;
    }

    /**
     * The graph of these edges; an edge added more than once (in either
     * direction) appears once.
     */
    public Topology toTopology() {
        int n = nodeCount;
        int[] offsets = new int[n + 1];
        for (int i = 0; i < size; i++) {
            offsets[from[i] + 1]++;
            offsets[to[i] + 1]++;
        }
        for (int u = 0; u < n; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] adjacency = new int[Math.multiplyExact(size, 2)];
        for (int i = 0; i < size; i++) {
            adjacency[fill[from[i]]++] = to[i];
            adjacency[fill[to[i]]++] = from[i];
        }
        return sortAndDeduplicate(offsets, adjacency);
    }

    /**
     * Sorts each row and removes repeated neighbours, compacting in place.
     * The input rows must be symmetric (each edge in both rows, equally often).
     */
    static Topology sortAndDeduplicate(int[] offsets, int[] adjacency) {
        int n = offsets.length - 1;
        int write = 0;
        int rowStart = 0;
        for (int u = 0; u < n; u++) {
            int start = rowStart;
            int end = offsets[u + 1];
            Arrays.sort(adjacency, start, end);
            offsets[u] = write;
            int last = -1;
            for (int i = start; i < end; i++) {
                int v = adjacency[i];
                if (v != last) {
                    adjacency[write++] = v;
                    last = v;
                }
            }
            rowStart = end;
        }
        offsets[n] = write;
        return new Topology(offsets, write == adjacency.length ? adjacency : Arrays.copyOf(adjacency, write));
    }
}
