package org.giggossip.core.topic;

/**
 * Geohash strings (seed 000, section 3.1, Table 1).
 */
public final class Geohash {
    /** The geohash alphabet: base 32 without a, i, l and o. */
    public static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
    public static final int MAX_PRECISION = 12;

    private Geohash() {}

    /** True when {@code s} is 1 to 12 characters of the geohash alphabet (lower case). */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_PRECISION) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
