package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import org.giggossip.node.api.ApiJson;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.NodeConfig;

/**
 * A soak of a network of real {@code gg node} processes (docs/network-bench.md): a settler hub
 * (it serves the settler and the regtest ledger every node's wallet lives on), a rider, drivers
 * with {@code [worker] price_sat} and middlemen that only relay, started as {@code gg devnet}
 * starts its nodes ({@link DevnetCommand.Launch}). The rider posts a taxi job every few seconds
 * over its app API, takes the cheapest offer, waits for the reply to open, confirms and waits for
 * the settlement; two middlemen are killed with SIGKILL on the way (at a third and two thirds of
 * the run) and restarted from their data directories. Afterwards it stops every node and reads
 * the figures: offers, times, payments, the ledger's sum before and after, reconnects, the
 * "closed" lines of every log sorted into expected and unexpected, CPU and RSS per process.
 *
 * <p>Used by {@code gg bench network} and by the test suite's {@code NetworkSoakTest}. Every wait
 * is bounded; every process it started is killed at the end, also when it fails or the JVM is
 * stopped (a shutdown hook).
 */
public final class NetworkSoak {
    /** How the spokes are linked at the start. */
    public enum Topology {
        /** Every spoke bootstraps to the hub only. */
        HUB,
        /** Every spoke bootstraps to the hub and to one or two other spokes, chosen by the seed. */
        RANDOM;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What to run.
     *
     * @param dir        an empty or absent directory for the nodes' files (one subdirectory per phase)
     * @param duration   how long jobs are posted, in total (split evenly between the topologies)
     * @param drivers    drivers, at least 1
     * @param middlemen  middlemen, at least 2 (two are killed)
     * @param topologies one phase per topology, each on a fresh network
     * @param seed       chooses the random links and which middlemen are killed
     * @param jobEvery   time between two posts
     * @param jvmOptions JVM options of every node, e.g. {@code -Xmx192m}
     */
    public record Settings(Path dir, Duration duration, int drivers, int middlemen, List<Topology> topologies,
            long seed, Duration jobEvery, List<String> jvmOptions) {
        public Settings {
            Objects.requireNonNull(dir, "dir");
            topologies = List.copyOf(topologies);
            jvmOptions = List.copyOf(jvmOptions);
            if (duration.compareTo(Duration.ofSeconds(10)) < 0 || duration.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("the duration must be 10 s to 1 day: " + duration);
            }
            if (drivers < 1 || drivers > DevnetCommand.MAX_DRIVERS) {
                throw new IllegalArgumentException("drivers must be 1 to " + DevnetCommand.MAX_DRIVERS + ": " + drivers);
            }
            if (middlemen < 2 || middlemen > 32) {
                throw new IllegalArgumentException("middlemen must be 2 to 32 (two are killed): " + middlemen);
            }
            if (topologies.isEmpty()) {
                throw new IllegalArgumentException("no topology");
            }
            if (jobEvery.compareTo(Duration.ofMillis(500)) < 0 || jobEvery.compareTo(duration) > 0) {
                throw new IllegalArgumentException("a job every " + jobEvery + ": give 0.5 s to the duration");
            }
        }

        int nodes() {
            return 2 + drivers + middlemen;
        }
    }

    /** The soak could not run (a node did not start, the directory is unusable). */
    public static final class SoakException extends Exception {
        private static final long serialVersionUID = 1L;

        public SoakException(String message) {
            super(message);
        }
    }

    /** One job the rider posted, as it went. */
    public record JobOutcome(String id, double postedAtSeconds, int offers, long firstOfferMillis, boolean paid,
            boolean settled, String failure) {
        public boolean offered() {
            return firstOfferMillis >= 0;
        }
    }

    /** A process's figures over all its incarnations. */
    public record ProcessFigures(String name, int starts, double cpuSeconds, long peakRssKb, long lastRssKb) {}

    /** A close line of a node's log that no kill, enrolment or shutdown explains. */
    public record Close(String node, String line) {}

    /** The figures of one topology's run. */
    public record Phase(Topology topology, double seconds, List<JobOutcome> jobs, long ledgerBeforeMsat,
            long ledgerAfterMsat, int reconnects, int reconnectsToKilled, Map<String, Integer> expectedCloses,
            Map<String, Integer> unexpectedCloses, List<Close> unexpectedLines, List<ProcessFigures> processes,
            List<String> killed) {
        public int posted() {
            return jobs.size();
        }

        public int offered() {
            return (int) jobs.stream().filter(JobOutcome::offered).count();
        }

        public int paid() {
            return (int) jobs.stream().filter(JobOutcome::paid).count();
        }

        public int settled() {
            return (int) jobs.stream().filter(JobOutcome::settled).count();
        }

        public double offersPerJob() {
            return jobs.isEmpty() ? 0 : jobs.stream().mapToInt(JobOutcome::offers).sum() / (double) jobs.size();
        }

        /** The {@code q}-quantile (0..1) of the times to the first offer, in ms, or -1 without offers. */
        public long firstOfferMillis(double q) {
            List<Long> t = new ArrayList<>(jobs.stream().filter(JobOutcome::offered).map(JobOutcome::firstOfferMillis)
                    .toList());
            if (t.isEmpty()) {
                return -1;
            }
            Collections.sort(t);
            int i = (int) Math.ceil(q * t.size()) - 1;
            return t.get(Math.max(0, Math.min(t.size() - 1, i)));
        }

        public boolean moneyConserved() {
            return ledgerBeforeMsat == ledgerAfterMsat;
        }

        public int unexpectedCloseCount() {
            return unexpectedCloses.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Time to take the first offers after the first one arrived. */
    static final Duration COLLECT = Duration.ofSeconds(1);
    /** A job without an offer this long after it was posted has none. */
    static final Duration OFFER_WAIT = Duration.ofSeconds(20);
    /** From accept to the reply opened, and from confirm to settled. */
    static final Duration STEP_WAIT = Duration.ofSeconds(90);
    /**
     * The rider's offer window: longer than {@link #OFFER_WAIT}, so that the soak, not the node, would take the
     * offer even if the rider's file chose an {@code auto_choose} policy (it has none: the node takes no offer itself).
     */
    static final int RIDER_OFFER_WINDOW_S = 60;
    /** How long nodes get to start and link, and a killed middleman to come back. */
    static final Duration START_WAIT = Duration.ofSeconds(180);
    /** After a kill, how long closes of links to the killed node count as the kill's. */
    static final Duration KILL_AFTERMATH = Duration.ofSeconds(60);
    private static final long CLOCK_TICKS = 100; // USER_HZ of Linux's /proc/<pid>/stat on every common platform
    private static final Pattern CLOSE_LINE = Pattern.compile("^ts=(\\S+) .*?msg=\"closed (.*?): (.*)\"\\s*$");
    private static final Pattern SUPPRESSED = Pattern.compile("^ts=(\\S+) .*?msg=\"suppressed ([0-9]+) closes");
    /** The "closed by the peer" count in a suppressed-closes line. */
    private static final Pattern SUPPRESSED_BY_PEER = Pattern.compile("\\(reasons: (?:.*, )?closed by the peer=([0-9]+)");
    private static final Pattern ENROLLED = Pattern.compile("^ts=(\\S+) .*?msg=\"service: enrolled ([0-9a-f]{12});");
    /** How long after a node enrolled the serving side sees the enrolment link close. */
    static final Duration ENROLMENT_CLOSE = Duration.ofSeconds(10);
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{12,64}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{2,}");
    private static final String MIDDLE = "middle-";

    private final Settings settings;
    private final PrintWriter progress;

    public NetworkSoak(Settings settings, PrintWriter progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs every phase in turn; each starts a fresh network in its own directory and stops it. */
    public List<Phase> run() throws SoakException, InterruptedException {
        List<Phase> phases = new ArrayList<>();
        Duration each = settings.duration().dividedBy(settings.topologies().size());
        int n = 0;
        for (Topology t : settings.topologies()) {
            n++;
            phases.add(new Run(t, settings.dir().resolve(n + "-" + t.label()), each, settings.seed() + n).run());
        }
        return phases;
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println(line);
            progress.flush();
        }
    }

    /**
     * What the served ledger gives each account: enough for the rider to pay every job of the whole run
     * at the dearest driver's price, twice over for fees and margin, and never less than the default. A
     * fixed million sat ran out after about 83 rides, some 4 minutes into a phase.
     */
    static long startingBalanceSat(Settings settings) {
        long jobs = settings.duration().toMillis() / settings.jobEvery().toMillis() + 1;
        long dearest = DevnetCommand.FIRST_PRICE_SAT + DevnetCommand.PRICE_STEP_SAT * (settings.drivers() - 1);
        return Math.max(1_000_000L, 2 * jobs * dearest);
    }

    /** One phase: its network, its jobs, its kills and its figures. */
    private final class Run {
        private final Topology topology;
        private final Path dir;
        private final Duration duration;
        private final Random random;
        private final List<DevnetCommand.Member> members = new ArrayList<>();
        private final Map<DevnetCommand.Member, NodeConfig> configs = new LinkedHashMap<>();
        private final Map<String, String> ids = new LinkedHashMap<>(); // name -> node id, 12 hex
        private final Map<String, Integer> p2pPorts = new LinkedHashMap<>();
        private final Map<String, ProcessFigures> figures = new ConcurrentHashMap<>();
        private final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());
        private DevnetCommand.Launch launch;
        private long startNanos;


        Run(Topology topology, Path dir, Duration duration, long seed) {
            this.topology = topology;
            this.dir = dir;
            this.duration = duration;
            this.random = new Random(seed);
        }

        Phase run() throws SoakException, InterruptedException {
            write();
            PublicKey hubId;
            try {
                for (DevnetCommand.Member m : members) {
                    configs.put(m, NodeConfig.load(m.ini()));
                }
                hubId = KeyFile.load(configs.get(members.getFirst()).identity()).publicKey();
            } catch (ConfigException | KeyFileException e) {
                throw new SoakException("the soak's own node files do not load: " + e.getMessage());
            }
            launch = new DevnetCommand.Launch(members, configs, hubId, START_WAIT, settings.jvmOptions());
            Thread hook = new Thread(this::killAll, "soak-kill-nodes");
            Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C: no node outlives the soak
            try {
                say("phase " + topology.label() + ": starting " + members.size() + " nodes in " + dir);
                try (PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter())) {
                    launch.run(quiet);
                } catch (DevnetCommand.LaunchException e) {
                    throw new SoakException("phase " + topology.label() + ": " + e.getMessage());
                }
                return measure();
            } finally {
                killAll();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs (or ran) killAll too
                }
            }
        }

        private Phase measure() throws SoakException, InterruptedException {
            long before = ledger(true);
            say("phase " + topology.label() + ": all nodes up; the ledger holds " + before + " msat; posting a job every "
                    + settings.jobEvery().toMillis() + " ms for " + duration.toSeconds() + " s");
            ApiClient rider = api(members.get(1));
            List<DevnetCommand.Member> middlemen = members.stream().filter(m -> m.name().startsWith(MIDDLE)).toList();
            List<DevnetCommand.Member> victims = new ArrayList<>(middlemen);
            Collections.shuffle(victims, random);
            victims = victims.subList(0, 2);
            List<JobOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger done = new AtomicInteger();
            startNanos = System.nanoTime();
            long end = startNanos + duration.toNanos();
            List<Thread> killers = new ArrayList<>();
            try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
                int posted = 0;
                int killsDone = 0;
                while (System.nanoTime() - end < 0) {
                    long elapsed = System.nanoTime() - startNanos;
                    if (killsDone < 2 && elapsed >= duration.toNanos() * (killsDone + 1) / 3) {
                        DevnetCommand.Member victim = victims.get(killsDone);
                        Thread t = Thread.ofVirtual().name("soak-kill-" + victim.name()).start(() -> killAndRestart(victim));
                        killers.add(t);
                        killsDone++;
                    }
                    posted++;
                    int number = posted;
                    jobs.submit(() -> {
                        JobOutcome o = job(rider, number);
                        outcomes.add(o);
                        say(String.format("%s job %d %s at +%.1fs: %d offer(s)%s%s%s", topology.label(), number,
                                o.id().length() >= 8 ? o.id().substring(0, 8) : "-", o.postedAtSeconds(), o.offers(),
                                o.offered() ? ", first after " + o.firstOfferMillis() + " ms" : "",
                                o.settled() ? ", settled" : o.paid() ? ", paid" : "",
                                o.failure().isEmpty() ? "" : "; " + o.failure()));
                        done.incrementAndGet();
                    });
                    long next = startNanos + posted * settings.jobEvery().toNanos();
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                say("phase " + topology.label() + ": posted " + posted + " jobs; waiting for the last ones to end");
                jobs.shutdown();
                if (!jobs.awaitTermination(OFFER_WAIT.plus(STEP_WAIT).plus(STEP_WAIT).toSeconds() + 30, TimeUnit.SECONDS)) {
                    jobs.shutdownNow();
                    say("phase " + topology.label() + ": " + (posted - done.get()) + " job(s) did not end in time");
                }
            }
            for (Thread t : killers) {
                t.join(START_WAIT.toMillis() + 30_000);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long after = ledgerSettled(before);
            int[] reconnects = reconnects();
            for (DevnetCommand.Member m : members) {
                launch.process(m).ifPresent(p -> sample(m.name(), p));
            }
            Instant shutdown = Instant.now();
            say("phase " + topology.label() + ": stopping the nodes");
            stopAll();
            Map<String, Integer> expected = new TreeMap<>();
            Map<String, Integer> unexpected = new TreeMap<>();
            List<Close> lines = new ArrayList<>();
            for (DevnetCommand.Member m : members) {
                closes(m, shutdown, expected, unexpected, lines);
            }
            List<JobOutcome> sorted = new ArrayList<>(outcomes);
            sorted.sort(java.util.Comparator.comparingDouble(JobOutcome::postedAtSeconds));
            List<ProcessFigures> procs = members.stream().map(m -> figures.get(m.name())).filter(Objects::nonNull).toList();
            return new Phase(topology, seconds, sorted, before, after, reconnects[0], reconnects[1], expected, unexpected,
                    lines, procs,
                    kills.stream().map(Kill::name).toList());
        }

        // ---------------------------------------------------------------------------- the network

        private void write() throws SoakException {
            try {
                if (Files.exists(dir)) {
                    throw new SoakException(dir + " exists; the soak writes a new network there");
                }
                Files.createDirectories(dir);
                List<String> names = new ArrayList<>(List.of(DevnetCommand.HUB, DevnetCommand.RIDER));
                for (int i = 1; i <= settings.drivers(); i++) {
                    names.add(DevnetCommand.DRIVER + i);
                }
                for (int i = 1; i <= settings.middlemen(); i++) {
                    names.add(MIDDLE + i);
                }
                int[] ports = DevnetCommand.freePorts(3 * names.size());
                SecureRandom keys = new SecureRandom();
                List<String> addresses = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    DevnetCommand.Member m = new DevnetCommand.Member(names.get(i), dir.resolve(names.get(i)));
                    members.add(m);
                    Files.createDirectories(m.dir());
                    PrivateKey key = PrivateKey.generate(keys);
                    KeyFile.save(m.dir().resolve("gg-data").resolve("identity.key"), key);
                    addresses.add(key.publicKey().hex() + "@127.0.0.1:" + ports[3 * i]);
                    ids.put(m.name(), key.publicKey().hex().substring(0, 12));
                    p2pPorts.put(m.name(), ports[3 * i]);
                }
                for (int i = 0; i < members.size(); i++) {
                    List<String> boot = new ArrayList<>();
                    if (i > 0) {
                        boot.add(addresses.getFirst());
                        if (topology == Topology.RANDOM) {
                            List<Integer> others = new ArrayList<>();
                            for (int j = 1; j < members.size(); j++) {
                                if (j != i) {
                                    others.add(j);
                                }
                            }
                            Collections.shuffle(others, random);
                            int extra = 1 + random.nextInt(2);
                            others.subList(0, extra).forEach(j -> boot.add(addresses.get(j)));
                        }
                    }
                    Files.writeString(members.get(i).ini(), ini(members.get(i), i, ports, boot, addresses.getFirst()),
                            StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new SoakException("cannot write the network in " + dir + ": " + e.getMessage());
            }
        }

        private String ini(DevnetCommand.Member m, int i, int[] ports, List<String> boot, String hub) {
            StringBuilder b = new StringBuilder("; gg bench network: node " + m.name() + " of a " + topology.label()
                    + " network\n\n[gossip]\np2p_address = 127.0.0.1:" + ports[3 * i] + "\napi_address = 127.0.0.1:"
                    + ports[3 * i + 1] + "\n");
            if (!boot.isEmpty()) {
                b.append("bootstrapper = ").append(String.join(", ", boot)).append('\n');
            }
            b.append("\n[node]\ndata_dir = gg-data\nidentity_key = gg-data/identity.key\napp_address = 127.0.0.1:")
                    .append(ports[3 * i + 2]).append('\n');
            // every node connects from 127.0.0.1, the hub's enrolment links briefly twice: the default 8 is too few
            b.append("max_connections_per_address = ").append(2 * settings.nodes()).append('\n');
            if (m.name().equals(DevnetCommand.RIDER)) {
                b.append("offer_window_s = ").append(RIDER_OFFER_WINDOW_S).append('\n');
            }
            b.append("\n[settler]\n");
            if (i == 0) {
                b.append("serve = true\nstarting_balance_sat = ").append(startingBalanceSat(settings)).append('\n');
            } else {
                b.append("address = ").append(hub).append('\n');
            }
            if (m.driver()) {
                int d = Integer.parseInt(m.name().substring(DevnetCommand.DRIVER.length()));
                b.append("\n[worker]\nprice_sat = ").append(DevnetCommand.FIRST_PRICE_SAT
                        + DevnetCommand.PRICE_STEP_SAT * (d - 1)).append("\nmessage = soak ").append(m.name()).append('\n');
            }
            return b.toString();
        }

        private ApiClient api(DevnetCommand.Member m) throws SoakException {
            NodeConfig cfg = configs.get(m);
            try {
                String token = Files.readString(cfg.node().dataDir().resolve("api.token"), StandardCharsets.UTF_8).strip();
                return new ApiClient(cfg.node().appAddress().host() + ":" + cfg.node().appAddress().port(), token,
                        Duration.ofSeconds(20));
            } catch (IOException e) {
                throw new SoakException(m.name() + ": no app API token: " + e.getMessage());
            }
        }

        // -------------------------------------------------------------------------------- a job

        private JobOutcome job(ApiClient rider, int number) {
            long posted = System.nanoTime();
            double at = (posted - startNanos) / 1e9;
            String id = "";
            int offers = 0;
            long first = -1;
            boolean paid = false;
            try {
                ObjectNode body = ApiJson.MAPPER.createObjectNode();
                Instant now = Instant.now();
                body.putObject("taxi").put("from", "r3gx2g5").put("to", "r3gx2ux").put("pickup_after", now.toString())
                        .put("pickup_before", now.plus(Duration.ofMinutes(30)).toString());
                id = rider.post("/v1/jobs", body).path("id").asText();
                if (!id.matches("[0-9a-f]{16,64}")) {
                    return new JobOutcome(id, at, 0, -1, false, false, "post: no job id in the answer");
                }
                JsonNode view = rider.get("/v1/jobs/" + id);
                long offerDeadline = posted + OFFER_WAIT.toNanos();
                while (true) {
                    offers = view.path("offers").size();
                    long now2 = System.nanoTime();
                    if (offers > 0 && first < 0) {
                        first = (now2 - posted) / 1_000_000;
                    }
                    if (!view.path("state").asText().equals("OPEN")) {
                        return new JobOutcome(id, at, offers, first, false, false, "before accept the job is "
                                + view.path("state").asText() + reason(view));
                    }
                    if (first >= 0 && now2 - posted - first * 1_000_000 >= COLLECT.toNanos()) {
                        break;
                    }
                    if (now2 - offerDeadline > 0) {
                        return new JobOutcome(id, at, offers, first, false, false, first < 0 ? "no offer in "
                                + OFFER_WAIT.toSeconds() + " s" : "offers vanished");
                    }
                    Thread.sleep(200);
                    view = rider.get("/v1/jobs/" + id);
                }
                JsonNode best = null;
                for (JsonNode o : view.path("offers")) {
                    if (best == null || cost(o) < cost(best)) {
                        best = o;
                    }
                }
                if (best == null) {
                    return new JobOutcome(id, at, offers, first, false, false, "offers vanished before accept");
                }
                rider.post("/v1/jobs/" + id + "/accept", ApiJson.MAPPER.createObjectNode().put("offer",
                        best.path("number").asInt()));
                view = until(rider, id, List.of("OPENED", "SETTLED"), STEP_WAIT);
                String state = view.path("state").asText();
                paid = state.equals("OPENED") || state.equals("SETTLED") || state.equals("PAID");
                if (!state.equals("OPENED") && !state.equals("SETTLED")) {
                    return new JobOutcome(id, at, offers, first, paid, false, "after accept the job is " + state
                            + reason(view));
                }
                rider.post("/v1/jobs/" + id + "/confirm", ApiJson.MAPPER.createObjectNode());
                view = until(rider, id, List.of("SETTLED"), STEP_WAIT);
                state = view.path("state").asText();
                return new JobOutcome(id, at, offers, first, true, state.equals("SETTLED"), state.equals("SETTLED") ? ""
                        : "after confirm the job is " + state + reason(view));
            } catch (ApiClientException e) {
                return new JobOutcome(id, at, offers, first, paid, false, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JobOutcome(id, at, offers, first, paid, false, "interrupted");
            }
        }

        private static long cost(JsonNode offer) {
            return offer.path("job_price_msat").asLong() + offer.path("network_fee_msat").asLong();
        }

        private static String reason(JsonNode view) {
            String r = view.path("reason").asText("");
            return r.isEmpty() ? "" : " (" + r + ")";
        }

        /** Polls the job until its state is one of {@code states}, a final state, or {@code wait} passed. */
        private JsonNode until(ApiClient rider, String id, List<String> states, Duration wait)
                throws ApiClientException, InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                JsonNode view = rider.get("/v1/jobs/" + id);
                String s = view.path("state").asText();
                if (states.contains(s) || s.equals("EXPIRED") || s.equals("DISPUTED") || s.equals("SETTLED")
                        || System.nanoTime() - deadline > 0) {
                    return view;
                }
                Thread.sleep(250);
            }
        }

        // ------------------------------------------------------------------------------ kills

        private void killAndRestart(DevnetCommand.Member victim) {
            Optional<Process> p = launch.process(victim);
            if (p.isEmpty()) {
                return;
            }
            sample(victim.name(), p.get());
            Instant at = Instant.now();
            say(String.format("%s: SIGKILL %s (pid %d) at +%.1fs", topology.label(), victim.name(), p.get().pid(),
                    (System.nanoTime() - startNanos) / 1e9));
            p.get().destroyForcibly();
            try {
                if (!p.get().waitFor(10, TimeUnit.SECONDS)) {
                    say(topology.label() + ": " + victim.name() + " still runs 10 s after SIGKILL");
                }
                Thread.sleep(2000);
                launch.restart(victim);
                Instant back = Instant.now();
                kills.add(new Kill(victim.name(), ids.get(victim.name()), p2pPorts.get(victim.name()), at, back));
                say(String.format("%s: %s restarted from its data directory, ready after %.1f s", topology.label(),
                        victim.name(), Duration.between(at, back).toMillis() / 1000.0));
            } catch (DevnetCommand.LaunchException e) {
                kills.add(new Kill(victim.name(), ids.get(victim.name()), p2pPorts.get(victim.name()), at,
                        Instant.now()));
                say(topology.label() + ": " + victim.name() + " did not come back: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void stopAll() {
            List<ProcessHandle> handles = new ArrayList<>();
            for (DevnetCommand.Member m : members) {
                launch.process(m).filter(Process::isAlive).ifPresent(p -> handles.add(p.toHandle()));
            }
            DevnetCommand.stop(handles, Duration.ofSeconds(20));
        }

        /** SIGKILL to every node process still running: the last resort, also from the shutdown hook. */
        private void killAll() {
            if (launch == null) {
                return;
            }
            for (DevnetCommand.Member m : members) {
                launch.process(m).filter(Process::isAlive).ifPresent(p -> {
                    p.destroyForcibly();
                    try {
                        p.waitFor(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }

        // ---------------------------------------------------------------------------- figures

        /** The sum of every node's available and locked balance; {@code firstTime}: waits until each has an account. */
        private long ledger(boolean firstTime) throws SoakException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                long sum = 0;
                String missing = null;
                for (DevnetCommand.Member m : members) {
                    try {
                        JsonNode b = api(m).get("/v1/balance");
                        // the hub's answer adds the settler's own account (its fees): the whole ledger
                        long v = b.path("available_msat").asLong() + b.path("locked_msat").asLong()
                                + b.path("served_settler_msat").asLong(0);
                        if (firstTime && v == 0) {
                            missing = m.name() + " has no funds yet";
                        }
                        sum += v;
                    } catch (ApiClientException e) {
                        missing = m.name() + ": " + e.getMessage();
                    }
                }
                if (missing == null) {
                    return sum;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new SoakException("the ledger could not be read: " + missing);
                }
                Thread.sleep(500);
            }
        }

        /** The ledger's sum once it equals {@code before} or 30 s passed (settlements still on their way). */
        private long ledgerSettled(long before) throws SoakException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                long sum = ledger(false);
                if (sum == before || System.nanoTime() - deadline > 0) {
                    return sum;
                }
                Thread.sleep(1000);
            }
        }

        /** The reconnects every node counts, in all and to the killed middlemen. */
        private int[] reconnects() {
            List<String> killed = kills.stream().map(Kill::id12).toList();
            int total = 0;
            int toKilled = 0;
            for (DevnetCommand.Member m : members) {
                try {
                    JsonNode peers = api(m).get("/v1/peers");
                    JsonNode list = peers.isArray() ? peers : peers.path("peers");
                    for (JsonNode p : list) {
                        int n = p.path("reconnects").asInt();
                        total += n;
                        String id = p.path("id").asText("");
                        if (id.length() >= 12 && killed.contains(id.substring(0, 12))) {
                            toKilled += n;
                        }
                    }
                } catch (ApiClientException | SoakException e) {
                    say(topology.label() + ": " + m.name() + ": no peers: " + e.getMessage());
                }
            }
            return new int[] {total, toKilled};
        }

        /** Adds the CPU time and RSS of {@code p} now to {@code name}'s figures (a new incarnation once per pid). */
        private void sample(String name, Process p) {
            Optional<long[]> now = proc(p.pid());
            if (now.isEmpty()) {
                return;
            }
            long[] v = now.get();
            figures.merge(name, new ProcessFigures(name, 1, v[0] / (double) CLOCK_TICKS, v[1], v[2]),
                    (a, b) -> new ProcessFigures(name, a.starts() + 1, a.cpuSeconds() + b.cpuSeconds(),
                            Math.max(a.peakRssKb(), b.peakRssKb()), b.lastRssKb()));
        }

        // ------------------------------------------------------------------------------ closes

        private void closes(DevnetCommand.Member m, Instant shutdown, Map<String, Integer> expected,
                Map<String, Integer> unexpected, List<Close> lines) {
            List<String> log;
            try {
                log = Files.readAllLines(m.log(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                unexpected.merge("log unreadable", 1, Integer::sum);
                return;
            }
            classifyCloses(m.name(), log, shutdown, List.copyOf(kills), expected, unexpected, lines);
        }
    }

    /**
     * Sorts the link closes in one node's log ({@code name}'s) into {@code expected} (by kind: shutdown,
     * enrolment, duplicate, kill) and {@code unexpected} (by reason), adding up to 50 unexpected lines to
     * {@code lines}.
     *
     * <p>The close log writes at most ten lines a second and sums the rest in a "suppressed N closes (reasons:
     * ...)" line. A hub sees a burst of enrolment closes when many spokes start at once, so suppressed closes
     * "closed by the peer" count as enrolments as long as there are that many spokes that enrolled here in the
     * last {@link #ENROLMENT_CLOSE} and whose enrolment link was not yet seen to close; every other suppressed
     * close is unexpected, since its peer is not logged.
     */
    static void classifyCloses(String name, List<String> log, Instant shutdown, List<Kill> kills,
            Map<String, Integer> expected, Map<String, Integer> unexpected, List<Close> lines) {
        Map<String, Instant> enrolled = new java.util.LinkedHashMap<>(); // node id 12 -> when it enrolled here
        for (String line : log) {
            Matcher e = ENROLLED.matcher(line);
            if (e.find() && ts(e.group(1)) != null) {
                enrolled.put(e.group(2), ts(e.group(1)));
                continue;
            }
            Matcher s = SUPPRESSED.matcher(line);
            if (s.find()) {
                Instant ts = ts(s.group(1));
                int n = Integer.parseInt(s.group(2));
                if (ts != null && !ts.isBefore(shutdown)) {
                    expected.merge("shutdown", n, Integer::sum);
                    continue;
                }
                Matcher byPeer = SUPPRESSED_BY_PEER.matcher(line);
                int enrolments = ts == null || !byPeer.find() ? 0
                        : takeEnrolments(enrolled, ts, Math.min(n, Integer.parseInt(byPeer.group(1))));
                if (enrolments > 0) {
                    expected.merge("enrolment", enrolments, Integer::sum);
                }
                if (n > enrolments) {
                    unexpected.merge("suppressed closes (reasons not logged)", n - enrolments, Integer::sum);
                    lines.add(new Close(name, line));
                }
                continue;
            }
            Matcher c = CLOSE_LINE.matcher(line);
            if (!c.find()) {
                continue;
            }
            Instant ts = ts(c.group(1));
            String who = c.group(2);
            String why = c.group(3);
            String kind = expectedKind(ts, who, why, shutdown, kills);
            String peer = who.substring(who.lastIndexOf(' ') + 1);
            Instant enrolledAt = enrolled.get(peer);
            if (kind == null && why.equals("closed by the peer") && enrolledAt != null && ts != null
                    && !ts.isBefore(enrolledAt) && ts.isBefore(enrolledAt.plus(ENROLMENT_CLOSE))) {
                // the serving side of an enrolment link: the node closes it once enrolled
                enrolled.remove(peer);
                kind = "enrolment";
            }
            if (kind != null) {
                expected.merge(kind, 1, Integer::sum);
            } else {
                unexpected.merge(NUMBER.matcher(HEX_ID.matcher(why).replaceAll("<id>")).replaceAll("<n>"), 1,
                        Integer::sum);
                if (lines.size() < 50) {
                    lines.add(new Close(name, line));
                }
            }
        }
    }

    /**
     * Removes up to {@code max} of the enrolments in {@code enrolled} that happened within
     * {@link #ENROLMENT_CLOSE} before {@code at}, and returns how many it removed.
     */
    private static int takeEnrolments(Map<String, Instant> enrolled, Instant at, int max) {
        int taken = 0;
        for (var it = enrolled.values().iterator(); it.hasNext() && taken < max;) {
            Instant when = it.next();
            if (!at.isBefore(when) && at.isBefore(when.plus(ENROLMENT_CLOSE))) {
                it.remove();
                taken++;
            }
        }
        return taken;
    }

    /** A middleman killed: its name, node id (12 hex), p2p port, when it was killed and when it was back. */
    record Kill(String name, String id12, int port, Instant at, Instant back) {}

    /**
     * Why the close of the link to {@code who} (as a "closed" line names it: {@code /host:port [node id]})
     * for {@code why} at {@code ts} is expected ("shutdown", "enrolment", "duplicate", "kill"), or null.
     */
    static String expectedKind(Instant ts, String who, String why, Instant shutdown, List<Kill> kills) {
        if (ts == null) {
            return null;
        }
        if (!ts.isBefore(shutdown) || why.equals("node shutting down")) {
            return "shutdown";
        }
        if (why.startsWith("enrolled;")) {
            return "enrolment";
        }
        if (why.startsWith("link: duplicate link")) {
            // the duplicate rule (two nodes dialled each other): one connection closes, the pair stays
            // linked throughout (Links tells no one the peer went down); a lost link closes otherwise
            return "duplicate";
        }
        for (Kill k : kills) {
            boolean window = !ts.isBefore(k.at().minusSeconds(1)) && ts.isBefore(k.back().plus(KILL_AFTERMATH));
            String port = ":" + k.port();
            boolean toVictim = List.of(who.split(" ")).contains(k.id12()) || who.endsWith(port)
                    || who.contains(port + " ");
            if (window && toVictim) {
                return "kill";
            }
        }
        return null;
    }

    private static Instant ts(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** utime+stime in clock ticks, VmHWM and VmRSS in kB, of a live process, from /proc. */
    static Optional<long[]> proc(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
            long hwm = 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                } else if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                }
            }
            return Optional.of(new long[] {ticks, hwm, rss});
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    // -------------------------------------------------------------------------------- report

    /** The figures as text, a block per phase. */
    public static String text(List<Phase> phases) {
        StringBuilder b = new StringBuilder();
        for (Phase p : phases) {
            b.append(String.format("%n== %s topology, %.0f s ==%n", p.topology().label(), p.seconds()));
            b.append(String.format("jobs posted              %d%n", p.posted()));
            b.append(String.format("jobs with >=1 offer      %d (%.1f %%)%n", p.offered(),
                    p.posted() == 0 ? 0.0 : 100.0 * p.offered() / p.posted()));
            b.append(String.format("offers per job (mean)    %.2f%n", p.offersPerJob()));
            b.append(String.format("time to first offer      p50 %d ms, p99 %d ms%n", p.firstOfferMillis(0.5),
                    p.firstOfferMillis(0.99)));
            b.append(String.format("paid / settled           %d / %d%n", p.paid(), p.settled()));
            b.append(String.format("money conserved          %s (ledger %d msat before, %d msat after)%n",
                    p.moneyConserved() ? "yes" : "NO", p.ledgerBeforeMsat(), p.ledgerAfterMsat()));
            b.append(String.format("reconnects (gg peers)    %d (%d of them to the killed middlemen)%n",
                    p.reconnects(), p.reconnectsToKilled()));
            b.append(String.format("killed and restarted     %s%n", String.join(", ", p.killed())));
            b.append("link closes, expected    ").append(p.expectedCloses()).append('\n');
            b.append("link closes, unexpected  ").append(p.unexpectedCloses().isEmpty() ? "none" : p.unexpectedCloses())
                    .append('\n');
            for (Close c : p.unexpectedLines()) {
                b.append("  ").append(c.node()).append(": ").append(c.line()).append('\n');
            }
            List<JobOutcome> failed = p.jobs().stream().filter(j -> !j.failure().isEmpty()).toList();
            if (!failed.isEmpty()) {
                b.append("jobs that did not settle:\n");
                for (JobOutcome j : failed) {
                    b.append(String.format("  %s at +%.1fs: %s%n", j.id(), j.postedAtSeconds(), j.failure()));
                }
            }
            b.append(String.format("%-10s %6s %10s %12s %10s%n", "process", "starts", "CPU s", "peak RSS MB",
                    "RSS MB"));
            for (ProcessFigures f : p.processes()) {
                b.append(String.format("%-10s %6d %10.1f %12.1f %10.1f%n", f.name(), f.starts(), f.cpuSeconds(),
                        f.peakRssKb() / 1024.0, f.lastRssKb() / 1024.0));
            }
        }
        return b.toString();
    }

    /** The figures as JSON. */
    public static ObjectNode json(Settings s, List<Phase> phases) {
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        root.put("seconds", s.duration().toSeconds()).put("drivers", s.drivers()).put("middlemen", s.middlemen())
                .put("nodes", s.nodes()).put("seed", s.seed()).put("jobEveryMs", s.jobEvery().toMillis());
        root.putPOJO("jvmOptions", s.jvmOptions());
        ArrayNode list = root.putArray("phases");
        for (Phase p : phases) {
            ObjectNode o = list.addObject();
            o.put("topology", p.topology().label()).put("seconds", p.seconds()).put("jobsPosted", p.posted())
                    .put("jobsWithOffer", p.offered()).put("offersPerJob", p.offersPerJob())
                    .put("firstOfferP50Ms", p.firstOfferMillis(0.5)).put("firstOfferP99Ms", p.firstOfferMillis(0.99))
                    .put("paid", p.paid()).put("settled", p.settled()).put("ledgerBeforeMsat", p.ledgerBeforeMsat())
                    .put("ledgerAfterMsat", p.ledgerAfterMsat()).put("moneyConserved", p.moneyConserved())
                    .put("reconnects", p.reconnects()).put("reconnectsToKilled", p.reconnectsToKilled());
            o.putPOJO("killed", p.killed());
            ObjectNode ex = o.putObject("expectedCloses");
            p.expectedCloses().forEach(ex::put);
            ObjectNode un = o.putObject("unexpectedCloses");
            p.unexpectedCloses().forEach(un::put);
            ArrayNode ul = o.putArray("unexpectedCloseLines");
            p.unexpectedLines().forEach(c -> ul.addObject().put("node", c.node()).put("line", c.line()));
            ArrayNode jobs = o.putArray("jobs");
            for (JobOutcome j : p.jobs()) {
                jobs.addObject().put("id", j.id()).put("postedAtSeconds", j.postedAtSeconds()).put("offers", j.offers())
                        .put("firstOfferMs", j.firstOfferMillis()).put("paid", j.paid()).put("settled", j.settled())
                        .put("failure", j.failure());
            }
            ArrayNode procs = o.putArray("processes");
            for (ProcessFigures f : p.processes()) {
                procs.addObject().put("name", f.name()).put("starts", f.starts()).put("cpuSeconds", f.cpuSeconds())
                        .put("peakRssKb", f.peakRssKb()).put("lastRssKb", f.lastRssKb());
            }
        }
        return root;
    }
}
