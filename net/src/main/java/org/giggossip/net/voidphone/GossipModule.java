package org.giggossip.net.voidphone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A minimal VoidPhone module on a {@link GossipApiClient}, for benchmarks and
 * tests that use a node only through its gossip API: it subscribes to one data
 * type, remembers when each item (by its data as UTF-8 text) was first notified
 * and how often, and answers every NOTIFICATION with a VALIDATION from
 * {@link #verdict}. A reader thread of its own; thread-safe.
 */
public final class GossipModule implements AutoCloseable {
    private final GossipApiClient client;
    private final Map<String, Long> first = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Thread reader;
    private volatile Predicate<String> verdict = s -> true;
    private volatile boolean closed;

    /**
     * Connects to the API at {@code api} and subscribes to {@code dataType}.
     *
     * @throws IOException if the connection cannot be made within 5 s
     */
    public GossipModule(String name, InetSocketAddress api, int dataType) throws IOException {
        this.client = GossipApiClient.connect(api, Duration.ofSeconds(5));
        client.subscribe(dataType);
        this.reader = Thread.ofPlatform().daemon().name("module-" + name).start(this::read);
    }

    /** How this module judges items from now on (valid for everything until set). */
    public void verdict(Predicate<String> verdict) {
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    private void read() {
        try {
            while (!closed) {
                Optional<ApiMessage.Notification> n = client.next(Duration.ofMillis(200));
                if (n.isPresent()) {
                    long at = System.nanoTime();
                    String text = new String(n.get().data(), StandardCharsets.UTF_8);
                    synchronized (first) {
                        first.putIfAbsent(text, at);
                        counts.merge(text, 1, Integer::sum);
                        first.notifyAll();
                    }
                    client.validate(n.get().messageId(), verdict.test(text));
                }
            }
        } catch (IOException e) {
            // closed, by us or by the node
        }
    }

    /** Announces {@code text} (UTF-8) through this module's connection. */
    public void announce(int ttl, int dataType, String text) throws IOException {
        client.announce(ttl, dataType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many notifications carried {@code text}. */
    public int count(String text) {
        synchronized (first) {
            return counts.getOrDefault(text, 0);
        }
    }

    /**
     * Waits up to {@code timeout} for a notification of {@code text}; answers when the first
     * arrived ({@link System#nanoTime}), or empty.
     */
    public Optional<Long> await(String text, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (first) {
            while (true) {
                Long at = first.get(text);
                if (at != null) {
                    return Optional.of(at);
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(first, left);
            }
        }
    }

    /** Whether any notification starting with {@code prefix} arrived. */
    public boolean anyStartingWith(String prefix) {
        synchronized (first) {
            return first.keySet().stream().anyMatch(t -> t.startsWith(prefix));
        }
    }

    /** Closes the connection (the node forgets its subscription) and stops the reader. */
    @Override
    public void close() throws IOException {
        closed = true;
        client.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
