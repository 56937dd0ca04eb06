package org.giggossip.app.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg devnet up|down|status}: a local network of real {@code gg node} processes in one
 * command (docs/devnet.md): a hub that serves the settler and a regtest ledger, a
 * rider and K drivers that bootstrap to it, each in its own directory under {@code --dir}
 * with an INI file the user may read and change, a {@code node.log} and a {@code node.pid}.
 * The nodes run detached from the terminal; {@code down} stops them and keeps their data.
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "A local network of gg node processes: a settler hub, a rider and drivers (docs/devnet.md).",
        subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class})
final class DevnetCommand implements Runnable {
    /** The directory {@code --dir} names unless given. */
    static final String DEFAULT_DIR = "devnet";
    /** The file that marks a directory as a devnet; {@code down --clean} deletes only such a directory. */
    static final String MARKER = ".devnet";
    /** The commands {@code up} printed, kept for later. */
    static final String COMMANDS = "commands.txt";
    static final String HUB = "hub";
    static final String RIDER = "rider";
    static final String DRIVER = "driver-";
    static final int MAX_DRIVERS = 32;
    /** {@code max_connections_per_address} of every devnet node: two per node of the largest devnet. */
    static final int LOCAL_CONNECTIONS_PER_ADDRESS = 2 * (MAX_DRIVERS + 2);
    static final long FIRST_PRICE_SAT = 12_000;
    static final long PRICE_STEP_SAT = 1_000;
    /**
     * The rider's {@code offer_window_s}: time to read the offers and take one by hand, should the rider's
     * file be given an {@code auto_choose} policy (it has none: the rider takes an offer with {@code gg job accept}).
     */
    static final int RIDER_OFFER_WINDOW_S = 300;
    private static final String MAIN_CLASS = Gg.class.getName();
    private static final Pattern DRIVER_DIR = Pattern.compile("driver-([1-9][0-9]{0,2})");
    private static final Pattern STARTED = Pattern.compile("msg=\"node ([0-9a-f]{64})@\\S+ started");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One node of the devnet: its name and directory, and the files in it. */
    record Member(String name, Path dir) {
        Path ini() {
            return dir.resolve("node.ini");
        }

        Path log() {
            return dir.resolve("node.log");
        }

        Path pidFile() {
            return dir.resolve("node.pid");
        }

        boolean driver() {
            return name.startsWith(DRIVER);
        }
    }

    /** The options every subcommand takes. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "The devnet's directory (default: ${DEFAULT-VALUE}).")
        Path dir;
    }

    // ------------------------------------------------------------------------------------------ up

    /** {@code gg devnet up}: writes the network (first time), starts it and prints how to use it. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start a settler hub, a rider and K drivers as gg node processes in the background"
                    + " (first time: write their INI files under DIR), wait until every spoke is linked to the hub,"
                    + " and print the commands that post a job and take an offer.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DirOption where;

        @Option(names = "--drivers", paramLabel = "K",
                description = "Drivers, 1 to " + MAX_DRIVERS + " (default: 2 for a new devnet; an existing one keeps"
                        + " its own).")
        Integer drivers;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for the nodes to start and link (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dir = where.dir;
            if (drivers != null && (drivers < 1 || drivers > MAX_DRIVERS)) {
                err.println("gg devnet up: --drivers " + drivers + ": give 1 to " + MAX_DRIVERS);
                return 2;
            }
            if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
                err.println("gg devnet up: --timeout " + timeoutSeconds + ": give 1 to 3600 seconds");
                return 2;
            }
            List<Member> members;
            try {
                if (Files.exists(dir.resolve(MARKER))) {
                    members = members(dir);
                    List<String> running = running(members);
                    if (!running.isEmpty()) {
                        err.println("gg devnet up: a devnet is already running in " + dir + " (" + String.join(", ",
                                running) + "); stop it first: gg devnet down --dir " + dir);
                        return 1;
                    }
                    long have = members.stream().filter(Member::driver).count();
                    if (drivers != null && drivers != have) {
                        err.println("gg devnet up: " + dir + " holds a devnet with " + have + " driver(s); omit"
                                + " --drivers to start it, or delete it first: gg devnet down --dir " + dir + " --clean");
                        return 2;
                    }
                    for (Member m : members) {
                        Files.deleteIfExists(m.pidFile()); // stale: its process is gone
                    }
                } else if (Files.exists(dir) && !isEmptyDirectory(dir)) {
                    err.println("gg devnet up: " + dir + " exists and is not a devnet (no " + MARKER
                            + " file); name a new or empty directory with --dir");
                    return 2;
                } else {
                    members = create(dir, drivers == null ? 2 : drivers);
                    out.println("wrote a new devnet in " + dir + ": " + members.size() + " nodes, each with its node.ini");
                }
            } catch (IOException e) {
                err.println("gg devnet up: " + e.getMessage());
                return 1;
            }
            Map<Member, NodeConfig> configs = new LinkedHashMap<>();
            try {
                for (Member m : members) {
                    configs.put(m, NodeConfig.load(m.ini()));
                }
            } catch (ConfigException e) {
                err.println("gg devnet up: " + e.getMessage());
                return 2;
            }
            Member hub = members.getFirst();
            PublicKey hubId;
            try {
                hubId = KeyFile.load(configs.get(hub).identity()).publicKey();
            } catch (KeyFileException e) {
                err.println("gg devnet up: the hub's identity: " + e.getMessage());
                return 1;
            }
            Launch launch = new Launch(members, configs, hubId, Duration.ofSeconds(timeoutSeconds));
            Thread cleanup = new Thread(launch::abort, "devnet-up-abort");
            Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C while waiting: stop what started
            try {
                launch.run(out);
            } catch (LaunchException e) {
                launch.abort();
                err.println("gg devnet up: " + e.getMessage());
                err.println("gg devnet up: stopped the nodes it had started; data and logs are kept in " + dir);
                return 1;
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            String commands = commands(dir, members, configs, launch.pids());
            out.print(commands);
            out.flush();
            try {
                Files.writeString(dir.resolve(COMMANDS), commands, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("gg devnet up: cannot write " + dir.resolve(COMMANDS) + ": " + e.getMessage());
            }
            return 0;
        }
    }

    /** Why {@code up} gave up. */
    static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;

        LaunchException(String message) {
            super(message);
        }
    }

    /** Starting the members: the hub first, then the rest, each waited for; undone by {@link #abort}. */
    static final class Launch {
        private final List<Member> members;
        private final Map<Member, NodeConfig> configs;
        private final PublicKey hubId;
        private final Duration timeout;
        private final List<String> jvmOptions;
        private final Map<Member, Process> started = new ConcurrentHashMap<>();
        private volatile boolean finished;

        Launch(List<Member> members, Map<Member, NodeConfig> configs, PublicKey hubId, Duration timeout) {
            this(members, configs, hubId, timeout, DEFAULT_JVM_OPTIONS);
        }

        /** As above, each node's JVM started with {@code jvmOptions} (e.g. {@code -Xmx192m}). */
        Launch(List<Member> members, Map<Member, NodeConfig> configs, PublicKey hubId, Duration timeout,
                List<String> jvmOptions) {
            this.members = members;
            this.configs = configs;
            this.hubId = hubId;
            this.timeout = timeout;
            this.jvmOptions = List.copyOf(jvmOptions);
        }

        /** Starts {@code m} again (its earlier process gone) and waits until it is ready, as {@link #run} does. */
        void restart(Member m) throws LaunchException, InterruptedException {
            waitFor(List.of(start(m)), System.nanoTime() + timeout.toNanos());
        }

        /** The process last started for {@code m}, if it was started. */
        Optional<Process> process(Member m) {
            return Optional.ofNullable(started.get(m));
        }

        void run(PrintWriter out) throws LaunchException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Member hub = members.getFirst();
            out.println("starting " + hub.name() + " ...");
            out.flush();
            waitFor(List.of(start(hub)), deadline);
            List<Watch> rest = new ArrayList<>();
            out.println("starting " + String.join(", ", members.subList(1, members.size()).stream()
                    .map(Member::name).toList()) + " ...");
            out.flush();
            for (Member m : members.subList(1, members.size())) {
                rest.add(start(m));
            }
            waitFor(rest, deadline);
            finished = true;
        }

        Map<Member, Long> pids() {
            Map<Member, Long> pids = new LinkedHashMap<>();
            for (Member m : members) {
                pids.put(m, started.get(m).pid());
            }
            return pids;
        }

        private Watch start(Member m) throws LaunchException {
            long offset;
            try {
                offset = Files.exists(m.log()) ? Files.size(m.log()) : 0;
                ProcessBuilder pb = new ProcessBuilder(nodeCommand(m.ini().toAbsolutePath(), jvmOptions))
                        .directory(m.dir().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(m.log().toFile()))
                        .redirectErrorStream(true);
                Process p = pb.start();
                started.put(m, p);
                // the pid, then when that process started: a later pid file check knows a reused pid
                Files.writeString(m.pidFile(), p.pid() + "\n" + p.toHandle().info().startInstant()
                        .map(i -> "started " + i + "\n").orElse(""), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LaunchException("cannot start " + m.name() + ": " + e.getMessage());
            }
            boolean spoke = configs.get(m).gossip().bootstrappers().stream()
                    .anyMatch(b -> b.nodeId().filter(hubId::equals).isPresent());
            return new Watch(m, started.get(m), offset, spoke ? hubId.hex().substring(0, 12) : null);
        }

        /** Waits until every watched node logged that it started (and, for a spoke, linked to the hub). */
        private void waitFor(List<Watch> watches, long deadline) throws LaunchException, InterruptedException {
            while (true) {
                boolean all = true;
                for (Watch w : watches) {
                    w.poll();
                    if (!w.ready()) {
                        if (!w.process.isAlive()) {
                            throw new LaunchException(w.member.name() + " exited with code " + w.process.exitValue()
                                    + " before it was ready; the end of " + w.member.log() + ":\n" + w.tail());
                        }
                        all = false;
                    }
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    StringBuilder b = new StringBuilder("not ready within " + timeout.toSeconds() + " s:");
                    for (Watch w : watches) {
                        if (!w.ready()) {
                            b.append("\n").append(w.member.name()).append(": ").append(w.missing())
                                    .append("; the end of ").append(w.member.log()).append(":\n").append(w.tail());
                        }
                    }
                    throw new LaunchException(b.toString());
                }
                Thread.sleep(200);
            }
        }

        /** Stops every node this launch started, unless it finished. */
        void abort() {
            if (finished || started.isEmpty()) {
                return;
            }
            List<ProcessHandle> handles = started.values().stream().map(Process::toHandle).toList();
            stop(handles, Duration.ofSeconds(10));
            for (Member m : started.keySet()) {
                try {
                    Files.deleteIfExists(m.pidFile());
                } catch (IOException e) {
                    // nothing more to do: a stale pid file is ignored by the next up
                }
            }
        }
    }

    /** What a starting node has logged since it started; its log file is read from {@code offset} on. */
    static final class Watch {
        final Member member;
        final Process process;
        private long offset;
        private final String hub12;
        private final StringBuilder text = new StringBuilder();
        private boolean started;
        private boolean linked;

        Watch(Member member, Process process, long offset, String hub12) {
            this.member = member;
            this.process = process;
            this.offset = offset;
            this.hub12 = hub12;
            this.linked = hub12 == null;
        }

        void poll() {
            try (var ch = FileChannel.open(member.log())) {
                long size = ch.size();
                if (size <= offset) {
                    return;
                }
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
                int n = ch.read(buf, offset);
                if (n > 0) {
                    offset += n;
                    text.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return; // not there yet
            }
            started = started || STARTED.matcher(text).find();
            linked = linked || text.indexOf("msg=\"linked to " + hub12) >= 0;
        }

        boolean ready() {
            return started && linked;
        }

        String missing() {
            return !started ? "no \"node ... started\" line" : "no \"linked to " + hub12 + "...\" line (the hub)";
        }

        String tail() {
            String[] lines = text.toString().split("\n");
            return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
        }
    }

    /** The JVM options of a devnet node unless told otherwise. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m");

    /**
     * {@code java [flags] -cp CLASSPATH org.giggossip.app.cli.Gg node --config INI}, detached when possible;
     * the flags include {@code jvmOptions}, then {@code GG_JAVA_OPTS}.
     */
    static List<String> nodeCommand(Path ini, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        // setsid: a session of its own, so that the terminal's Ctrl-C and hang-up do not reach the node
        Stream.of("/usr/bin/setsid", "/bin/setsid").filter(s -> Files.isExecutable(Path.of(s))).findFirst()
                .ifPresent(cmd::add);
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED"); // libsecp256k1 and SQLite through JNI
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // Netty's buffers
        }
        cmd.addAll(jvmOptions);
        String opts = System.getenv("GG_JAVA_OPTS"); // as the gg launchers take it; after -Xmx, so it may override it
        if (opts != null) {
            Stream.of(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(cmd::add);
        }
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(MAIN_CLASS);
        cmd.addAll(List.of("node", "--config", ini.toString()));
        return cmd;
    }

    /** This JVM's class path with every entry absolute, for a process started in another directory. */
    static String absoluteClassPath() {
        return String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().normalize().toString()).toList());
    }

    // -------------------------------------------------------------------------------- the files

    /** Writes a new devnet in {@code dir}: keys, free ports, INI files and the marker. */
    static List<Member> create(Path dir, int drivers) throws IOException {
        List<Member> members = new ArrayList<>();
        members.add(new Member(HUB, dir.resolve(HUB)));
        members.add(new Member(RIDER, dir.resolve(RIDER)));
        for (int i = 1; i <= drivers; i++) {
            members.add(new Member(DRIVER + i, dir.resolve(DRIVER + i)));
        }
        int[] ports = freePorts(3 * members.size());
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        String hubAddress = null;
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            Files.createDirectories(m.dir());
            PrivateKey key = PrivateKey.generate(random);
            KeyFile.save(m.dir().resolve("gg-data").resolve("identity.key"), key);
            String p2p = "127.0.0.1:" + ports[3 * i];
            if (i == 0) {
                hubAddress = key.publicKey().hex() + "@" + p2p;
            }
            long price = FIRST_PRICE_SAT + PRICE_STEP_SAT * (i - 2);
            Files.writeString(m.ini(), ini(m, p2p, "127.0.0.1:" + ports[3 * i + 1], "127.0.0.1:" + ports[3 * i + 2],
                    hubAddress, price), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve(MARKER), "A local Gig-gossip network written by `gg devnet up` (docs/devnet.md).\n"
                + "`gg devnet down --dir " + dir + " --clean` stops it and deletes this directory.\n",
                StandardCharsets.UTF_8);
        return members;
    }

    /** The INI file of {@code m}: every key with a comment saying what it does. */
    static String ini(Member m, String p2p, String gossipApi, String app, String hubAddress, long priceSat) {
        StringBuilder b = new StringBuilder();
        String role = switch (m.name()) {
            case HUB -> "the hub: it serves the settler and a regtest ledger, and relays between the others";
            case RIDER -> "the rider: it posts jobs (gg job post) and pays the offer it takes";
            default -> "a driver: it answers every job it hears of at a fixed price";
        };
        b.append("; devnet node ").append(m.name()).append(", ").append(role).append(".\n")
                .append("; Written by `gg devnet up`; change it, then `gg devnet down` and `gg devnet up` to apply.\n")
                .append("; Every key: node/config/node.ini.example (or `gg node --check node.ini` for the effective\n")
                .append("; values). Relative paths are read from this file's directory.\n\n");
        b.append("[gossip]\n")
                .append("; where other nodes link to this one (TCP, BOLT 8); other INI files name this port\n")
                .append("p2p_address = ").append(p2p).append('\n')
                .append("; the VoidPhone gossip API, for local modules (gg gossip announce/listen --api)\n")
                .append("api_address = ").append(gossipApi).append('\n');
        if (!m.name().equals(HUB)) {
            b.append("; the node linked first, <node id>@host:port: the hub; discovery finds the others through it\n")
                    .append("bootstrapper = ").append(hubAddress).append('\n');
        }
        b.append("\n[node]\n")
                .append("; the store (node.db) and the app API's token (api.token) live here\n")
                .append("data_dir = gg-data\n")
                .append("; this node's secp256k1 identity; written by `gg devnet up` so that the INI files can name\n")
                .append("; the hub before it starts\n")
                .append("identity_key = gg-data/identity.key\n")
                .append("; the local HTTP app API that gg job, gg work, gg peers and gg status talk to (--api)\n")
                .append("app_address = ").append(app).append('\n')
                .append("; every node of the devnet connects from 127.0.0.1; the default, 8 per address, would turn\n")
                .append("; away all but the first few (a node enrols with the hub over a second link, briefly)\n")
                .append("max_connections_per_address = ").append(LOCAL_CONNECTIONS_PER_ADDRESS).append('\n');
        if (m.name().equals(RIDER)) {
            b.append("; the node pays no offer by itself: `gg job accept` takes one. With [customer] auto_choose =\n")
                    .append("; cheapest it would take the cheapest once a job has collected offers this long (seconds)\n")
                    .append("offer_window_s = ").append(RIDER_OFFER_WINDOW_S).append('\n');
        }
        b.append("\n[settler]\n");
        if (m.name().equals(HUB)) {
            b.append("; run a settler here (its key: gg-data/settler.key) and a regtest ledger that every linked\n")
                    .append("; node uses as its wallet\n")
                    .append("serve = true\n")
                    .append("; what the regtest ledger gives each new account, in sat\n")
                    .append("starting_balance_sat = 1000000\n");
        } else {
            b.append("; the node that serves the settler, <node id>@host:port, reached over our links; its regtest\n")
                    .append("; ledger is this node's wallet\n")
                    .append("address = ").append(hubAddress).append('\n');
        }
        if (m.driver()) {
            b.append("\n[worker]\n")
                    .append("; answer every job at this price, in sat (a bot driver); without it, jobs wait for\n")
                    .append("; `gg work reply` on this node's app API\n")
                    .append("price_sat = ").append(priceSat).append('\n')
                    .append("; sealed for the customer who pays; the rider reads it once the ride is paid\n")
                    .append("message = hello from ").append(m.name()).append(" of the devnet\n");
        }
        return b.toString();
    }

    /** {@code n} distinct ports free on 127.0.0.1 now (all held open together, then released). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** The members of the devnet in {@code dir}: the hub, the rider, then the drivers by number. */
    static List<Member> members(Path dir) throws IOException {
        List<Member> members = new ArrayList<>();
        for (String name : List.of(HUB, RIDER)) {
            Member m = new Member(name, dir.resolve(name));
            if (!Files.isRegularFile(m.ini())) {
                throw new IOException(dir + " is a devnet without " + m.ini());
            }
            members.add(m);
        }
        List<Integer> numbers = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.toList()) {
                Matcher d = DRIVER_DIR.matcher(p.getFileName().toString());
                if (d.matches() && Files.isRegularFile(p.resolve("node.ini"))) {
                    numbers.add(Integer.parseInt(d.group(1)));
                }
            }
        }
        numbers.stream().sorted(Comparator.naturalOrder())
                .forEach(i -> members.add(new Member(DRIVER + i, dir.resolve(DRIVER + i))));
        return members;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    // ------------------------------------------------------------------------------- processes

    /**
     * The node process {@code m}'s pid file names, if that process is alive and is the one
     * that was started (the pid file's second line, {@code started INSTANT}, is its start time).
     */
    static Optional<ProcessHandle> live(Member m) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(m.pidFile()) || Files.size(m.pidFile()) > 200) {
                return Optional.empty();
            }
            lines = Files.readString(m.pidFile(), StandardCharsets.UTF_8).lines().map(String::strip).toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid;
        Optional<Instant> startedAt = Optional.empty();
        try {
            pid = lines.isEmpty() ? 0 : Long.parseLong(lines.getFirst());
            if (lines.size() > 1 && lines.get(1).startsWith("started ")) {
                startedAt = Optional.of(Instant.parse(lines.get(1).substring("started ".length())));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
        if (pid <= 0) {
            return Optional.empty();
        }
        Optional<Instant> expected = startedAt;
        // a pid may have been reused since: only the process that started then is ours
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> expected.isEmpty()
                || h.info().startInstant().map(s -> Duration.between(s, expected.get()).abs().toMillis() < 1000)
                        .orElse(true));
    }

    /** "name (pid N)" for each member whose process runs. */
    static List<String> running(List<Member> members) {
        List<String> r = new ArrayList<>();
        for (Member m : members) {
            live(m).ifPresent(h -> r.add(m.name() + " (pid " + h.pid() + ")"));
        }
        return r;
    }

    /**
     * SIGTERM to each of {@code handles}, then SIGKILL to those still alive after {@code grace}.
     *
     * @return how many needed SIGKILL
     */
    static int stop(List<ProcessHandle> handles, Duration grace) {
        handles.forEach(ProcessHandle::destroy); // SIGTERM: the node's shutdown hook closes links and store
        long deadline = System.nanoTime() + grace.toNanos();
        while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<ProcessHandle> left = handles.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (left.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - killDeadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return left.size();
    }

    // -------------------------------------------------------------------------------- printing

    /** How the user runs gg: the launcher this JVM was started by, as a path they can type here. */
    static String launcher() {
        String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
        Path jar = Path.of(first).toAbsolutePath().normalize();
        Path parent = jar.getParent();
        Path script = null;
        if (parent != null && parent.getParent() != null && jar.getFileName().toString().equals("gg.jar")) {
            Path up = parent.getParent();
            if (parent.getFileName().toString().equals("app")) {
                script = up.resolve("bin").resolve("gg"); // the release archive
            } else if (parent.getFileName().toString().equals("target") && up.getParent() != null) {
                script = up.getParent().resolve("gg"); // a source tree: node/target/gg.jar
            }
        }
        if (script == null || !Files.isExecutable(script)) {
            return "gg";
        }
        return shown(script);
    }

    /** {@code p} relative to the working directory when it is under it ({@code ./...}), else absolute. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? "./" + cwd.relativize(abs) : abs.toString();
    }

    /** Where {@code m}'s app API and token are, as {@code --api A --token-file F}. */
    static String apiArgs(NodeConfig cfg) {
        HostPort app = cfg.node().appAddress();
        return "--api " + app.host() + ":" + app.port() + " --token-file " + shown(cfg.node().dataDir()
                .resolve("api.token"));
    }

    /** The summary and the commands {@code up} prints. */
    static String commands(Path dir, List<Member> members, Map<Member, NodeConfig> configs, Map<Member, Long> pids) {
        String gg = launcher();
        StringBuilder b = new StringBuilder("\ndevnet up in " + dir + ":\n");
        for (Member m : members) {
            b.append("  ").append(row(m, configs.get(m))).append("  pid ").append(pids.get(m)).append('\n');
        }
        Member rider = members.get(1);
        String api = apiArgs(configs.get(rider));
        b.append("\nA ride, as the rider (paste line by line; the drivers answer at ")
                .append(members.stream().filter(Member::driver).map(m -> configs.get(m).worker().priceSat()
                        .map(p -> String.format("%,d", p)).orElse("?")).reduce((x, y) -> x + ", " + y).orElse("-"))
                .append(" sat, and `accept $ID N` takes offer #N as `offers` lists it):\n")
                .append("  ID=$(").append(gg).append(" job post ").append(api).append(" --from r3gx2g5 --to r3gx2ux)\n")
                .append("  ").append(gg).append(" job offers $ID --wait 30 ").append(api).append('\n')
                .append("  ").append(gg).append(" job accept $ID 1 ").append(api).append('\n')
                .append("  ").append(gg).append(" job show $ID ").append(api).append('\n')
                .append("  ").append(gg).append(" job confirm $ID ").append(api).append('\n')
                .append("  ").append(gg).append(" job list ").append(api).append('\n')
                .append("  ").append(gg).append(" peers ").append(api).append('\n')
                .append("\nFollow the job in every node's log:  grep \"${ID:0:8}\" ").append(shown(dir)).append("/*/node.log\n")
                .append("Status:  ").append(gg).append(" devnet status --dir ").append(shown(dir)).append('\n')
                .append("Stop:    ").append(gg).append(" devnet down --dir ").append(shown(dir))
                .append("   (add --clean to delete ").append(shown(dir)).append(")\n");
        return b.toString();
    }

    /** One node's line: name, app API, p2p address and node id. */
    static String row(Member m, NodeConfig cfg) {
        String id;
        try {
            id = KeyFile.load(cfg.identity()).publicKey().hex().substring(0, 12);
        } catch (KeyFileException e) {
            id = "(no key yet)";
        }
        HostPort app = cfg.node().appAddress();
        HostPort p2p = cfg.gossip().p2pAddress();
        return String.format("%-10s app API %s:%d  p2p %s:%d  node %s", m.name(), app.host(), app.port(), p2p.host(),
                p2p.port(), id);
    }

    /** The devnet in {@code dir}, or an error message on {@code err} and null. */
    static List<Member> existing(String command, Path dir, PrintWriter err) {
        if (!Files.exists(dir.resolve(MARKER))) {
            err.println("gg devnet " + command + ": no devnet in " + dir + " (no " + MARKER + " file; gg devnet up --dir "
                    + dir + " makes one)");
            return null;
        }
        try {
            return members(dir);
        } catch (IOException e) {
            err.println("gg devnet " + command + ": " + e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------------------------- down

    /** {@code gg devnet down}: SIGTERM, then SIGKILL; removes the pid files; keeps or deletes the rest. */
    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop the devnet's nodes (SIGTERM, then SIGKILL after --timeout) and remove their pid files;"
                    + " data and logs stay unless --clean.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DirOption where;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
                description = "How long the nodes may take to stop after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--clean", description = "Then delete the devnet's directory: data, keys, logs and INI files.")
        boolean clean;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (timeoutSeconds < 0 || timeoutSeconds > 3600) {
                err.println("gg devnet down: --timeout " + timeoutSeconds + ": give 0 to 3600 seconds");
                return 2;
            }
            List<Member> members = existing("down", where.dir, err);
            if (members == null) {
                return 1;
            }
            List<ProcessHandle> handles = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Member m : members) {
                live(m).ifPresent(h -> {
                    handles.add(h);
                    names.add(m.name() + " (pid " + h.pid() + ")");
                });
            }
            int killed = stop(handles, Duration.ofSeconds(timeoutSeconds));
            List<String> alive = new ArrayList<>();
            for (Member m : members) {
                Optional<ProcessHandle> still = live(m);
                if (still.isPresent()) {
                    alive.add(m.name() + " (pid " + still.get().pid() + ")");
                    continue;
                }
                try {
                    Files.deleteIfExists(m.pidFile());
                } catch (IOException e) {
                    err.println("gg devnet down: cannot remove " + m.pidFile() + ": " + e.getMessage());
                }
            }
            if (!alive.isEmpty()) {
                err.println("gg devnet down: still running after SIGKILL: " + String.join(", ", alive));
                return 1;
            }
            out.println(names.isEmpty() ? "no node of " + where.dir + " was running"
                    : "stopped " + String.join(", ", names) + (killed > 0 ? " (" + killed + " needed SIGKILL)" : ""));
            if (clean) {
                try {
                    deleteTree(where.dir);
                } catch (IOException e) {
                    err.println("gg devnet down: cannot delete " + where.dir + ": " + e.getMessage());
                    return 1;
                }
                out.println("deleted " + where.dir);
            } else {
                out.println("data and logs kept in " + where.dir + " (gg devnet up --dir " + where.dir
                        + " starts it again)");
            }
            return 0;
        }
    }

    /** Deletes {@code dir} and everything under it, without following symbolic links out of it. */
    static void deleteTree(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }

    // -------------------------------------------------------------------------------- status

    /** {@code gg devnet status}: which nodes run, and where their APIs are. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show which of the devnet's nodes are running, with their pids and addresses;"
                    + " exit 0 if all run, 3 if any does not.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DirOption where;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Member> members = existing("status", where.dir, err);
            if (members == null) {
                return 1;
            }
            int down = 0;
            for (Member m : members) {
                String state = live(m).map(h -> "running  pid " + h.pid()).orElse("stopped");
                if (!state.startsWith("running")) {
                    down++;
                }
                String row;
                try {
                    row = row(m, NodeConfig.load(m.ini()));
                } catch (ConfigException e) {
                    row = String.format("%-10s %s", m.name(), e.getMessage());
                }
                out.println(row + "  " + state);
            }
            return down == 0 ? 0 : 3;
        }
    }
}
