package org.giggossip.app.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.giggossip.net.voidphone.GossipApiClient;
import org.giggossip.node.config.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options of the {@code gg gossip} commands: where the VoidPhone API is, and the data
 * type. Also the one place that parses durations such as {@code 10s} for them.
 */
final class GossipApiOptions {
    /** The spec's example {@code api_address}. */
    static final String DEFAULT_API = "127.0.0.1:7001";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = DEFAULT_API,
            description = "The node's VoidPhone gossip API, its api_address (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--type", paramLabel = "T", required = true,
            description = "The data type, 0 to 65535.")
    int type;

    /** Checks the options, or a usage error (exit 2). */
    void check(CommandLine cli) {
        if (type < 0 || type > 0xFFFF) {
            throw new CommandLine.ParameterException(cli, "--type must be 0 to 65535, got " + type);
        }
        address(cli);
    }

    /** Connects, or throws an {@link IOException} whose message names the address. */
    GossipApiClient connect(CommandLine cli) throws IOException {
        InetSocketAddress address = address(cli);
        try {
            return GossipApiClient.connect(address, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + api + ": " + e.getMessage(), e);
        }
    }

    private InetSocketAddress address(CommandLine cli) {
        try {
            HostPort hp = HostPort.parse(api, false, false);
            return new InetSocketAddress(hp.host(), hp.port());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--api " + api + ": " + e.getMessage());
        }
    }

    /** A duration written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or a number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 500ms, 10s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }

        /** {@code d} as this converter reads it: {@code 300ms}, {@code 10s}. */
        static String format(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
    }
}
