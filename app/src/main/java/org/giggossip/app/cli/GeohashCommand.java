package org.giggossip.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.giggossip.core.topic.Geohash;
import org.giggossip.core.topic.GeohashCell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gg geohash encode LAT LON} and {@code gg geohash decode HASH}: the
 * location cells of taxi topics (seed 000, section 3.1, Table 1), for app
 * developers checking what a topic reveals and for operators setting a
 * {@link org.giggossip.core.topic.TopicPolicy}.
 *
 * <p>Negative coordinates work as plain arguments ({@code encode -33.8647 151.2096}):
 * picocli takes an argument that parses as a number and matches no option as a
 * positional parameter. {@code --} before the coordinates works as well.
 */
@Command(
    name = "geohash",
    mixinStandardHelpOptions = true,
    description = "Encode a point as a geohash or show the cell a geohash names.",
    subcommands = {GeohashCommand.Encode.class, GeohashCommand.Decode.class})
final class GeohashCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: encode or decode");
    }

    /** {@code gg geohash encode LAT LON [--precision P]}: prints the hash alone, for scripts. */
    @Command(name = "encode", mixinStandardHelpOptions = true, description = "Print the geohash of a point.")
    static final class Encode implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LAT", description = "Latitude in degrees, -90 to 90 (south negative).")
        double latitude;

        @Parameters(index = "1", paramLabel = "LON", description = "Longitude in degrees, -180 to 180 (west negative).")
        double longitude;

        @Option(
            names = {"-p", "--precision"},
            paramLabel = "P",
            defaultValue = "7",
            description = "Hash length, 1 to 12 (default ${DEFAULT-VALUE}: the least a taxi topic needs).")
        int precision;

        @Override
        public Integer call() {
            String hash;
            try {
                hash = Geohash.encode(latitude, longitude, precision);
            } catch (IllegalArgumentException e) {
                // Out-of-range arguments are a usage error: exit 2 with the usage.
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(hash);
            out.flush();
            return 0;
        }
    }

    /** {@code gg geohash decode HASH}: the cell's bounds, centre and size. */
    @Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Show the bounds, centre and size of a geohash cell.")
    static final class Decode implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HASH", description = "A geohash: 1 to 12 lower-case characters.")
        String hash;

        @Override
        public Integer call() {
            Optional<GeohashCell> decoded = Geohash.tryDecode(hash);
            if (decoded.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("gg geohash decode: not a geohash: '" + hash + "'. A geohash is 1 to "
                    + Geohash.MAX_PRECISION + " characters of " + Geohash.ALPHABET
                    + (Geohash.isValid(hash.toLowerCase(Locale.ROOT)) ? " (lower case only)." : "."));
                err.flush();
                return 1;
            }
            GeohashCell cell = decoded.get();
            int decimals = decimals(cell);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "geohash    %s (precision %d)%n", cell.hash(), cell.precision());
            out.printf(Locale.ROOT, "centre     %s, %s%n",
                degrees(cell.centreLatitude(), decimals), degrees(cell.centreLongitude(), decimals));
            out.printf(Locale.ROOT, "latitude   %s to %s%n",
                degrees(cell.minLatitude(), decimals), degrees(cell.maxLatitude(), decimals));
            out.printf(Locale.ROOT, "longitude  %s to %s%n",
                degrees(cell.minLongitude(), decimals), degrees(cell.maxLongitude(), decimals));
            out.printf(Locale.ROOT, "size       %s wide x %s high (width along the centre's parallel)%n",
                metres(cell.widthMetres()), metres(cell.heightMetres()));
            out.flush();
            return 0;
        }

        /** Enough decimals to tell a cell's edges apart, and a few more. */
        private static int decimals(GeohashCell cell) {
            double smaller = Math.min(cell.maxLatitude() - cell.minLatitude(), cell.maxLongitude() - cell.minLongitude());
            return Math.clamp((long) Math.ceil(-Math.log10(smaller)) + 3, 1, 12);
        }

        private static String degrees(double value, int decimals) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }

        /** Three significant figures or so, in km, m or mm. */
        static String metres(double m) {
            if (m >= 1000) {
                return scaled(m / 1000, "km");
            }
            if (m >= 1) {
                return scaled(m, "m");
            }
            return scaled(m * 1000, "mm");
        }

        private static String scaled(double v, String unit) {
            int decimals = v >= 100 ? 0 : v >= 10 ? 1 : 2;
            return String.format(Locale.ROOT, "%,." + decimals + "f %s", v, unit);
        }
    }
}
