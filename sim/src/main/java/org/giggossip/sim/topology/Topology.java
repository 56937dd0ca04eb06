package org.giggossip.sim.topology;

import java.util.Arrays;

/**
 * An undirected simple graph on nodes {@code 0 .. n-1}, stored in compressed
 * sparse row form: node {@code u}'s neighbours are
 * {@code adjacency[offsets[u] .. offsets[u+1])}, sorted ascending. Each edge
 * appears twice, once in each endpoint's row. There are no self-loops and no
 * repeated edges, and nothing but two {@code int} arrays, so a graph of a
 * million nodes and four million edges takes about 36 MB.
 *
 * <p>Each directed link {@code u -> v} has a <em>slot</em>: its index in the
 * adjacency array (see {@link #slot}). A host that keeps per-link state, such as
 * the time a link is busy until, indexes a {@code long[slotCount()]} by slot.
 *
 * <p>Immutable. Built by {@link EdgeList}, {@link RandomRegular},
 * {@link WattsStrogatz} and {@link CityModel}.
 */
public final class Topology {
    private final int[] offsets;
    private final int[] adjacency;

    /** Trusted constructor: rows sorted, no self-loops, no repeats, symmetric. */
    Topology(int[] offsets, int[] adjacency) {
        this.offsets = offsets;
        this.adjacency = adjacency;
    }

    /** The number of nodes, {@code n}. */
    public int nodeCount() {
        return offsets.length - 1;
    }

    /** The number of undirected edges. */
    public int edgeCount() {
        return adjacency.length / 2;
    }

    /** The number of directed link slots, twice the edge count. */
    public int slotCount() {
        return adjacency.length;
    }

    /** The number of neighbours of {@code u}. */
    public int degree(int u) {
        return offsets[u + 1] - offsets[u];
    }

    /** The {@code i}-th neighbour of {@code u} in ascending order, {@code 0 <= i < degree(u)}. */
    public int neighbor(int u, int i) {
        if (i < 0 || i >= degree(u)) {
            throw new IndexOutOfBoundsException("neighbour " + i + " of node " + u + " with degree " + degree(u));
        }
        return adjacency[offsets[u] + i];
    }

    /** The neighbours of {@code u}, ascending (a copy). */
    public int[] neighbors(int u) {
        return Arrays.copyOfRange(adjacency, offsets[u], offsets[u + 1]);
    }

    /** The slot of the first neighbour of {@code u}; its row is {@code [firstSlot(u), firstSlot(u+1))}. */
    public int firstSlot(int u) {
        return offsets[u];
    }

    /** The node at a slot: the far end of that directed link. */
    public int nodeAtSlot(int slot) {
        return adjacency[slot];
    }

    /** The slot of the directed link {@code u -> v}, or -1 if they are not neighbours. */
    public int slot(int u, int v) {
        int i = Arrays.binarySearch(adjacency, offsets[u], offsets[u + 1], v);
        return i >= 0 ? i : -1;
    }

    /** True when {@code u} and {@code v} are neighbours. */
    public boolean hasEdge(int u, int v) {
        return slot(u, v) >= 0;
    }

    /** The smallest degree (0 for an empty graph). */
    public int minDegree() {
        int min = nodeCount() == 0 ? 0 : Integer.MAX_VALUE;
        for (int u = 0; u < nodeCount(); u++) {
            min = Math.min(min, degree(u));
        }
        return min;
    }

    /** The largest degree. */
    public int maxDegree() {
        int max = 0;
        for (int u = 0; u < nodeCount(); u++) {
            max = Math.max(max, degree(u));
        }
        return max;
    }

    /** The mean degree, {@code 2m / n}. */
    public double meanDegree() {
        return nodeCount() == 0 ? 0 : adjacency.length / (double) nodeCount();
    }

    /** The row offsets, {@code n + 1} entries (a copy). */
    public int[] offsets() {
        return offsets.clone();
    }

    /** The concatenated sorted rows, {@code 2m} entries (a copy). */
    public int[] adjacency() {
        return adjacency.clone();
    }

    /** True when both graphs have identical arrays. */
    public boolean sameAs(Topology other) {
        return Arrays.equals(offsets, other.offsets) && Arrays.equals(adjacency, other.adjacency);
    }

    @Override
    public String toString() {
        return "Topology[n=" + nodeCount() + ", m=" + edgeCount() + "]";
    }
}
