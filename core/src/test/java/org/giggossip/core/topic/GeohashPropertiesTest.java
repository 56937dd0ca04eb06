package org.giggossip.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class GeohashPropertiesTest {

    @Property
    void decodedCellContainsTheEncodedPoint(
            @ForAll @DoubleRange(min = -90, max = 90) double lat,
            @ForAll @DoubleRange(min = -180, max = 180) double lon,
            @ForAll @IntRange(min = 1, max = 12) int precision) {
        String hash = Geohash.encode(lat, lon, precision);
        assertThat(hash).hasSize(precision);
        GeohashCell cell = Geohash.decode(hash);
        assertThat(cell.contains(lat, lon)).isTrue();
        assertThat(lat).isBetween(cell.minLatitude(), cell.maxLatitude());
        assertThat(lon).isBetween(cell.minLongitude(), cell.maxLongitude());
    }

    @Property
    void encodingTheCentreGivesTheHashBack(@ForAll("hashes") String hash) {
        GeohashCell cell = Geohash.decode(hash);
        assertThat(Geohash.encode(cell.centreLatitude(), cell.centreLongitude(), hash.length())).isEqualTo(hash);
        assertThat(cell.hash()).isEqualTo(hash);
        assertThat(cell.maxLatitude() - cell.minLatitude()).isEqualTo(Geohash.cellHeightDegrees(hash.length()));
        assertThat(cell.maxLongitude() - cell.minLongitude()).isEqualTo(Geohash.cellWidthDegrees(hash.length()));
    }

    @Property
    void everyPrefixIsTheEnclosingCell(@ForAll("hashes") String hash) {
        GeohashCell cell = Geohash.decode(hash);
        for (int k = 1; k <= hash.length(); k++) {
            GeohashCell parent = Geohash.decode(hash.substring(0, k));
            assertThat(parent.contains(cell)).isTrue();
            assertThat(parent.minLatitude()).isLessThanOrEqualTo(cell.minLatitude());
            assertThat(parent.maxLatitude()).isGreaterThanOrEqualTo(cell.maxLatitude());
            assertThat(parent.minLongitude()).isLessThanOrEqualTo(cell.minLongitude());
            assertThat(parent.maxLongitude()).isGreaterThanOrEqualTo(cell.maxLongitude());
            assertThat(parent.contains(cell.centreLatitude(), cell.centreLongitude())).isTrue();
        }
    }

    @Property
    void shorterEncodingIsAPrefix(
            @ForAll @DoubleRange(min = -90, max = 90) double lat,
            @ForAll @DoubleRange(min = -180, max = 180) double lon,
            @ForAll @IntRange(min = 1, max = 12) int precision) {
        assertThat(Geohash.encode(lat, lon, 12)).startsWith(Geohash.encode(lat, lon, precision));
    }

    @Property
    void containsAgreesWithEncode(
            @ForAll @DoubleRange(min = -90, max = 90) double lat,
            @ForAll @DoubleRange(min = -180, max = 180) double lon,
            @ForAll("hashes") String hash) {
        boolean sameCell = Geohash.encode(lat, lon, hash.length()).equals(hash);
        assertThat(Geohash.decode(hash).contains(lat, lon)).isEqualTo(sameCell);
    }

    @Property
    void neighboursAreAdjacentAndSymmetric(@ForAll("hashes") String hash) {
        GeohashCell cell = Geohash.decode(hash);
        List<String> neighbours = Geohash.neighbours(hash);
        boolean touchesPole = cell.maxLatitude() == 90.0 || cell.minLatitude() == -90.0;
        assertThat(neighbours).hasSize(touchesPole ? 5 : 8).doesNotHaveDuplicates().doesNotContain(hash);
        for (String n : neighbours) {
            assertThat(n).hasSize(hash.length());
            assertThat(Geohash.neighbours(n)).contains(hash);
            GeohashCell other = Geohash.decode(n);
            double dLat = Math.abs(other.centreLatitude() - cell.centreLatitude());
            double dLon = Math.abs(other.centreLongitude() - cell.centreLongitude());
            dLon = Math.min(dLon, 360.0 - dLon);
            assertThat(dLat).isLessThanOrEqualTo(Geohash.cellHeightDegrees(hash.length()));
            assertThat(dLon).isLessThanOrEqualTo(Geohash.cellWidthDegrees(hash.length()));
        }
    }

    @Property(tries = 10_000)
    void tryDecodeNeverThrows(@ForAll("untrusted") String s) {
        // An oracle independent of the code under test.
        boolean valid = s != null && s.matches("[0-9b-hjkmnp-z]{1,12}");
        Optional<GeohashCell> cell = Geohash.tryDecode(s);
        assertThat(cell.isPresent()).isEqualTo(valid);
        assertThat(Geohash.isValid(s)).isEqualTo(valid);
        cell.ifPresent(c -> assertThat(c.hash()).isEqualTo(s));
    }

    @Provide
    Arbitrary<String> hashes() {
        return Arbitraries.strings().withChars(Geohash.ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(12);
    }

    /** Arbitrary text, plus near misses: upper case, letters outside the alphabet, too long. */
    @Provide
    Arbitrary<String> untrusted() {
        Arbitrary<String> nearMiss = Arbitraries.strings()
            .withChars((Geohash.ALPHABET + "ailoAILOZR0\u0000\u00e9 ").toCharArray())
            .ofMinLength(0).ofMaxLength(14);
        return Arbitraries.oneOf(Arbitraries.strings(), nearMiss, hashes(), Arbitraries.just(null));
    }
}
