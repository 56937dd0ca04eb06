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
    /** The points' coordinates in cell order, so a cell is scanned from contiguous memory. */
    private final double[] cellX;
    private final double[] cellY;

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
        this.cellX = new double[n];
        this.cellY = new double[n];
        for (int s = 0; s < n; s++) {
            cellX[s] = x[points[s]];
            cellY[s] = y[points[s]];
        }
    }

    /**
     * The {@code s}-th point in cell order. Querying points in this order keeps
     * neighbouring queries on neighbouring memory, several times faster than
     * querying in node order on a million points.
     */
    int pointInCellOrder(int s) {
        return points[s];
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
        double ux = x[u];
        double uy = y[u];
        int cx = cellX(ux);
        int cy = cellY(uy);
        // How far u is from the nearest side of its own cell: ring r + 1 is at least r cells further.
        double ox = ux - (minX + cx * cell);
        double oy = uy - (minY + cy * cell);
        double margin = Math.min(Math.min(ox, cell - ox), Math.min(oy, cell - oy));
        int maxRing = Math.max(width, height);
        for (int r = 0; r <= maxRing; r++) {
            for (int gy = Math.max(0, cy - r); gy <= Math.min(height - 1, cy + r); gy++) {
                boolean edgeRow = gy == cy - r || gy == cy + r;
                int step = edgeRow ? 1 : Math.max(1, 2 * r);
                for (int gx = cx - r; gx <= cx + r; gx += step) {
                    if (gx < 0 || gx >= width) {
                        continue;
                    }
                    int c = gy * width + gx;
                    for (int s = cellStart[c], end = cellStart[c + 1]; s < end; s++) {
                        double dx = cellX[s] - ux;
                        double dy = cellY[s] - uy;
                        double d2 = dx * dx + dy * dy;
                        if (found == k && d2 >= best[k - 1]) {
                            continue;
                        }
                        int v = points[s];
                        if (v != u && accept.test(v)) {
                            found = insert(best, out, found, k, d2, v);
                        }
                    }
                }
            }
            double reach = r * cell + Math.max(0, margin);
            if (found == k && best[k - 1] <= reach * reach) {
                break;
            }
        }
        return found;
    }

    /** Inserts (d2, v) into the sorted top-k arrays; returns the new count. */
    private static int insert(double[] best, int[] out, int found, int k, double d2, int v) {
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
