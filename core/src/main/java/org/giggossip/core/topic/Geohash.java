package org.giggossip.core.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Geohash strings (seed 000, section 3.1, Table 1): a point on Earth encoded as
 * a string whose length is its precision. Each character carries five bits that
 * alternately halve the longitude range (first) and the latitude range, so a
 * hash names a rectangular cell and every prefix of it names the enclosing cell.
 *
 * <p>Only lower-case hashes are valid. The wire form is lower case, and
 * accepting {@code "R3GX2G5"} as well would give one cell two spellings, which
 * breaks comparing, de-duplicating and filtering topics by string; so
 * {@link #isValid}, {@link #decode} and {@link #tryDecode} reject upper case.
 *
 * <p>Cells are half-open: a cell holds the points with {@code min <= x < max}
 * in each axis, except that cells on the north pole and the 180° meridian also
 * hold their upper edge ({@code latitude = 90}, {@code longitude = 180}). This
 * is what {@link #encode} does, so {@link GeohashCell#contains(double, double)}
 * is true exactly when {@code encode} gives back the cell's hash.
 *
 * <p><b>Sizes in metres</b> use the equirectangular approximation on a sphere of
 * the WGS-84 mean radius R1 = {@value #EARTH_MEAN_RADIUS_METRES} m: a cell's
 * height is {@code R * Δφ} and its width, measured along the parallel at
 * latitude φ, is {@code R * Δλ * cos φ} (angles in radians). The sphere is within
 * 0.6% of the ellipsoid's local radii of curvature everywhere. Table 1 of the seed
 * gives the width at the equator, which is the largest a cell of that precision
 * gets; {@link #cellWidthMetres(int, double)} with latitude 0 reproduces it.
 */
public final class Geohash {
    /** The geohash alphabet: base 32 without a, i, l and o. */
    public static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
    /** The shortest hash: one character, a cell of 45° by 45°. */
    public static final int MIN_PRECISION = 1;
    /** The longest hash this implementation handles: 60 bits, a cell of a few centimetres. */
    public static final int MAX_PRECISION = 12;
    /** WGS-84 mean radius R1 = (2a + b) / 3, used for the cell sizes in metres. */
    public static final double EARTH_MEAN_RADIUS_METRES = 6_371_008.8;

    private static final int BITS_PER_CHAR = 5;
    /** Character code to its five-bit value, or -1; indexed by char below 128. */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Geohash() {}

    /** True when {@code s} is 1 to 12 characters of the geohash alphabet (lower case). */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_PRECISION) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (valueOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash of the given precision of the cell that holds the point.
     *
     * @param latitude  degrees north, -90 to 90
     * @param longitude degrees east, -180 to 180
     * @param precision number of characters, {@value #MIN_PRECISION} to {@value #MAX_PRECISION}
     * @throws IllegalArgumentException if an argument is out of range or not a number
     */
    public static String encode(double latitude, double longitude, int precision) {
        checkPrecision(precision);
        // Written so that NaN fails too.
        if (!(latitude >= -90.0 && latitude <= 90.0)) {
            throw new IllegalArgumentException("latitude must be between -90 and 90 degrees, got " + latitude);
        }
        if (!(longitude >= -180.0 && longitude <= 180.0)) {
            throw new IllegalArgumentException("longitude must be between -180 and 180 degrees, got " + longitude);
        }
        double[] lat = {-90.0, 90.0};
        double[] lon = {-180.0, 180.0};
        char[] out = new char[precision];
        boolean longitudeBit = true;
        for (int i = 0; i < precision; i++) {
            int value = 0;
            for (int b = 0; b < BITS_PER_CHAR; b++) {
                double[] range = longitudeBit ? lon : lat;
                double point = longitudeBit ? longitude : latitude;
                double mid = (range[0] + range[1]) / 2;
                // The same halving as decode, so both agree on every boundary.
                int bit = point >= mid ? 1 : 0;
                range[1 - bit] = mid;
                value = (value << 1) | bit;
                longitudeBit = !longitudeBit;
            }
            out[i] = ALPHABET.charAt(value);
        }
        return new String(out);
    }

    /**
     * The cell a hash names.
     *
     * @throws IllegalArgumentException if {@code hash} is not {@linkplain #isValid valid}
     * @see #tryDecode(String) for untrusted input
     */
    public static GeohashCell decode(String hash) {
        return tryDecode(hash).orElseThrow(() -> new IllegalArgumentException(
            "not a geohash (1 to " + MAX_PRECISION + " characters of " + ALPHABET + "): " + describe(hash)));
    }

    /**
     * The cell a hash names, or empty if {@code s} is not a {@linkplain #isValid valid}
     * hash (null, empty, too long, upper case or outside the alphabet). Never throws.
     */
    public static Optional<GeohashCell> tryDecode(String s) {
        if (!isValid(s)) {
            return Optional.empty();
        }
        double[] lat = {-90.0, 90.0};
        double[] lon = {-180.0, 180.0};
        boolean longitudeBit = true;
        for (int i = 0; i < s.length(); i++) {
            int value = valueOf(s.charAt(i));
            for (int b = BITS_PER_CHAR - 1; b >= 0; b--) {
                double[] range = longitudeBit ? lon : lat;
                int bit = (value >> b) & 1;
                range[1 - bit] = (range[0] + range[1]) / 2;
                longitudeBit = !longitudeBit;
            }
        }
        return Optional.of(new GeohashCell(s, lat[0], lat[1], lon[0], lon[1]));
    }

    /**
     * The cells of the same precision around {@code hash}, in the order north,
     * north-east, east, south-east, south, south-west, west, north-west. Across
     * the 180° meridian the neighbours wrap around; beyond a pole there are none,
     * so a cell touching a pole has five neighbours, not eight.
     *
     * @throws IllegalArgumentException if {@code hash} is not valid
     */
    public static List<String> neighbours(String hash) {
        GeohashCell cell = decode(hash);
        double height = cell.maxLatitude() - cell.minLatitude();
        double width = cell.maxLongitude() - cell.minLongitude();
        int[][] steps = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        List<String> result = new ArrayList<>(steps.length);
        for (int[] step : steps) {
            // Cell sizes are powers of two of degrees, so these sums are exact.
            double lat = cell.centreLatitude() + step[0] * height;
            if (lat < -90.0 || lat > 90.0) {
                continue;
            }
            double lon = cell.centreLongitude() + step[1] * width;
            if (lon > 180.0) {
                lon -= 360.0;
            } else if (lon < -180.0) {
                lon += 360.0;
            }
            result.add(encode(lat, lon, hash.length()));
        }
        return List.copyOf(result);
    }

    /**
     * The least precise hash length whose cells are at most {@code metres} wide
     * and high everywhere (that is, at the equator, where they are widest).
     * For example 200 m gives 7, the precision the seed (section 3.1) says a taxi
     * topic needs.
     *
     * @throws IllegalArgumentException if {@code metres} is not positive, or is
     *     smaller than a cell of precision {@value #MAX_PRECISION}
     */
    public static int precisionFor(double metres) {
        if (!(metres > 0)) {
            throw new IllegalArgumentException("cell size must be positive, got " + metres);
        }
        for (int p = MIN_PRECISION; p <= MAX_PRECISION; p++) {
            if (cellWidthMetres(p, 0.0) <= metres && cellHeightMetres(p) <= metres) {
                return p;
            }
        }
        throw new IllegalArgumentException("no geohash cell is as small as " + metres + " m; precision "
            + MAX_PRECISION + " is " + cellWidthMetres(MAX_PRECISION, 0.0) + " m wide at the equator");
    }

    /** Width in degrees of longitude of a cell of this precision. */
    public static double cellWidthDegrees(int precision) {
        checkPrecision(precision);
        return 360.0 / (1L << longitudeBits(precision));
    }

    /** Height in degrees of latitude of a cell of this precision. */
    public static double cellHeightDegrees(int precision) {
        checkPrecision(precision);
        return 180.0 / (1L << (precision * BITS_PER_CHAR - longitudeBits(precision)));
    }

    /**
     * Width in metres of a cell of this precision, along the parallel at
     * {@code latitude} (see the class comment for the formula).
     */
    public static double cellWidthMetres(int precision, double latitude) {
        return widthMetres(cellWidthDegrees(precision), latitude);
    }

    /** Height in metres of a cell of this precision (the same at every latitude). */
    public static double cellHeightMetres(int precision) {
        return heightMetres(cellHeightDegrees(precision));
    }

    static double widthMetres(double longitudeDegrees, double latitude) {
        return EARTH_MEAN_RADIUS_METRES * Math.toRadians(longitudeDegrees) * Math.cos(Math.toRadians(latitude));
    }

    static double heightMetres(double latitudeDegrees) {
        return EARTH_MEAN_RADIUS_METRES * Math.toRadians(latitudeDegrees);
    }

    /** Longitude takes the first, third, ... bit, so it gets the odd one out. */
    private static int longitudeBits(int precision) {
        return (precision * BITS_PER_CHAR + 1) / 2;
    }

    private static int valueOf(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }

    private static void checkPrecision(int precision) {
        if (precision < MIN_PRECISION || precision > MAX_PRECISION) {
            throw new IllegalArgumentException(
                "precision must be " + MIN_PRECISION + " to " + MAX_PRECISION + ", got " + precision);
        }
    }

    /** For error messages: the input, quoted and shortened, so a huge string cannot flood a log. */
    private static String describe(String s) {
        Objects.requireNonNull(s, "hash");
        return s.length() <= 32 ? '"' + s + '"' : '"' + s.substring(0, 32) + "\"... (" + s.length() + " chars)";
    }
}
