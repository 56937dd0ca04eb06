package org.giggossip.http;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serves a stream of values as server-sent events ({@code text/event-stream}) on
 * one {@link Exchange}, on the caller's (virtual) thread: the one writer of every service's streams. Each value becomes
 * <pre>
 * id: &lt;id&gt;
 * event: &lt;type&gt;
 * data: &lt;one line of JSON&gt;
 * </pre>
 * An idle stream sends a {@code : heartbeat} comment every heartbeat interval,
 * which is how a client that went away is noticed. A client that falls
 * {@code queue} values behind gets a final {@code event: dropped} and the
 * stream ends: the producer is never blocked by a slow client. The stream ends
 * when the client goes away or the serving thread is interrupted (server stop).
 *
 * @param <T> the values streamed
 */
public final class ServerSentEvents<T> {
    private static final System.Logger LOG = System.getLogger(ServerSentEvents.class.getName());

    /** One event: its id, its type and its data (one line, no newline). */
    public record Event(String id, String type, String data) {
        public Event {
            if (id.contains("\n") || type.contains("\n") || data.contains("\n")) {
                throw new IllegalArgumentException("an event field must be one line");
            }
        }

        String frame() {
            return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
        }
    }

    private final Duration heartbeat;
    private final int queue;
    private final Function<T, Event> render;

    /**
     * @param heartbeat idle interval after which a comment line is sent
     * @param queue     values held per client before it is dropped
     * @param render    the event of a value
     */
    public ServerSentEvents(Duration heartbeat, int queue, Function<T, Event> render) {
        if (heartbeat.isNegative() || heartbeat.isZero() || queue < 1) {
            throw new IllegalArgumentException("heartbeat and queue must be positive");
        }
        this.heartbeat = heartbeat;
        this.queue = queue;
        this.render = render;
    }

    /**
     * Answers {@code ex} with the stream: first {@code initial}, then every value
     * given to the listener that {@code subscribe} registers, until the client goes
     * away; then closes the subscription.
     */
    public void serve(Exchange ex, List<T> initial, Function<Consumer<T>, AutoCloseable> subscribe) {
        BlockingQueue<T> pending = new ArrayBlockingQueue<>(queue);
        // set by the producer's thread, read by this one
        AtomicBoolean overflow = new AtomicBoolean();
        ex.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        ex.setHeader("Cache-Control", "no-store");
        OutputStream out = ex.start(200);
        AutoCloseable subscription = subscribe.apply(v -> {
            if (!overflow.get() && !pending.offer(v)) {
                overflow.set(true);
            }
        });
        try {
            write(out, ": connected\n\n");
            for (T v : initial) {
                write(out, render.apply(v).frame());
            }
            while (true) {
                T v = pending.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (overflow.get()) {
                    write(out, "event: dropped\ndata: {\"reason\":\"client fell more than " + queue
                            + " events behind\"}\n\n");
                    return;
                } else if (v != null) {
                    write(out, render.apply(v).frame());
                } else {
                    write(out, ": heartbeat\n\n");
                }
            }
        } catch (InterruptedException e) {
            // the server is stopping
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "event stream client gone: " + e);
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a subscription failed", e);
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
