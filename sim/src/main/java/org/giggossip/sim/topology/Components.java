package org.giggossip.sim.topology;

/**
 * The connected components of a {@link Topology}, found by breadth-first search
 * with two {@code int} arrays and no other allocation. Components are numbered
 * in the order of their smallest node, so the labelling is deterministic.
 */
public final class Components {
    private final int[] label;
    private final int[] sizes;

    private Components(int[] label, int[] sizes) {
        this.label = label;
        this.sizes = sizes;
    }

    /** The components of {@code g}. */
    public static Components of(Topology g) {
        int n = g.nodeCount();
        int[] label = new int[n];
        java.util.Arrays.fill(label, -1);
        int[] queue = new int[n];
        int[] sizes = new int[Math.max(n, 1)];
        int count = 0;
        for (int root = 0; root < n; root++) {
            if (label[root] >= 0) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = root;
            label[root] = count;
            while (head < tail) {
                int u = queue[head++];
                for (int s = g.firstSlot(u), end = g.firstSlot(u + 1); s < end; s++) {
                    int v = g.nodeAtSlot(s);
                    if (label[v] < 0) {
                        label[v] = count;
                        queue[tail++] = v;
                    }
                }
            }
            sizes[count++] = tail;
        }
        return new Components(label, java.util.Arrays.copyOf(sizes, count));
    }

    /** The number of components (0 for an empty graph). */
    public int count() {
        return sizes.length;
    }

    /** True when there is exactly one component. */
    public boolean connected() {
        return sizes.length == 1;
    }

    /** The component of node {@code u}. */
    public int label(int u) {
        return label[u];
    }

    /** The number of nodes in component {@code c}. */
    public int size(int c) {
        return sizes[c];
    }

    /** The largest component (the lowest-numbered among equals). */
    public int largest() {
        int best = 0;
        for (int c = 1; c < sizes.length; c++) {
            if (sizes[c] > sizes[best]) {
                best = c;
            }
        }
        return best;
    }
}
