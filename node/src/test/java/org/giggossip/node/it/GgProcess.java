package org.giggossip.node.it;

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

    /** Starts {@code gg args...}. */
    static GgProcess start(String name, Path workDir, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.giggossip.node.cli.Gg"));
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

    /** Waits for a line matching {@code regex}; returns its match, or fails with the log so far. */
    Matcher await(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long until = System.nanoTime() + timeout.toNanos();
        int seen = 0;
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
