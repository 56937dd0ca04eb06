package org.giggossip.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Caps long-lived answers (event streams, long polls): at most {@code total} at once, and at
 * most {@code perClient} for one client key (an address, a signing key, a token). Over the
 * total the answer is 503, over the client's share 429, both with {@code Retry-After}.
 * Thread-safe.
 */
public final class StreamLimits {
    private final int total;
    private final int perClient;
    private final Duration retryAfter;
    private final Map<String, Integer> open = new HashMap<>();
    private int inAll;

    public StreamLimits(int total, int perClient, Duration retryAfter) {
        if (total < 1 || perClient < 1) {
            throw new IllegalArgumentException("stream limits must be positive");
        }
        this.total = total;
        this.perClient = perClient;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The limits of {@code config}. */
    public static StreamLimits of(HttpConfig config) {
        return new StreamLimits(config.maxStreams(), config.maxStreamsPerClient(), config.retryAfter());
    }

    /** A held place; closing it gives it back (once). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A place for one more stream of {@code client}.
     *
     * @throws HttpProblem 503 when {@code total} are open, 429 when {@code perClient} of this client are
     */
    public Permit acquire(String client) {
        Objects.requireNonNull(client, "client");
        String retry = Long.toString(Math.max(1, retryAfter.toSeconds()));
        synchronized (this) {
            if (inAll >= total) {
                throw new HttpProblem(503, "too many streams open (" + total + "); try again later")
                        .withHeader("Retry-After", retry);
            }
            int mine = open.getOrDefault(client, 0);
            if (mine >= perClient) {
                throw new HttpProblem(429, "too many streams open by this client (" + perClient + ")")
                        .withHeader("Retry-After", retry);
            }
            open.put(client, mine + 1);
            inAll++;
        }
        boolean[] closed = {false};
        return () -> {
            synchronized (this) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
                inAll--;
                open.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    /** Streams open now, in all. */
    public synchronized int open() {
        return inAll;
    }
}
