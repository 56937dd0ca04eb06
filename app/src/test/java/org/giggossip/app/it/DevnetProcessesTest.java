package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gg devnet up --drivers 2} (issue 15, deliverable 6) starts four real {@code gg node}
 * processes that outlive it; the commands it prints post a ride that both drivers offer for,
 * the cheapest is taken, paid, opened, confirmed and settled; {@code gg devnet down} stops
 * every process and keeps the files. Whatever fails, every node process is killed afterwards.
 */
class DevnetProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");
    private static final Pattern POST = Pattern.compile("(?m)^  ID=\\$\\(\\S+ job post (--api \\S+ --token-file \\S+)"
            + " --from r3gx2g5 --to r3gx2ux\\)$");
    private static final Pattern HUB_ID = Pattern.compile("(?m)^bootstrapper = ([0-9a-f]{64})@127\\.0\\.0\\.1:[0-9]+$");

    @TempDir
    Path base;

    private Path devnet() {
        return base.resolve("net");
    }

    private static final List<String> NODES = List.of("hub", "rider", "driver-1", "driver-2");

    /** The node pids read right after {@code up}. */
    private final List<Long> pids = new ArrayList<>();
    /** Their processes, taken while they ran (a handle never reaches a later process with a reused pid). */
    private final List<ProcessHandle> handles = new ArrayList<>();

    /** Kills every node process the test knows of or a pid file names: a failed test leaves none behind. */
    @AfterEach
    void killLeftovers() throws Exception {
        List<ProcessHandle> all = new ArrayList<>(handles);
        for (String n : NODES) {
            pid(n).flatMap(ProcessHandle::of).ifPresent(all::add);
        }
        for (ProcessHandle h : all) {
            h.destroyForcibly();
            h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
    }

    private Optional<Long> pid(String node) throws IOException {
        Path f = devnet().resolve(node).resolve("node.pid");
        return Files.isRegularFile(f) ? Optional.of(Long.parseLong(Files.readString(f).lines().findFirst().orElseThrow().strip())) : Optional.empty();
    }

    /** Runs {@code gg ARGS} in the base directory; returns its output after it exited with {@code code}. */
    private String gg(int code, String... args) throws Exception {
        try (GgProcess p = GgProcess.start("gg " + String.join(" ", args), base, args)) {
            int exit = p.waitFor(Duration.ofSeconds(180));
            assertThat(exit).as("gg " + String.join(" ", args) + " exit code; output:\n" + p.output()).isEqualTo(code);
            return p.output();
        }
    }

    /** {@code gg job ARGS --api ... --token-file ...}, as printed. */
    private String job(List<String> api, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("job"));
        all.addAll(List.of(args));
        all.addAll(api);
        return gg(0, all.toArray(String[]::new));
    }

    private String jobUntil(List<String> api, Predicate<String> done, String what, String... args) throws Exception {
        return await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(500))
                .until(() -> job(api, args), done::test);
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String n : NODES) {
            Path log = devnet().resolve(n).resolve("node.log");
            if (Files.exists(log)) {
                b.append("\n--- ").append(n).append(":\n").append(Files.readString(log));
            }
        }
        return b.toString();
    }

    @Test
    void upStartsANetworkWhosePrintedCommandsTakeARideAndDownStopsEveryNode() throws Exception {
        String up;
        try {
            up = gg(0, "devnet", "up", "--drivers", "2", "--dir", "net");
        } finally {
            for (String n : NODES) {
                pid(n).ifPresent(p -> {
                    pids.add(p);
                    ProcessHandle.of(p).ifPresent(handles::add);
                });
            }
        }
        try {
            for (String n : NODES) {
                Path dir = devnet().resolve(n);
                assertThat(dir.resolve("node.ini")).as(n).isRegularFile();
                assertThat(dir.resolve("gg-data/identity.key")).as(n).isRegularFile();
                assertThat(pid(n)).as(n + ": a pid file").isPresent();
            }
            assertThat(pids).allSatisfy(p -> assertThat(ProcessHandle.of(p).filter(ProcessHandle::isAlive))
                    .as("pid " + p + " runs after up returned").isPresent());
            String hubIni = Files.readString(devnet().resolve("hub/node.ini"));
            String riderIni = Files.readString(devnet().resolve("rider/node.ini"));
            assertThat(hubIni).contains("\nserve = true\n").contains("\n; ");
            Matcher hub = HUB_ID.matcher(riderIni);
            assertThat(hub.find()).as("the rider's bootstrapper names the hub:\n" + riderIni).isTrue();
            assertThat(riderIni).contains("\naddress = " + hub.group(1) + "@");
            assertThat(Files.readString(devnet().resolve("driver-1/node.ini"))).contains("\nprice_sat = 12000\n");
            assertThat(Files.readString(devnet().resolve("driver-2/node.ini"))).contains("\nprice_sat = 13000\n");

            // a second up refuses while this one runs
            assertThat(gg(1, "devnet", "up", "--dir", "net")).contains("already running in net");

            // the printed commands, as printed: same API and token everywhere
            Matcher post = POST.matcher(up);
            assertThat(post.find()).as("the post command in:\n" + up).isTrue();
            String apiText = post.group(1);
            for (String line : List.of(" job offers $ID --wait 30 ", " job accept $ID 1 ", " job show $ID ",
                    " job confirm $ID ", " job list ", " peers ")) {
                assertThat(up).contains(line + apiText + "\n");
            }
            List<String> api = List.of(apiText.split(" "));

            String posted = job(api, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
            Matcher id = JOB_ID.matcher(posted);
            assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
            String jobId = id.group(1);

            String offers = jobUntil(api, o -> o.contains("  job 12000 sat") && o.contains("  job 13000 sat"),
                    "an offer from each driver", "offers", jobId);
            Matcher cheapest = Pattern.compile("#([0-9]+)  job 12000 sat").matcher(offers);
            assertThat(cheapest.find()).isTrue();
            String n = cheapest.group(1);
            assertThat(job(api, "accept", jobId, n)).contains("accepted offer #" + n + " of job " + jobId);

            String opened = jobUntil(api, o -> o.contains("state   OPENED"), "the ride paid and opened", "show", jobId);
            assertThat(opened).contains("hello from driver-1 of the devnet").contains("(chosen)");
            assertThat(job(api, "confirm", jobId)).contains("confirmed job " + jobId);
            jobUntil(api, o -> o.contains("state   SETTLED"), "every invoice settled", "show", jobId);
            assertThat(job(api, "list")).containsPattern(jobId + "  SETTLED  offers ");
            List<String> peers = new ArrayList<>(List.of("peers"));
            peers.addAll(api);
            assertThat(gg(0, peers.toArray(String[]::new))).contains(hub.group(1) + "@");

            String status = gg(0, "devnet", "status", "--dir", "net");
            assertThat(status.lines().filter(l -> l.contains(" running  pid ")).count()).as(status).isEqualTo(4);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- gg devnet up:\n" + up + logs(), e);
        }

        String down = gg(0, "devnet", "down", "--dir", "net");
        assertThat(down).contains("stopped hub (pid " + pids.getFirst() + ")");
        for (long p : pids) {
            assertThat(ProcessHandle.of(p).filter(ProcessHandle::isAlive)).as("pid " + p + " after down").isEmpty();
        }
        for (String node : NODES) {
            Path dir = devnet().resolve(node);
            assertThat(dir.resolve("node.pid")).as(node).doesNotExist();
            assertThat(dir.resolve("node.ini")).as(node).isRegularFile();
            assertThat(Files.readString(dir.resolve("node.log"))).as(node + " stopped on SIGTERM")
                    .contains("msg=\"stopped\"");
        }
        assertThat(gg(3, "devnet", "status", "--dir", "net")).doesNotContain(" running ");

        gg(0, "devnet", "down", "--dir", "net", "--clean");
        try (Stream<Path> left = Files.list(base)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("net");
        }
    }
}
