package org.giggossip.sim.topology;

import java.util.Arrays;
import org.giggossip.core.topic.Geohash;

/**
 * Geographic positions of nodes {@code 0 .. n-1}: latitude and longitude in
 * degrees, two {@code double} arrays. Distances are great-circle distances on
 * the sphere of {@link Geohash#EARTH_MEAN_RADIUS_METRES}; geohashes are those of
 * {@link Geohash#encode(double, double, int)}, as the engine's topics use.
 *
 * <p>Immutable.
 */
public final class Positions {
    private static final double EARTH_RADIUS_KM = Geohash.EARTH_MEAN_RADIUS_METRES / 1000.0;

    private final double[] latitudes;
    private final double[] longitudes;

    /**
     * Positions from parallel arrays (copied).
     *
     * @throws IllegalArgumentException if the lengths differ or a coordinate is out of range
     */
    public Positions(double[] latitudes, double[] longitudes) {
        if (latitudes.length != longitudes.length) {
            throw new IllegalArgumentException("latitudes and longitudes differ in length: "
                + latitudes.length + " vs " + longitudes.length);
        }
        for (int i = 0; i < latitudes.length; i++) {
            if (!(Math.abs(latitudes[i]) <= 90 && Math.abs(longitudes[i]) <= 180)) {
                throw new IllegalArgumentException("node " + i + " has no valid position: "
                    + latitudes[i] + ", " + longitudes[i]);
            }
        }
        this.latitudes = latitudes.clone();
        this.longitudes = longitudes.clone();
    }

    /** The number of nodes. */
    public int count() {
        return latitudes.length;
    }

    /** Node {@code i}'s latitude, degrees north. */
    public double latitude(int i) {
        return latitudes[i];
    }

    /** Node {@code i}'s longitude, degrees east. */
    public double longitude(int i) {
        return longitudes[i];
    }

    /** The great-circle distance between nodes {@code i} and {@code j} in kilometres (haversine). */
    public double distanceKm(int i, int j) {
        return distanceKm(latitudes[i], longitudes[i], latitudes[j], longitudes[j]);
    }

    /** The great-circle distance between two points in kilometres (haversine). */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinDPhi = Math.sin((phi2 - phi1) / 2);
        double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /** The geohash of node {@code i}'s position with {@code precision} characters (1 to 12). */
    public String geohash(int i, int precision) {
        return Geohash.encode(latitudes[i], longitudes[i], precision);
    }

    /** True when both hold identical coordinates. */
    public boolean sameAs(Positions other) {
        return Arrays.equals(latitudes, other.latitudes) && Arrays.equals(longitudes, other.longitudes);
    }
}
