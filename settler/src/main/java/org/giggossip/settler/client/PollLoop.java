package org.giggossip.settler.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.wire.Decoded;
import org.giggossip.settler.http.ApiBodies;

/**
 * A long-poll loop over a journal route ({@code /v1/notices}, {@code /v1/wallet/events}):
 * on its own virtual thread it asks for the entries after its cursor, hands each
 * entry's decoded {@code ServiceMessage} on, then saves the cursor (so an entry
 * is delivered at least once across restarts). Failures are retried after a
 * delay that doubles from {@link #MIN_BACKOFF} to {@link #MAX_BACKOFF}.
 */
final class PollLoop implements AutoCloseable {
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long the server is asked to hold a poll. */
    static final long WAIT_MS = 25_000;

    private static final System.Logger LOG = System.getLogger(PollLoop.class.getName());

    /** Runs before each poll; false stops the loop for good. */
    interface Gate {
        boolean pass() throws IOException, InterruptedException;
    }

    /** Receives each entry's message. */
    interface Receiver {
        void accept(ServiceMessage message);
    }

    private final SettlerHttp http;
    private final String path;
    private final String field;
    private final Gate gate;
    private final Receiver receiver;
    private final LongConsumer saveCursor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final OutageLog outage;
    private final Thread thread;
    // owned by the loop's thread
    private long cursor;

    PollLoop(SettlerHttp http, String path, String field, long cursor, LongConsumer saveCursor, Gate gate,
            Receiver receiver) {
        if (cursor < 0) {
            throw new IllegalArgumentException("negative cursor");
        }
        this.http = http;
        this.path = path;
        this.field = field;
        this.cursor = cursor;
        this.saveCursor = saveCursor;
        this.gate = gate;
        this.receiver = receiver;
        this.outage = new OutageLog(LOG, "the settler service at " + http.base());
        this.thread = Thread.ofVirtual().name("settler-poll " + path).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Duration delay = MIN_BACKOFF;
        while (closed.getCount() > 0) {
            try {
                if (!gate.pass()) {
                    return;
                }
                JsonNode body = http.post(path, new ApiBodies.Poll(cursor, WAIT_MS),
                        Duration.ofMillis(WAIT_MS).plusSeconds(15)).orThrow();
                deliver(body.path(field));
                outage.answered();
                delay = MIN_BACKOFF;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                outage.failed("polling " + path, e, "retrying in " + delay.toMillis() + " ms");
                try {
                    if (closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
            }
        }
    }

    private void deliver(JsonNode entries) {
        long last = cursor;
        for (JsonNode entry : entries) {
            long seq = entry.path("seq").asLong(-1);
            if (seq <= last) {
                continue; // an old or malformed entry
            }
            last = seq;
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.path("message").asText());
            } catch (IllegalArgumentException e) {
                LOG.log(Level.INFO, "entry " + seq + " of " + path + " is not base64; skipped");
                continue;
            }
            switch (ServiceCodec.decode(bytes)) {
                case Decoded.Ok<ServiceMessage> ok -> {
                    if (closed.getCount() > 0) {
                        receiver.accept(ok.value());
                    }
                }
                case Decoded.Err<ServiceMessage> err -> LOG.log(Level.INFO, "entry " + seq + " of " + path
                        + " does not decode (" + err.error().detail() + "); skipped");
            }
        }
        if (last != cursor) {
            cursor = last;
            saveCursor.accept(last);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        thread.interrupt();
    }
}
