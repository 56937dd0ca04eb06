package org.giggossip.node.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.giggossip.http.Exchange;
import org.giggossip.http.HttpConfig;
import org.giggossip.http.HttpObserver;
import org.giggossip.http.HttpProblem;
import org.giggossip.http.HttpService;
import org.giggossip.http.Reply;
import org.giggossip.http.Router;
import org.giggossip.node.api.ApiJson;

/**
 * The {@code /metrics} endpoint of a daemon (docs/metrics.md): the one HTTP layer ({@link HttpService}) on the
 * address of the configuration's {@code [metrics] listen}, off unless configured.
 *
 * <p>{@code GET /metrics} answers 200 with the scrape ({@link Exposition#CONTENT_TYPE}); any
 * other method on it 405 with {@code Allow: GET}; any other path 404 (both problem+json).
 * Bounded (docs/style.md 18): request bodies are never read, scrapes run one at a time, what a
 * scrape holds is bounded by the metric families (their labels come from fixed sets), and the
 * server holds at most 16 connections (4 per address). Bind it to loopback or a private
 * interface: it has no authentication, as a Prometheus target usually has none; plain HTTP on
 * the interface the operator names is allowed, as the scrape holds no secret.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());
    /** The path served. */
    public static final String PATH = "/metrics";

    private final Supplier<String> scrape;
    private final Router<String> router = new Router<>(List.of(PATH), p -> "GET", p -> p);
    private final HttpService http;

    private MetricsServer(InetSocketAddress bind, Supplier<String> scrape) throws IOException {
        this.scrape = Objects.requireNonNull(scrape, "scrape");
        HttpConfig config = HttpConfig.defaults(bind).withAllowPlainHttp(true).withMaxBodyBytes(1024)
                .withConnections(16, 4).withStreams(1, 1);
        this.http = HttpService.start(config, this::handle, ApiJson.MAPPER, HttpObserver.NONE);
    }

    /**
     * Binds on {@code bind} and serves {@code scrape}'s text at {@code /metrics}.
     *
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress bind, Supplier<String> scrape) throws IOException {
        MetricsServer m = new MetricsServer(bind, scrape);
        LOG.log(System.Logger.Level.INFO, "metrics on " + m.http.url() + PATH);
        return m;
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return http.address();
    }

    private Reply handle(Exchange ex) throws IOException {
        try {
            ex.route(router.find(ex.method(), ex.path()).route());
        } catch (HttpProblem p) {
            throw p.status() == 404 ? new HttpProblem(404, "not found: metrics are at " + PATH) : p;
        }
        String body;
        synchronized (this) { // one scrape at a time
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "metrics: the scrape failed", e);
                throw new HttpProblem(500, "the scrape failed: " + e.getClass().getSimpleName());
            }
        }
        ex.setHeader("Cache-Control", "no-store");
        ex.send(200, Exposition.CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
        return null;
    }

    /** Stops serving. */
    @Override
    public void close() {
        http.close();
    }
}
