package org.giggossip.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeohashTest {

    @Test
    void sydneyExampleOfTheSeed() {
        // Seed 000, section 3.1: Legal Services Council, Sydney.
        assertThat(Geohash.encode(-33.8647, 151.2096, 7)).isEqualTo("r3gx2g5");
    }

    @Test
    void sydneyCellContainsThePoint() {
        GeohashCell cell = Geohash.decode("r3gx2g5");
        assertThat(cell.contains(-33.8647, 151.2096)).isTrue();
        assertThat(cell.precision()).isEqualTo(7);
        assertThat(cell.minLatitude()).isLessThan(-33.8647);
        assertThat(cell.maxLatitude()).isGreaterThan(-33.8647);
        assertThat(cell.minLongitude()).isLessThan(151.2096);
        assertThat(cell.maxLongitude()).isGreaterThan(151.2096);
        // About 127 m by 153 m at that latitude (153 m * cos 33.86°).
        assertThat(cell.widthMetres()).isCloseTo(126.9, within(0.5));
        assertThat(cell.heightMetres()).isCloseTo(152.7, within(0.5));
    }

    @Test
    void wikipediaExamples() {
        GeohashCell ezs42 = Geohash.decode("ezs42");
        assertThat(ezs42.centreLatitude()).isCloseTo(42.605, within(0.001));
        assertThat(ezs42.centreLongitude()).isCloseTo(-5.603, within(0.001));
        assertThat(ezs42.minLatitude()).isEqualTo(42.5830078125);
        assertThat(ezs42.maxLatitude()).isEqualTo(42.626953125);
        assertThat(ezs42.minLongitude()).isEqualTo(-5.625);
        assertThat(ezs42.maxLongitude()).isEqualTo(-5.5810546875);

        GeohashCell aalborg = Geohash.decode("u4pruydqqvj");
        assertThat(aalborg.centreLatitude()).isCloseTo(57.64911, within(0.00001));
        assertThat(aalborg.centreLongitude()).isCloseTo(10.40744, within(0.00001));
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
    }

    @Test
    void worldCorners() {
        assertThat(Geohash.encode(-90, -180, 12)).isEqualTo("000000000000");
        assertThat(Geohash.encode(90, 180, 12)).isEqualTo("zzzzzzzzzzzz");
        assertThat(Geohash.decode("zzzzzzzzzzzz").contains(90, 180)).isTrue();
        assertThat(Geohash.encode(0, 0, 1)).isEqualTo("s");
        assertThat(Geohash.encode(-0.0, -0.0, 1)).isEqualTo("s");
    }

    @Test
    void cellIsHalfOpenLikeEncode() {
        GeohashCell s = Geohash.decode("s"); // latitude 0..45, longitude 0..45
        assertThat(s.contains(0, 0)).isTrue();
        assertThat(s.contains(45, 10)).isFalse();
        assertThat(s.contains(10, 45)).isFalse();
        assertThat(Geohash.encode(45, 10, 1)).isEqualTo("u");
    }

    /** Seed 000, Table 1: width and height at the equator, as printed (rounded). */
    @ParameterizedTest(name = "precision {0}: {1} m x {2} m")
    @CsvSource({
        "1, 5000000, 5000000",
        "2, 1250000, 625000",
        "3, 156000, 156000",
        "4, 39100, 19500",
        "5, 4890, 4890",
        "6, 1220, 610",
        "7, 153, 153",
        "8, 38.2, 19.1",
        "9, 4.77, 4.77",
        "10, 1.19, 0.596",
        "11, 0.149, 0.149",
        "12, 0.0372, 0.0186",
    })
    void cellSizesMatchTableOne(int precision, double width, double height) {
        assertThat(Geohash.cellWidthMetres(precision, 0.0)).isCloseTo(width, Percentage.withPercentage(1));
        assertThat(Geohash.cellHeightMetres(precision)).isCloseTo(height, Percentage.withPercentage(1));
        GeohashCell onEquator = Geohash.decode(Geohash.encode(0.0, 0.0, precision));
        assertThat(onEquator.heightMetres()).isCloseTo(height, Percentage.withPercentage(1));
        // Its centre is half a cell off the equator, so it is a shade narrower, never wider.
        assertThat(onEquator.widthMetres()).isLessThanOrEqualTo(Geohash.cellWidthMetres(precision, 0.0));
    }

    @Test
    void widthShrinksWithLatitude() {
        assertThat(Geohash.cellWidthMetres(7, 60.0))
            .isCloseTo(Geohash.cellWidthMetres(7, 0.0) / 2, within(1e-9));
        assertThat(Geohash.cellWidthMetres(7, 90.0)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void precisionForPicksTheCoarsestCellThatFits() {
        assertThat(Geohash.precisionFor(200)).isEqualTo(7); // the seed's "lower than 200 m"
        assertThat(Geohash.precisionFor(153)).isEqualTo(7);
        assertThat(Geohash.precisionFor(150)).isEqualTo(8);
        assertThat(Geohash.precisionFor(1e7)).isEqualTo(1);
        assertThat(Geohash.precisionFor(0.04)).isEqualTo(12);
        assertThatThrownBy(() -> Geohash.precisionFor(0.01))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no geohash cell");
        assertThatThrownBy(() -> Geohash.precisionFor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Geohash.precisionFor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeRejectsOutOfRangeArguments() {
        assertThatThrownBy(() -> Geohash.encode(90.0001, 0, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude");
        assertThatThrownBy(() -> Geohash.encode(-90.0001, 0, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude");
        assertThatThrownBy(() -> Geohash.encode(Double.NaN, 0, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude");
        assertThatThrownBy(() -> Geohash.encode(0, 180.0001, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longitude");
        assertThatThrownBy(() -> Geohash.encode(0, Double.NEGATIVE_INFINITY, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longitude");
        assertThatThrownBy(() -> Geohash.encode(0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precision");
        assertThatThrownBy(() -> Geohash.encode(0, 0, 13))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precision");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "R3GX2G5", "r3gx2G5", "r3gx2ga", "r3gxi", "r3gxl", "r3gxo", "1234567890123", " r3g", "r3g\u00e9"})
    void invalidHashesDoNotDecode(String s) {
        assertThat(Geohash.isValid(s)).isFalse();
        assertThat(Geohash.tryDecode(s)).isEmpty();
        assertThatThrownBy(() -> Geohash.decode(s))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a geohash");
    }

    @Test
    void tryDecodeOfNullIsEmpty() {
        assertThat(Geohash.tryDecode(null)).isEmpty();
    }

    @Test
    void decodeErrorShortensHugeInput() {
        String huge = "x".repeat(100_000);
        assertThatThrownBy(() -> Geohash.decode(huge)).hasMessageContaining("100000 chars")
            .message().hasSizeLessThan(200);
    }

    @Test
    void neighboursOfAnOrdinaryCell() {
        // Order: N, NE, E, SE, S, SW, W, NW (as in the ngeohash library's documentation).
        assertThat(Geohash.neighbours("dqcjq"))
            .containsExactly("dqcjw", "dqcjx", "dqcjr", "dqcjp", "dqcjn", "dqcjj", "dqcjm", "dqcjt");
    }

    @Test
    void neighboursWrapAroundTheAntimeridian() {
        String east = Geohash.encode(10.0, 179.99, 6);
        String west = Geohash.encode(10.0, -179.99, 6);
        assertThat(Geohash.neighbours(east).get(2)).isEqualTo(west);
        assertThat(Geohash.neighbours(west).get(6)).isEqualTo(east);
        // "b" is the north-west corner of the world: E, SE, S, then SW and W across the meridian.
        assertThat(Geohash.neighbours("b")).containsExactly("c", "9", "8", "x", "z");
    }

    @Test
    void cellsOnAPoleHaveFiveNeighbours() {
        List<String> north = Geohash.neighbours(Geohash.encode(90, 0, 4));
        assertThat(north).hasSize(5).doesNotHaveDuplicates();
        List<String> south = Geohash.neighbours(Geohash.encode(-90, 0, 4));
        assertThat(south).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void cellEqualityIsByHash() {
        assertThat(Geohash.decode("r3gx2g5")).isEqualTo(Geohash.decode("r3gx2g5"))
            .hasSameHashCodeAs(Geohash.decode("r3gx2g5"))
            .isNotEqualTo(Geohash.decode("r3gx2g4"));
        assertThat(Geohash.decode("r3g").contains(Geohash.decode("r3gx2g5"))).isTrue();
        assertThat(Geohash.decode("r3gx2g5").contains(Geohash.decode("r3g"))).isFalse();
        assertThat(Geohash.decode("ezs42").toString()).contains("ezs42", "42.5830078125");
    }
}
