package org.giggossip.sim.topology;

import java.util.function.IntPredicate;

/**
 * A uniform grid over points in a plane (kilometres east and north of a
 * centre), for nearest-neighbour queries in the city model. Points are bucketed
 * by counting sort into two {@code int} arrays; a query searches rings of cells
 * outward until no unseen cell can hold a closer point. Ties are broken by the
 * fixed order of the search, so results are deterministic.
 */
final class SpatialGrid {
    private static final int MAX_CELLS = 1 << 22;

    private final double[] x;
    private final double[] y;
    private final double minX;
    private final double minY;
    private final double cell;
    private final int width;
    private final int height;
    private final int[] cellStart;
    private final int[] points;

    SpatialGrid(double[] x, double[] y) {
        this.x = x;
        this.y = y;
        int n = x.length;
        double lx = Double.POSITIVE_INFINITY;
        double hx = Double.NEGATIVE_INFINITY;
        double ly = Double.POSITIVE_INFINITY;
        double hy = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lx = Math.min(lx, x[i]);
            hx = Math.max(hx, x[i]);
            ly = Math.min(ly, y[i]);
            hy = Math.max(hy, y[i]);
        }
        double spanX = Math.max(hx - lx, 1e-9);
        double spanY = Math.max(hy - ly, 1e-9);
        // About two points a cell on average, and never more than MAX_CELLS cells.
        int targetCells = Math.max(1, Math.min(MAX_CELLS, n / 2));
        this.cell = Math.sqrt(spanX * spanY / targetCells);
        this.minX = lx;
        this.minY = ly;
        this.width = (int) (spanX / cell) + 1;
        this.height = (int) (spanY / cell) + 1;
        this.cellStart = new int[width * height + 1];
        this.points = new int[n];
        for (int i = 0; i < n; i++) {
            cellStart[cellOf(i) + 1]++;
        }
        for (int c = 0; c < width * height; c++) {
            cellStart[c + 1] += cellStart[c];
        }
        int[] fill = java.util.Arrays.copyOf(cellStart, width * height);
        for (int i = 0; i < n; i++) {
            points[fill[cellOf(i)]++] = i;
        }
    }

    private int cellOf(int i) {
        return cellY(y[i]) * width + cellX(x[i]);
    }

    private int cellX(double px) {
        return Math.min(width - 1, (int) ((px - minX) / cell));
    }

    private int cellY(double py) {
        return Math.min(height - 1, (int) ((py - minY) / cell));
    }

    /**
     * The up to {@code k} points nearest to point {@code u} (excluding {@code u})
     * that {@code accept} allows, nearest first, into {@code out}.
     *
     * @return how many were found (fewer than {@code k} only if fewer exist)
     */
    int nearest(int u, int k, IntPredicate accept, int[] out) {
        double[] best = new double[k];
        int found = 0;
        int cx = cellX(x[u]);
        int cy = cellY(y[u]);
        int maxRing = Math.max(width, height);
        for (int r = 0; r <= maxRing; r++) {
            for (int gy = cy - r; gy <= cy + r; gy++) {
                if (gy < 0 || gy >= height) {
                    continue;
                }
                boolean edgeRow = gy == cy - r || gy == cy + r;
                int step = edgeRow ? 1 : Math.max(1, 2 * r);
                for (int gx = cx - r; gx <= cx + r; gx += step) {
                    if (gx < 0 || gx >= width) {
                        continue;
                    }
                    int c = gy * width + gx;
                    for (int s = cellStart[c]; s < cellStart[c + 1]; s++) {
                        int v = points[s];
                        if (v == u || !accept.test(v)) {
                            continue;
                        }
                        double dx = x[v] - x[u];
                        double dy = y[v] - y[u];
                        found = insert(best, out, found, k, dx * dx + dy * dy, v);
                    }
                }
            }
            double reach = r * cell;
            if (found == k && best[k - 1] <= reach * reach) {
                break;
            }
        }
        return found;
    }

    /** Inserts (d2, v) into the sorted top-k arrays; returns the new count. */
    private static int insert(double[] best, int[] out, int found, int k, double d2, int v) {
        if (found == k && d2 >= best[k - 1]) {
            return found;
        }
        int i = found == k ? k - 1 : found;
        while (i > 0 && best[i - 1] > d2) {
            best[i] = best[i - 1];
            out[i] = out[i - 1];
            i--;
        }
        best[i] = d2;
        out[i] = v;
        return found == k ? k : found + 1;
    }
}
