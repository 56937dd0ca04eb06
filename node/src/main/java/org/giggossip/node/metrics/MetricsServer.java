package org.giggossip.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The {@code /metrics} endpoint of a daemon (docs/metrics.md): the JDK's {@link HttpServer} on the
 * address of the configuration's {@code [metrics] listen}, off unless configured.
 *
 * <p>{@code GET /metrics} answers 200 with the scrape ({@link Exposition#CONTENT_TYPE}); any
 * other method on it 405 with {@code Allow: GET}; any other path 404. Bounded (docs/style.md 18):
 * request bodies are never read, scrapes run one at a time on one thread, and what a scrape
 * holds is bounded by the metric families (their labels come from fixed sets), so a client
 * can cost at most one thread and one scrape's text at a time. Bind it to loopback or a
 * private interface: it has no authentication, as a Prometheus target usually has none.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());
    /** The path served. */
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<String> scrape;

    private MetricsServer(HttpServer server, ExecutorService executor, Supplier<String> scrape) {
        this.server = server;
        this.executor = executor;
        this.scrape = scrape;
    }

    /**
     * Binds on {@code bind} and serves {@code scrape}'s text at {@code /metrics}.
     *
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress bind, Supplier<String> scrape) throws IOException {
        Objects.requireNonNull(scrape, "scrape");
        HttpServer server = HttpServer.create(bind, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        MetricsServer m = new MetricsServer(server, executor, scrape);
        server.setExecutor(executor);
        server.createContext("/", m::handle);
        server.start();
        InetSocketAddress a = server.getAddress();
        LOG.log(System.Logger.Level.INFO, "metrics on http://" + a.getHostString() + ":" + a.getPort() + PATH);
        return m;
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            if (!ex.getRequestURI().getRawPath().equals(PATH)) {
                send(ex, 404, "not found: metrics are at " + PATH + "\n");
            } else if (!ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET");
                send(ex, 405, "method not allowed: use GET\n");
            } else {
                String body;
                try {
                    body = scrape.get();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "metrics: the scrape failed", e);
                    send(ex, 500, "the scrape failed: " + e.getClass().getSimpleName() + "\n");
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", Exposition.CONTENT_TYPE);
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "metrics: client gone: " + e);
        }
    }

    private static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
