package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.giggossip.core.topic.Geohash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GeohashCommandTest {
    @RegisterExtension
    final CapturedStd std = new CapturedStd();

    private String out() {
        return std.out();
    }

    private String err() {
        return std.err();
    }

    @Test
    void encodesTheSeedsSydneyExampleWithANegativeLatitude() {
        assertThat(Gg.run("geohash", "encode", "-33.8647", "151.2096")).isZero();
        assertThat(out()).isEqualTo("r3gx2g5" + System.lineSeparator());
        assertThat(err()).isEmpty();
    }

    @Test
    void negativeCoordinatesAfterDoubleDash() {
        assertThat(Gg.run("geohash", "encode", "--precision", "5", "--", "-33.8647", "-151.2096")).isZero();
        // Checked against an independent implementation of the standard algorithm.
        assertThat(out().strip()).isEqualTo("29urr");
    }

    @Test
    void precisionOptionBeforeOrAfterTheCoordinates() {
        assertThat(Gg.run("geohash", "encode", "-33.8647", "151.2096", "--precision", "9")).isZero();
        assertThat(Gg.run("geohash", "encode", "-p", "3", "-33.8647", "151.2096")).isZero();
        assertThat(out().lines()).containsExactly("r3gx2g57z", "r3g");
    }

    @Test
    void outOfRangeLatitudeIsAUsageError() {
        assertThat(Gg.run("geohash", "encode", "-91", "0")).isEqualTo(2);
        assertThat(err()).contains("latitude must be between -90 and 90").contains("Usage:");
        assertThat(out()).isEmpty();
    }

    @Test
    void badNumbersAndPrecisionAreUsageErrors() {
        assertThat(Gg.run("geohash", "encode", "north", "0")).isEqualTo(2);
        assertThat(err()).contains("'north' is not a double");
        assertThat(Gg.run("geohash", "encode", "0", "0", "--precision", "13")).isEqualTo(2);
        assertThat(err()).contains("precision must be 1 to 12, got 13");
        assertThat(Gg.run("geohash", "encode", "0")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'LON'");
        assertThat(out()).isEmpty();
    }

    @Test
    void decodePrintsBoundsCentreAndSize() {
        assertThat(Gg.run("geohash", "decode", "r3gx2g5")).isZero();
        assertThat(out()).isEqualTo(String.join(System.lineSeparator(),
            "geohash    r3gx2g5 (precision 7)",
            "centre     -33.864670, 151.209641",
            "latitude   -33.865356 to -33.863983",
            "longitude  151.208954 to 151.210327",
            "size       127 m wide x 153 m high (width along the centre's parallel)",
            ""));
    }

    @Test
    void decodeOfACoarseCellUsesKilometres() {
        assertThat(Gg.run("geohash", "decode", "s")).isZero();
        assertThat(out()).contains("latitude   0.00 to 45.00", "size       4,623 km wide x 5,004 km high");
    }

    @Test
    void invalidHashFailsWithAClearMessage() {
        assertThat(Gg.run("geohash", "decode", "r3gxa")).isEqualTo(1);
        assertThat(err()).contains("not a geohash: 'r3gxa'", ALPHABET).doesNotContain("Exception");
        assertThat(out()).isEmpty();
    }

    @Test
    void upperCaseIsRejectedWithAHint() {
        assertThat(Gg.run("geohash", "decode", "R3GX2G5")).isEqualTo(1);
        assertThat(err()).contains("lower case only");
    }

    @Test
    void geohashWithoutSubcommandIsAUsageError() {
        assertThat(Gg.run("geohash")).isEqualTo(2);
        assertThat(err()).contains("Missing subcommand", "encode", "decode");
    }

    @Test
    void listedInTheTopLevelHelp() {
        assertThat(Gg.run("--help")).isZero();
        assertThat(out()).contains("geohash", "Encode a point as a geohash");
    }

    private static final String ALPHABET = Geohash.ALPHABET;
}
