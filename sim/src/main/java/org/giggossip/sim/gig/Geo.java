package org.giggossip.sim.gig;

import java.util.SplittableRandom;
import org.giggossip.sim.topology.Positions;

/** Positions for topologies that have none: uniform over a disk around a city centre. */
final class Geo {
    private Geo() {}

    static final double SYDNEY_LAT = -33.8688;
    static final double SYDNEY_LON = 151.2093;
    static final double KM_PER_DEGREE = 111.195;

    static Positions uniformDisk(int n, double radiusKm, SplittableRandom random) {
        double[] lat = new double[n];
        double[] lon = new double[n];
        for (int i = 0; i < n; i++) {
            double r = radiusKm * Math.sqrt(random.nextDouble());
            double a = random.nextDouble() * 2 * Math.PI;
            lat[i] = SYDNEY_LAT + r * Math.sin(a) / KM_PER_DEGREE;
            lon[i] = SYDNEY_LON + r * Math.cos(a) / (KM_PER_DEGREE * Math.cos(Math.toRadians(SYDNEY_LAT)));
        }
        return new Positions(lat, lon);
    }

    /** A point {@code km} away from (lat, lon) in a random direction. */
    static double[] offset(double lat, double lon, double km, SplittableRandom random) {
        double a = random.nextDouble() * 2 * Math.PI;
        return new double[] {lat + km * Math.sin(a) / KM_PER_DEGREE,
            lon + km * Math.cos(a) / (KM_PER_DEGREE * Math.cos(Math.toRadians(lat)))};
    }
}
