package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;

/** Structural invariants every Topology must satisfy, checked from its arrays. */
final class GraphChecks {
    private GraphChecks() {}

    /** Rows sorted strictly (no repeats), no self-loops, every edge in both rows. */
    static void assertSimpleAndSymmetric(Topology g) {
        int n = g.nodeCount();
        int[] offsets = g.offsets();
        int[] adjacency = g.adjacency();
        assertThat(offsets[0]).isZero();
        assertThat(offsets[n]).isEqualTo(adjacency.length);
        for (int u = 0; u < n; u++) {
            for (int s = offsets[u]; s < offsets[u + 1]; s++) {
                int v = adjacency[s];
                // Plain checks in the loop: a million assertThat calls would dominate the test's time.
                if (v < 0 || v >= n || v == u) {
                    throw new AssertionError("node " + u + " has a bad neighbour " + v);
                }
                if (s > offsets[u] && v <= adjacency[s - 1]) {
                    throw new AssertionError("row " + u + " is not strictly ascending at slot " + s);
                }
                if (!g.hasEdge(v, u)) {
                    throw new AssertionError("edge " + u + "-" + v + " missing from row " + v);
                }
            }
        }
    }
}
