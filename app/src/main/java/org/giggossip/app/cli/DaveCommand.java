package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.dave.DaveCodec;
import org.giggossip.net.dave.DaveConfig;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.DaveOutput;
import org.giggossip.net.dave.DaveWork;
import org.giggossip.node.config.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gg dave node|setdat|getdat}: a standalone Dave node (seed 004, dave-v1.md) and
 * the two requests a user sends one, over UDP.
 */
@Command(name = "dave", mixinStandardHelpOptions = true,
        description = "Dave: a peer-to-peer store of small values backed by proof of work, over UDP (seed 004).",
        subcommands = {DaveCommand.Node.class, DaveCommand.Setdat.class, DaveCommand.Getdat.class})
final class DaveCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A usage error: its one line is printed and the command exits 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    /** {@code HOST:PORT} (a name or IP) resolved; port 0 only if {@code allowZeroPort}. */
    static InetSocketAddress resolve(String option, String text, boolean allowZeroPort) throws UsageError {
        HostPort hp;
        try {
            hp = HostPort.parse(text, false, allowZeroPort);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + " " + text + ": " + e.getMessage());
        }
        InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
        if (a.isUnresolved()) {
            throw new UsageError(option + " " + text + ": cannot resolve " + hp.host());
        }
        return a;
    }

    /** The value or tag as a quoted string if it is printable UTF-8, else {@code 0x} and hex. */
    static String show(byte[] b) {
        return printable(b).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .orElse("0x" + Hex.encode(b));
    }

    /** The value as it is if it is printable UTF-8, else {@code 0x} and hex. */
    static String text(byte[] b) {
        return printable(b).orElse("0x" + Hex.encode(b));
    }

    private static Optional<String> printable(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return s.codePoints().noneMatch(Character::isISOControl) && !s.startsWith("0x")
                    ? Optional.of(s) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** One line for a datagram event: {@code SETDAT from 127.0.0.1:40001 work 0000ab... tag "x" val "..."}. */
    static String describe(String from, DaveMsg m) {
        return m.op() + " from " + from + " work " + Hex.encode(m.work()) + " strength "
                + DaveWork.strength(m.work()) + " tag " + show(m.tag()) + " val " + show(m.val());
    }

    /** The work argument: 64 hex digits. */
    static byte[] work(String hex) throws UsageError {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new UsageError("WORKHEX must be 64 hex digits (as gg dave setdat prints it), not " + hex);
        }
        return Hex.decode(hex.toLowerCase(Locale.ROOT));
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m} or a number of seconds. */
    static Duration duration(String option, String text) throws UsageError {
        var m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)?").matcher(text);
        if (!m.matches()) {
            throw new UsageError(option + " " + text + ": write it like 5s, 500ms or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** What the three subcommands share: their output streams, and a usage error as one line and exit code 2. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The command's work; a {@link UsageError} becomes its line on standard error and exit code 2. */
        abstract int run(PrintWriter out, PrintWriter err) throws Exception;

        @Override
        public final Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            try {
                return run(spec.commandLine().getOut(), err);
            } catch (UsageError e) {
                err.println("gg dave " + spec.name() + ": " + e.getMessage());
                err.flush();
                return 2;
            }
        }
    }

    /**
     * Sends {@code ask} to {@code via} from {@code socket} about once a second (UDP may lose it) until a
     * DAT for {@code work} whose work checks arrives from anyone, or {@code timeout} passes.
     */
    static Optional<DaveMsg> askFor(DatagramSocket socket, InetSocketAddress via, byte[] work, Duration timeout)
            throws IOException {
        byte[] ask = DaveCodec.encode(DaveMsg.getDat(work, List.of()));
        long end = System.nanoTime() + timeout.toNanos();
        long nextSend = 0;
        byte[] buf = new byte[DaveConfig.PACKET_SIZE + 1];
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return Optional.empty();
            }
            if (now >= nextSend) {
                socket.send(new DatagramPacket(ask, ask.length, via));
                nextSend = now + TimeUnit.SECONDS.toNanos(1);
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(end, nextSend) - now)));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (p.getLength() <= DaveConfig.PACKET_SIZE
                    && DaveCodec.decode(Arrays.copyOf(buf, p.getLength())) instanceof Decoded.Ok<DaveMsg> ok
                    && ok.value().op() == DaveMsg.Op.DAT && Arrays.equals(ok.value().work(), work)
                    && DaveWork.check(ok.value()) >= 0) {
                return Optional.of(ok.value());
            }
        }
    }

    static DatagramSocket ephemeral(InetSocketAddress via) throws IOException {
        // the same family and scope as the node we talk to: loopback to loopback, else any
        InetAddress local = via.getAddress().isLoopbackAddress() ? via.getAddress() : null;
        return local == null ? new DatagramSocket() : new DatagramSocket(new InetSocketAddress(local, 0));
    }

    /** {@code gg dave node}: a standalone node printing what it receives. */
    @Command(name = "node", mixinStandardHelpOptions = true,
            description = "Run a standalone Dave node until SIGTERM or Ctrl-C, printing one line per value it"
                    + " receives (SETDAT or DAT); logs go to standard error.")
    static final class Node extends Sub implements Daemons.Daemon {
        @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
                description = "UDP address to listen on (port 0: any free port).")
        String listen;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                description = "A peer to join through; repeat for several. Bootstrap peers are never dropped.")
        List<String> bootstrap = new ArrayList<>();

        @Option(names = "--work", paramLabel = "N", defaultValue = "3",
                description = "Least strength (leading zero bytes of work) of a value to store (default ${DEFAULT-VALUE}).")
        int work;

        @Option(names = "--store-mb", paramLabel = "N", defaultValue = "64",
                description = "Most megabytes of values kept; beyond, the lightest by work and age go"
                        + " (default ${DEFAULT-VALUE}).")
        int storeMb;

        @Override
        int run(PrintWriter out, PrintWriter err) throws Exception {
            if (work < 0 || work > 32) {
                throw new UsageError("--work " + work + ": a strength is 0 to 32 zero bytes");
            }
            if (storeMb < 1 || storeMb > 1 << 20) {
                throw new UsageError("--store-mb " + storeMb + ": 1 to 1048576");
            }
            InetSocketAddress at = resolve("--listen", listen, true);
            List<String> boot = new ArrayList<>();
            for (String b : bootstrap) {
                boot.add(DaveHost.text(resolve("--bootstrap", b, false)));
            }
            System.Logger log = System.getLogger("gg.dave");
            DaveConfig config = DaveConfig.defaults().withStore(work, (long) storeMb << 20);
            DaveHost host;
            try {
                host = DaveHost.start(at, config, boot, e -> print(out, log, e));
            } catch (java.io.UncheckedIOException e) {
                err.println("gg dave node: " + e.getMessage());
                return 1;
            }
            out.println("listening on " + host.addressText());
            out.flush();
            log.log(System.Logger.Level.INFO, "dave listening on " + host.addressText() + ", storing from"
                    + " strength " + work + ", at most " + storeMb + " MB, bootstrap " + boot);
            Daemons.runUntilSignal("dave", "stopping (signal)", host::close);
            return 0;
        }

        private static void print(PrintWriter out, System.Logger log, DaveOutput e) {
            switch (e) {
                case DaveOutput.Received r -> {
                    out.println(describe(r.from(), r.msg()));
                    out.flush();
                }
                case DaveOutput.Stored s -> log.log(System.Logger.Level.DEBUG, "stored " + Hex.encode(s.dat().work()));
                case DaveOutput.Dropped d -> log.log(System.Logger.Level.DEBUG, "dropped a datagram from " + d.from()
                        + ": " + d.reason());
                case DaveOutput.Found f -> { }
                case DaveOutput.Send s -> { }
            }
        }
    }

    /** {@code gg dave setdat}: mines the work of a value and sends it to a node. */
    @Command(name = "setdat", mixinStandardHelpOptions = true,
            description = "Compute the proof of work of VALUE, send it as a SETDAT to a node, and print its work"
                    + " (hex): the key to fetch it with gg dave getdat.")
    static final class Setdat extends Sub {
        @Option(names = "--via", required = true, paramLabel = "HOST:PORT", description = "The node to send it to.")
        String via;

        @Option(names = "--tag", paramLabel = "T", defaultValue = "", description = "A tag of up to 32 bytes.")
        String tag;

        @Option(names = "--work", paramLabel = "N", defaultValue = "3",
                description = "Strength to mine: leading zero bytes of work, each 256 times longer. 2: instant;"
                        + " 3 (default, what nodes store by default): seconds to a minute; 4: hours.")
        int work;

        @Parameters(index = "0", paramLabel = "VALUE", description = "The value, up to 1280 bytes of UTF-8.")
        String value;

        @Override
        int run(PrintWriter out, PrintWriter err) throws Exception {
            byte[] val = value.getBytes(StandardCharsets.UTF_8);
            byte[] t = tag.getBytes(StandardCharsets.UTF_8);
            if (val.length > DaveConfig.VAL_SIZE) {
                throw new UsageError("VALUE is " + val.length + " bytes; at most " + DaveConfig.VAL_SIZE);
            }
            if (t.length > DaveConfig.TAG_SIZE) {
                throw new UsageError("--tag is " + t.length + " bytes; at most " + DaveConfig.TAG_SIZE);
            }
            if (work < 0 || work > DaveWork.MAX_SOLVE_STRENGTH) {
                throw new UsageError("--work " + work + ": 0 to " + DaveWork.MAX_SOLVE_STRENGTH);
            }
            InetSocketAddress to = resolve("--via", via, false);
            DaveMsg setdat = mine(val, t, err);
            byte[] datagram = DaveCodec.encode(setdat);
            try (DatagramSocket socket = ephemeral(to)) {
                socket.send(new DatagramPacket(datagram, datagram.length, to));
                // UDP says nothing back: ask for it to learn whether it was stored
                boolean stored = askFor(socket, to, setdat.work(), Duration.ofSeconds(2)).isPresent();
                err.println(stored ? "gg dave setdat: sent to " + via + ", which holds it"
                        : "gg dave setdat: sent to " + via + "; it did not confirm holding it within 2 s"
                                + " (it stores only from its --work strength)");
            }
            out.println(Hex.encode(setdat.work()));
            out.flush();
            err.flush();
            return 0;
        }

        /** Mines on every core; after a second, says on {@code err} how long it has taken. */
        private DaveMsg mine(byte[] val, byte[] t, PrintWriter err) throws Exception {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "dave-mine");
                th.setDaemon(true);
                return th;
            });
            CompletableFuture<DaveMsg> found = new CompletableFuture<>();
            try {
                for (int i = 0; i < threads; i++) {
                    pool.execute(() -> {
                        try {
                            found.complete(DaveWork.solve(new byte[0], val, t, work, new SecureRandom()));
                        } catch (RuntimeException e) {
                            found.completeExceptionally(e); // cancelled once another thread found it
                        }
                    });
                }
                long start = System.nanoTime();
                while (true) {
                    try {
                        return found.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                        if (s > 1 && s % 5 != 0) {
                            continue; // after the first second, a line every five
                        }
                        err.println("gg dave setdat: mining strength " + work + " (about " + String.format(
                                Locale.ROOT, "%.3g", Math.pow(256, work)) + " hashes) on " + threads
                                + " threads: " + s + " s");
                        err.flush();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** {@code gg dave getdat}: asks a node for a value by its work. */
    @Command(name = "getdat", mixinStandardHelpOptions = true,
            description = "Ask a node for the value whose work is WORKHEX; print the value (standard output) and"
                    + " its tag (standard error), or exit 1 when none came within the timeout.")
    static final class Getdat extends Sub {
        @Option(names = "--via", required = true, paramLabel = "HOST:PORT", description = "The node to ask.")
        String via;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
                description = "How long to wait, e.g. 5s, 500ms, 1m (default ${DEFAULT-VALUE}).")
        String timeout;

        @Parameters(index = "0", paramLabel = "WORKHEX", description = "The work (64 hex digits) gg dave setdat printed.")
        String workHex;

        @Override
        int run(PrintWriter out, PrintWriter err) throws Exception {
            byte[] w = work(workHex);
            Duration wait = duration("--timeout", timeout);
            InetSocketAddress to = resolve("--via", via, false);
            Optional<DaveMsg> dat;
            try (DatagramSocket socket = ephemeral(to)) {
                dat = askFor(socket, to, w, wait);
            }
            if (dat.isEmpty()) {
                err.println("gg dave getdat: no value for " + workHex + " came from " + via + " within " + timeout);
                err.flush();
                return 1;
            }
            DaveMsg m = dat.get();
            out.println(text(m.val()));
            out.flush();
            err.println("gg dave getdat: tag " + show(m.tag()) + ", strength " + DaveWork.strength(m.work()));
            err.flush();
            return 0;
        }
    }
}
