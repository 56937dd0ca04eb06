package org.giggossip.app.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * One {@code gg} process started from the test's own class path and JVM, with
 * its standard error (the logfmt log) captured line by line, so that tests can
 * wait for what it says, kill it with SIGKILL or stop it with SIGTERM.
 */
final class GgProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private GgProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("log-" + name).start(this::read);
    }

    /** Makes the directory {@code parent/name} holding {@code node.ini} with {@code ini}; returns it. */
    static Path nodeDir(Path parent, String name, String ini) throws IOException {
        Path d = java.nio.file.Files.createDirectories(parent.resolve(name));
        java.nio.file.Files.writeString(d.resolve("node.ini"), ini);
        return d;
    }

    /** Starts {@code gg args...}. */
    static GgProcess start(String name, Path workDir, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.giggossip.app.cli.Gg"));
        if (Runtime.version().feature() >= 23) {
            cmd.add(1, "--sun-misc-unsafe-memory-access=allow"); // Netty's buffers; as ./gg does
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        return new GgProcess(name, pb.start());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /**
     * Waits for a line matching {@code regex}; returns its match, or fails with the log so far. The reader
     * thread wakes this on every line: a wait on an event, not a poll.
     */
    Matcher await(String regex, Duration timeout) throws InterruptedException {
        return await(regex, timeout, 0);
    }

    /** How many lines it printed so far: a mark for {@link #await(String, Duration, int)}. */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** As {@link #await(String, Duration)}, among the lines printed after the first {@code from}. */
    Matcher await(String regex, Duration timeout, int from) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long until = System.nanoTime() + timeout.toNanos();
        int seen = from;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = p.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
                            + "; its output:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** The node's {@code id@127.0.0.1:port}, from the line a {@code gg node} logs once it started. */
    String nodeStarted(Duration timeout) throws InterruptedException {
        return await("msg=\"node ([0-9a-f]{64}@127\\.0\\.0\\.1:[0-9]+) started", timeout).group(1);
    }

    /** The {@code host:port} of a {@code gg node}'s app API, from its log. */
    String appApi(Duration timeout) throws InterruptedException {
        return await("msg=\"app API on http://(127\\.0\\.0\\.1:[0-9]+)", timeout).group(1);
    }

    /**
     * Runs {@code gg job ARGS} against the app API {@code api} of the node in {@code nodeDir} (its token
     * in {@code gg-data/api.token}); returns the output of a command that exited 0, or fails with it.
     */
    static String job(Path nodeDir, String api, Duration timeout, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("job"));
        all.addAll(List.of(args));
        return api(nodeDir, api, timeout, all.toArray(String[]::new));
    }

    /**
     * Runs {@code gg ARGS} (a command of the app API: {@code peers}, {@code job ...}) against the app API
     * {@code api} of the node in {@code nodeDir}; returns the output of a command that exited 0, or fails.
     */
    static String api(Path nodeDir, String api, Duration timeout, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", api, "--token-file", nodeDir.resolve("gg-data/api.token").toString()));
        try (GgProcess p = start("gg " + String.join(" ", List.of(args).subList(0, Math.min(2, args.length))),
                nodeDir, all.toArray(String[]::new))) {
            int exit = p.waitFor(timeout);
            if (exit != 0) {
                throw new AssertionError("gg " + String.join(" ", all) + " exited " + exit + "; output:\n" + p.output());
            }
            return p.output();
        }
    }

    /** Runs {@link #job} every half second until its output satisfies {@code done}; returns that output. */
    static String jobUntil(Path nodeDir, String api, Duration timeout, java.util.function.Predicate<String> done,
                           String what, String... args) throws Exception {
        return Awaitility.await(what).atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(500))
                .until(() -> job(nodeDir, api, timeout, args), done::test);
    }

    /** The first line matching {@code regex}, if any yet. */
    Optional<String> find(String regex) {
        Pattern p = Pattern.compile(regex);
        synchronized (lines) {
            return lines.stream().filter(l -> p.matcher(l).find()).findFirst();
        }
    }

    /** Everything it printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM through {@code kill}, then waits for the exit; returns the exit code.
     * ({@link Process#destroy()} from a surefire fork did not reach the JVM's
     * SIGTERM handler here: the child died without running its shutdown hooks.)
     */
    int terminate(Duration timeout) throws InterruptedException {
        try {
            // SIGTERM, as an operator's `kill` or systemd sends it
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            process.destroy();
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM; output:\n" + output());
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** Waits for a command that ends by itself; returns its exit code, or fails with its output. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not end within " + timeout + "; output:\n" + output());
        }
        reader.join(2000);
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
