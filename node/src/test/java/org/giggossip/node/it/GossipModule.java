package org.giggossip.node.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.giggossip.net.voidphone.ApiMessage;
import org.giggossip.net.voidphone.GossipApiClient;

/**
 * A VoidPhone module for tests, using a node only through its gossip API: it
 * subscribes to one data type, records each NOTIFICATION with the time it
 * arrived, and answers it with a VALIDATION from {@link #verdict}.
 */
final class GossipModule implements AutoCloseable {
    /** A notification and when it arrived ({@link System#nanoTime}). */
    record Got(String text, long nanos) {}

    private final GossipApiClient client;
    private final List<Got> got = new ArrayList<>();
    private final Thread reader;
    volatile Predicate<String> verdict = s -> true;
    private volatile boolean closed;

    GossipModule(String name, InetSocketAddress api, int type) throws IOException {
        this.client = GossipApiClient.connect(api, Duration.ofSeconds(5));
        client.subscribe(type);
        this.reader = Thread.ofPlatform().daemon().name("module-" + name).start(this::read);
    }

    private void read() {
        try {
            while (!closed) {
                Optional<ApiMessage.Notification> n = client.next(Duration.ofMillis(200));
                if (n.isPresent()) {
                    String text = new String(n.get().data(), StandardCharsets.UTF_8);
                    long at = System.nanoTime();
                    synchronized (got) {
                        got.add(new Got(text, at));
                        got.notifyAll();
                    }
                    client.validate(n.get().messageId(), verdict.test(text));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Announces through this module's connection. */
    void announce(int ttl, int type, String text) throws IOException {
        client.announce(ttl, type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many notifications carried {@code text}. */
    int count(String text) {
        synchronized (got) {
            return (int) got.stream().filter(g -> g.text().equals(text)).count();
        }
    }

    /** Waits up to {@code timeout} for a notification of {@code text}; returns when it arrived, or empty. */
    Optional<Long> await(String text, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (got) {
            while (true) {
                for (Got g : got) {
                    if (g.text().equals(text)) {
                        return Optional.of(g.nanos());
                    }
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(got, left);
            }
        }
    }

    /** Whether any notification starting with {@code prefix} arrived. */
    boolean anyStartingWith(String prefix) {
        synchronized (got) {
            return got.stream().anyMatch(g -> g.text().startsWith(prefix));
        }
    }

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
