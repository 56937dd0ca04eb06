package org.giggossip.node.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /v1/events}: the node's {@link ApiEvent}s as server-sent events.
 * Each event is
 * <pre>
 * id: &lt;seq&gt;
 * event: &lt;AppEvent simple name, e.g. OfferReceived&gt;
 * data: {"seq":..,"at":"..","type":"OfferReceived","event":{..fields..}}
 * </pre>
 * The stream starts with the next event (no replay: {@code Last-Event-ID} is
 * ignored; a client that sees a gap in {@code seq} re-reads the state with the
 * GET endpoints). An idle stream sends a {@code : heartbeat} comment every
 * heartbeat interval, which is also how a client that went away is noticed and
 * its subscription closed. A client that falls {@value #QUEUE} events behind
 * gets a final {@code event: dropped} with the reason and the stream ends; the
 * node is never blocked by it.
 */
final class EventStream {
    /** Events queued per client before it is dropped. */
    static final int QUEUE = 1024;

    private final NodeApi api;
    private final Duration heartbeat;

    EventStream(NodeApi api, Duration heartbeat) {
        this.api = api;
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive");
        }
        this.heartbeat = heartbeat;
    }

    /** Answers the exchange with the stream until the client goes away or the server stops. */
    void serve(HttpExchange ex) throws IOException {
        BlockingQueue<ApiEvent> queue = new ArrayBlockingQueue<>(QUEUE);
        // set by the node's thread, read by this one
        AtomicBoolean overflow = new AtomicBoolean();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        AutoCloseable subscription = api.subscribe(e -> {
            if (!overflow.get() && !queue.offer(e)) {
                overflow.set(true);
            }
        });
        try {
            write(out, ": connected\n\n");
            while (true) {
                ApiEvent e = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (overflow.get()) {
                    write(out, "event: dropped\ndata: {\"reason\":\"client fell more than " + QUEUE
                        + " events behind\"}\n\n");
                    return;
                } else if (e != null) {
                    write(out, frame(e));
                } else {
                    write(out, ": heartbeat\n\n");
                }
            }
        } catch (InterruptedException e) {
            // the server is stopping
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            ApiServer.LOG.log(Level.DEBUG, "event stream client gone: " + e);
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                ApiServer.LOG.log(Level.DEBUG, "closing a subscription failed", e);
            }
        }
    }

    /** One event in the server-sent events format. */
    static String frame(ApiEvent e) throws IOException {
        return "id: " + e.seq() + "\nevent: " + e.event().getClass().getSimpleName() + "\ndata: "
            + ApiJson.MAPPER.writeValueAsString(ApiJson.event(e)) + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
