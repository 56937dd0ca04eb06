package org.giggossip.core.topic;

import java.util.Locale;

/**
 * The rectangle a geohash names (seed 000, section 3.1, Table 1): its bounds in
 * degrees, its centre and its size in metres. Immutable; made only by
 * {@link Geohash#decode} and {@link Geohash#tryDecode}, so the bounds always
 * match the hash. Two cells are equal when their hashes are.
 *
 * <p>A cell holds its south and west edges but not its north and east ones,
 * except on the north pole and the 180° meridian (see {@link Geohash}).
 */
public final class GeohashCell {
    private final String hash;
    private final double minLatitude;
    private final double maxLatitude;
    private final double minLongitude;
    private final double maxLongitude;

    GeohashCell(String hash, double minLatitude, double maxLatitude, double minLongitude, double maxLongitude) {
        this.hash = hash;
        this.minLatitude = minLatitude;
        this.maxLatitude = maxLatitude;
        this.minLongitude = minLongitude;
        this.maxLongitude = maxLongitude;
    }

    /** The hash naming this cell, lower case. */
    public String hash() {
        return hash;
    }

    /** The number of characters of the hash, 1 to {@value Geohash#MAX_PRECISION}. */
    public int precision() {
        return hash.length();
    }

    /** Southern edge, degrees. */
    public double minLatitude() {
        return minLatitude;
    }

    /** Northern edge, degrees. */
    public double maxLatitude() {
        return maxLatitude;
    }

    /** Western edge, degrees. */
    public double minLongitude() {
        return minLongitude;
    }

    /** Eastern edge, degrees. */
    public double maxLongitude() {
        return maxLongitude;
    }

    /** Latitude of the centre, degrees. */
    public double centreLatitude() {
        return (minLatitude + maxLatitude) / 2;
    }

    /** Longitude of the centre, degrees. */
    public double centreLongitude() {
        return (minLongitude + maxLongitude) / 2;
    }

    /**
     * East-west size in metres, measured along the parallel through the centre
     * (equirectangular, WGS-84 mean radius; see {@link Geohash}). For coarse
     * cells far from the equator the edge nearer the equator is noticeably wider.
     */
    public double widthMetres() {
        return Geohash.widthMetres(maxLongitude - minLongitude, centreLatitude());
    }

    /** North-south size in metres (WGS-84 mean radius; see {@link Geohash}). */
    public double heightMetres() {
        return Geohash.heightMetres(maxLatitude - minLatitude);
    }

    /**
     * True when the point lies in this cell, that is when
     * {@code Geohash.encode(latitude, longitude, precision())} gives this cell's hash.
     */
    public boolean contains(double latitude, double longitude) {
        return within(latitude, minLatitude, maxLatitude, 90.0)
            && within(longitude, minLongitude, maxLongitude, 180.0);
    }

    /** True when {@code other} is this cell or lies inside it, that is when this hash is a prefix of its hash. */
    public boolean contains(GeohashCell other) {
        return other.hash.startsWith(hash);
    }

    private static boolean within(double x, double min, double max, double worldMax) {
        return x >= min && (x < max || (x == max && max == worldMax));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeohashCell other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GeohashCell[%s: lat %s..%s, lon %s..%s]",
            hash, minLatitude, maxLatitude, minLongitude, maxLongitude);
    }
}
