package org.giggossip.sim.topology;

import java.util.SplittableRandom;

/**
 * A city: nodes placed in a disc around a centre, bunched into suburbs, each
 * linked to its nearest neighbours plus a few random long links; the result is
 * connected.
 *
 * <p><b>Placement.</b> {@code clusters} suburb centres are drawn uniformly in
 * the inner 80% of the disc, each with a weight drawn uniformly from 0.2 to 1.
 * A node belongs to a suburb with probability {@code clusteredFraction} (the
 * suburb drawn by weight) and is placed at a Gaussian offset of standard
 * deviation {@code clusterSigmaKm} from its centre; otherwise it is placed
 * uniformly in the disc. Points falling outside the disc are redrawn. Positions
 * are computed in kilometres on a local tangent plane and converted to degrees
 * (equirectangular, exact enough at city scale).
 *
 * <p><b>Links.</b> Each node is linked to its {@code nearLinks} nearest nodes
 * (so degrees are at least {@code nearLinks}, and higher where a node is among
 * others' nearest), and draws {@code longLinksPerNode} links on average to
 * uniformly random nodes (the integer part always, the fraction as a
 * probability). Any component left apart from the largest is then joined to it
 * by one link from its lowest-numbered node to the nearest node of the largest.
 *
 * <p>Default: {@link #sydney()}. A million nodes take a few seconds and a few
 * hundred MB while building.
 *
 * @param centerLatitude    degrees north of the disc's centre
 * @param centerLongitude   degrees east of the disc's centre
 * @param radiusKm          the disc's radius in kilometres
 * @param clusters          number of suburbs (0 for a uniform city)
 * @param clusteredFraction share of nodes placed in suburbs, 0 to 1
 * @param clusterSigmaKm    spread of a suburb in kilometres
 * @param nearLinks         links to nearest neighbours per node, at least 1
 * @param longLinksPerNode  mean random long links drawn per node, at least 0
 */
public record CityModel(double centerLatitude, double centerLongitude, double radiusKm,
                        int clusters, double clusteredFraction, double clusterSigmaKm,
                        int nearLinks, double longLinksPerNode) {
    private static final double KM_PER_DEGREE_LATITUDE =
        Math.toRadians(1) * org.giggossip.core.topic.Geohash.EARTH_MEAN_RADIUS_METRES / 1000.0;

    /** Checks the ranges. */
    public CityModel {
        if (!(Math.abs(centerLatitude) <= 80 && Math.abs(centerLongitude) <= 180)) {
            throw new IllegalArgumentException("centre must be within latitude ±80 and longitude ±180");
        }
        if (!(radiusKm > 0 && radiusKm <= 500)) {
            throw new IllegalArgumentException("radiusKm must be in (0, 500], got " + radiusKm);
        }
        if (clusters < 0 || !(clusteredFraction >= 0 && clusteredFraction <= 1) || !(clusterSigmaKm > 0)) {
            throw new IllegalArgumentException("need clusters >= 0, clusteredFraction in [0, 1], clusterSigmaKm > 0");
        }
        if (nearLinks < 1 || !(longLinksPerNode >= 0)) {
            throw new IllegalArgumentException("need nearLinks >= 1 and longLinksPerNode >= 0");
        }
    }

    /**
     * Sydney: centred on -33.8688, 151.2093, radius 15 km, 24 suburbs holding 70%
     * of the nodes with a spread of 1.2 km, 6 nearest links and 0.1 long links a node.
     */
    public static CityModel sydney() {
        return new CityModel(-33.8688, 151.2093, 15.0, 24, 0.7, 1.2, 6, 0.1);
    }

    /** The same city with another number of nearest-neighbour links per node. */
    public CityModel withNearLinks(int links) {
        return new CityModel(centerLatitude, centerLongitude, radiusKm, clusters, clusteredFraction,
            clusterSigmaKm, links, longLinksPerNode);
    }

    /** The same city with another mean number of long links per node. */
    public CityModel withLongLinksPerNode(double links) {
        return new CityModel(centerLatitude, centerLongitude, radiusKm, clusters, clusteredFraction,
            clusterSigmaKm, nearLinks, links);
    }

    /** The same city with another suburb structure. */
    public CityModel withClusters(int count, double fraction, double sigmaKm) {
        return new CityModel(centerLatitude, centerLongitude, radiusKm, count, fraction, sigmaKm,
            nearLinks, longLinksPerNode);
    }

    /** The same layout around another centre and radius. */
    public CityModel withArea(double latitude, double longitude, double radius) {
        return new CityModel(latitude, longitude, radius, clusters, clusteredFraction, clusterSigmaKm,
            nearLinks, longLinksPerNode);
    }

    /**
     * Places {@code n} nodes and links them.
     *
     * @throws IllegalArgumentException if {@code n <= nearLinks}
     */
    public PlacedTopology build(int n, SplittableRandom random) {
        if (n <= nearLinks) {
            throw new IllegalArgumentException("need more than nearLinks=" + nearLinks + " nodes, got " + n);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        place(x, y, random);
        SpatialGrid grid = new SpatialGrid(x, y);
        EdgeList edges = new EdgeList(n, (int) Math.min(Integer.MAX_VALUE - 8,
            (long) n * nearLinks + (long) (n * longLinksPerNode) + 16));
        int[] near = new int[nearLinks];
        for (int s = 0; s < n; s++) {
            int u = grid.pointInCellOrder(s);
            int found = grid.nearest(u, nearLinks, v -> true, near);
            for (int i = 0; i < found; i++) {
                edges.add(u, near[i]);
            }
        }
        int wholeLinks = (int) longLinksPerNode;
        double fraction = longLinksPerNode - wholeLinks;
        for (int u = 0; u < n; u++) {
            int count = wholeLinks + (random.nextDouble() < fraction ? 1 : 0);
            for (int i = 0; i < count; i++) {
                int v = random.nextInt(n - 1);
                edges.add(u, v >= u ? v + 1 : v);
            }
        }
        Topology g = connect(edges, grid);
        return new PlacedTopology(g, toPositions(x, y));
    }

    private void place(double[] x, double[] y, SplittableRandom random) {
        double[] cx = new double[clusters];
        double[] cy = new double[clusters];
        double[] cumulative = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++) {
            double[] p = uniformInDisc(random, 0.8 * radiusKm);
            cx[c] = p[0];
            cy[c] = p[1];
            total += 0.2 + 0.8 * random.nextDouble();
            cumulative[c] = total;
        }
        for (int i = 0; i < x.length; i++) {
            if (clusters > 0 && random.nextDouble() < clusteredFraction) {
                int c = pick(cumulative, random.nextDouble() * total);
                double px;
                double py;
                do {
                    px = cx[c] + random.nextGaussian() * clusterSigmaKm;
                    py = cy[c] + random.nextGaussian() * clusterSigmaKm;
                } while (px * px + py * py > radiusKm * radiusKm);
                x[i] = px;
                y[i] = py;
            } else {
                double[] p = uniformInDisc(random, radiusKm);
                x[i] = p[0];
                y[i] = p[1];
            }
        }
    }

    private static double[] uniformInDisc(SplittableRandom random, double radius) {
        while (true) {
            double px = (2 * random.nextDouble() - 1) * radius;
            double py = (2 * random.nextDouble() - 1) * radius;
            if (px * px + py * py <= radius * radius) {
                return new double[] {px, py};
            }
        }
    }

    private static int pick(double[] cumulative, double target) {
        int i = java.util.Arrays.binarySearch(cumulative, target);
        int index = i >= 0 ? i + 1 : -i - 1;
        return Math.min(index, cumulative.length - 1);
    }

    /** Joins every component apart from the largest to its nearest node in the largest. */
    private static Topology connect(EdgeList edges, SpatialGrid grid) {
        Topology g = edges.toTopology();
        Components comps = Components.of(g);
        if (comps.connected()) {
            return g;
        }
        int giant = comps.largest();
        boolean[] joined = new boolean[comps.count()];
        int[] nearest = new int[1];
        for (int u = 0; u < g.nodeCount(); u++) {
            int c = comps.label(u);
            if (c == giant || joined[c]) {
                continue;
            }
            joined[c] = true;
            grid.nearest(u, 1, v -> comps.label(v) == giant, nearest);
            edges.add(u, nearest[0]);
        }
        return edges.toTopology();
    }

    private Positions toPositions(double[] x, double[] y) {
        double kmPerDegreeLongitude = KM_PER_DEGREE_LATITUDE * Math.cos(Math.toRadians(centerLatitude));
        double[] lat = new double[x.length];
        double[] lon = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lat[i] = centerLatitude + y[i] / KM_PER_DEGREE_LATITUDE;
            lon[i] = normalizeLongitude(centerLongitude + x[i] / kmPerDegreeLongitude);
        }
        return new Positions(lat, lon);
    }

    private static double normalizeLongitude(double lon) {
        if (lon > 180) {
            return lon - 360;
        }
        return lon < -180 ? lon + 360 : lon;
    }
}
