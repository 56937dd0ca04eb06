package org.giggossip.settler.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.settler.auth.AuthHeader;
import org.giggossip.settler.auth.AuthResult;
import org.giggossip.settler.auth.RequestVerifier;
import org.giggossip.settler.service.SettlerBackend;

/**
 * The settler's HTTP/JSON API (docs/settler.md, "What it serves"): the JDK's {@link HttpServer}, every
 * request on a virtual thread, serving one {@link SettlerBackend}. The routes
 * and their bodies are in the OpenAPI 3.1 document served at
 * {@code GET /openapi.json}, made from the same route list.
 *
 * <p>Order of checks on a signed route: the body's size (413, before it is
 * read), the signature ({@link RequestVerifier}: 401 with {@code WWW-Authenticate}
 * for a missing, malformed, badly signed, expired or replayed request), the
 * admin role (403), the body's syntax ({@link SettlerJson}: 400), then the
 * handler's own checks (owner 403, unknown 404) and the settler's answer (200,
 * or 409 for a refusal). Secrets (preimages, payloads) travel only in POST
 * bodies, and no body is ever logged.
 *
 * <pre>{@code
 * SettlerHttpServer server = SettlerHttpServer.start(new InetSocketAddress("127.0.0.1", 8740), backend,
 *         SettlerHttpServer.Options.defaults());
 * ...
 * server.close();
 * }</pre>
 */
public final class SettlerHttpServer implements AutoCloseable {
    /** The default port of a settler service. */
    public static final int DEFAULT_PORT = 8740;

    static final System.Logger LOG = System.getLogger(SettlerHttpServer.class.getName());

    /**
     * Tunables.
     *
     * @param clock          the time requests' timestamps are judged by
     * @param window         the timestamp tolerance, each way; nonces are kept this long past their timestamp
     * @param maxBodyBytes   largest request body
     * @param maxSubscribers most revocation streams open at once (503 beyond)
     * @param maxLongPolls   most long polls waiting at once (503 beyond)
     * @param heartbeat      idle interval of the revocation stream's comment lines
     * @param callTimeout    how long a request waits for the settler before 504
     */
    public record Options(Clock clock, Duration window, int maxBodyBytes, int maxSubscribers, int maxLongPolls,
            Duration heartbeat, Duration callTimeout) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (maxBodyBytes < 1024 || maxSubscribers < 1 || maxLongPolls < 1) {
                throw new IllegalArgumentException("limits must be positive (body at least 1024 bytes)");
            }
        }

        /** System clock, 60 s window, 256 KiB bodies, 64 streams, 1024 long polls, 15 s heartbeat, 30 s calls. */
        public static Options defaults() {
            return new Options(Clock.systemUTC(), RequestVerifier.DEFAULT_WINDOW, 256 * 1024, 64, 1024,
                    Duration.ofSeconds(15), Duration.ofSeconds(30));
        }

        public Options withClock(Clock c) {
            return new Options(c, window, maxBodyBytes, maxSubscribers, maxLongPolls, heartbeat, callTimeout);
        }

        public Options withWindow(Duration w) {
            return new Options(clock, w, maxBodyBytes, maxSubscribers, maxLongPolls, heartbeat, callTimeout);
        }

        public Options withMaxSubscribers(int n) {
            return new Options(clock, window, maxBodyBytes, n, maxLongPolls, heartbeat, callTimeout);
        }
    }

    private final SettlerBackend backend;
    private final Options options;
    private final RequestVerifier verifier;
    private final List<Route> routes;
    private final ObjectNode openApi;
    private final Semaphore subscribers;
    private final ServerSentEvents<RevocationList> revocationStream;
    private final ExecutorService executor;
    private final HttpServer server;
    private final HttpObserver observer;

    private SettlerHttpServer(InetSocketAddress bind, SettlerBackend backend, Options options, HttpObserver observer)
            throws IOException {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.options = Objects.requireNonNull(options, "options");
        this.verifier = new RequestVerifier(options.clock(), options.window(), backend::rememberNonce);
        this.subscribers = new Semaphore(options.maxSubscribers());
        this.revocationStream = new ServerSentEvents<>(options.heartbeat(), 16, list -> new ServerSentEvents.Event(
                Long.toUnsignedString(list.body().version()), "revocations",
                SettlerJson.revocations(list).toString()));
        Answers answers = new Answers(backend, options.callTimeout(), options.maxLongPolls());
        List<Route> r = new ArrayList<>(publicRoutes());
        r.addAll(new GigRoutes(backend, answers).routes());
        r.addAll(new AdminRoutes(backend, answers).routes());
        r.addAll(new WalletRoutes(backend, answers).routes());
        this.routes = List.copyOf(r);
        this.openApi = OpenApiDocument.of(routes);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(bind, 128);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** Binds on {@code bind} and starts serving {@code backend}. */
    public static SettlerHttpServer start(InetSocketAddress bind, SettlerBackend backend, Options options)
            throws IOException {
        return start(bind, backend, options, HttpObserver.NONE);
    }

    /** Binds on {@code bind} and starts serving {@code backend}, telling {@code observer} of every answer. */
    public static SettlerHttpServer start(InetSocketAddress bind, SettlerBackend backend, Options options,
            HttpObserver observer) throws IOException {
        SettlerHttpServer s = new SettlerHttpServer(bind, backend, options, observer);
        s.server.start();
        LOG.log(Level.INFO, "settler API on http://" + s.address().getHostString() + ":" + s.address().getPort());
        return s;
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Every route, as {@code "METHOD /path/{param}"}, in the order they are matched. */
    public List<String> routeList() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** The OpenAPI document served at {@code /openapi.json} (a copy). */
    public ObjectNode openApi() {
        return openApi.deepCopy();
    }

    /** Stops accepting, ends open streams and long polls. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private List<Route> publicRoutes() {
        return List.of(
                Route.get("/openapi.json", "This document", c -> Answers.ok(openApi)),
                Route.get("/v1/health", "Liveness", c -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("status", "ok");
                    body.put("settler", backend.id().hex());
                    return Answers.ok(body);
                }),
                Route.get("/v1/settler", "The settler's key and its own certificate (base64)", c -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("id", backend.id().hex());
                    body.set("certificate", SettlerJson.certificate(backend.certificate()));
                    return Answers.ok(body);
                }),
                Route.get("/v1/revocations", "The latest signed revocation list",
                        c -> Answers.ok(SettlerJson.revocations(backend.revocationList()))),
                Route.get("/v1/revocations/stream",
                        "Server-sent events: the current revocation list, then each new version", c -> {
                            if (!subscribers.tryAcquire()) {
                                throw new HttpProblem(503, "too many revocation streams open; poll GET /v1/revocations");
                            }
                            try {
                                revocationStream.serve(c.exchange(), List.of(backend.revocationList()),
                                        backend::watchRevocations);
                            } finally {
                                subscribers.release();
                            }
                            return null;
                        }),
                Route.get("/v1/preimages/{payment_hash}",
                        "A revealed preimage (public once revealed, seed 000 end of 3.9); 404 if not revealed", c -> {
                            Hash32 hash = SettlerJson.hash(c.params().get("payment_hash"), "payment_hash");
                            var preimage = backend.publishedPreimage(hash).orElseThrow(
                                    () -> new HttpProblem(404, "the preimage of " + hash.hex() + " is not revealed"));
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.put("payment_hash", hash.hex());
                            body.put("preimage", Hex.encode(preimage.bytes()));
                            return Answers.ok(body);
                        }));
    }

    /** What the observer is told of one request: its route and why it was refused. */
    private static final class Outcome {
        String route = HttpObserver.UNMATCHED;
        HttpRefusal refusal;
        boolean counted;
    }

    private void dispatch(HttpExchange ex) {
        Outcome outcome = new Outcome();
        try (ex) {
            int status;
            JsonNode body;
            try {
                Route.Reply reply = route(ex, outcome);
                status = reply == null ? ex.getResponseCode() : reply.status(); // null: a stream answered itself
                body = reply == null ? null : reply.body();
            } catch (HttpProblem e) {
                if (e.status() == 401) {
                    ex.getResponseHeaders().set("WWW-Authenticate", AuthHeader.SCHEME + " realm=\"gg-settler\"");
                }
                status = e.status();
                body = HttpExchanges.errorBody(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                // the path names no secret (secrets travel in bodies, which are never logged)
                LOG.log(Level.ERROR, "settler API: " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
                        + " failed", e);
                status = 500;
                body = HttpExchanges.errorBody(500, "internal error: " + e.getClass().getSimpleName());
            }
            // counted before the answer leaves, so that a client that has it sees it counted
            observe(ex, outcome, status);
            if (body != null) {
                HttpExchanges.sendJson(ex, SettlerJson.MAPPER, status, body);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "settler API: client gone: " + e);
            observe(ex, outcome, ex.getResponseCode());
        }
    }

    /** Tells the observer of the answer, once. */
    private void observe(HttpExchange ex, Outcome outcome, int status) {
        if (outcome.counted) {
            return;
        }
        outcome.counted = true;
        observer.answered(outcome.route, ex.getRequestMethod(), status,
                outcome.refusal != null && status >= 400 ? outcome.refusal : HttpRefusal.ofStatus(status).orElse(null));
    }

    private Route.Reply route(HttpExchange ex, Outcome outcome) throws IOException {
        HttpExchanges.Matched<Route> m = HttpExchanges.findRoute(ex, routes, Route::method, Route::template);
        outcome.route = m.route().template();
        return serve(ex, m.route(), m.params(), outcome);
    }

    private Route.Reply serve(HttpExchange ex, Route r, Map<String, String> params, Outcome outcome)
            throws IOException {
        if (r.access() == Route.Access.PUBLIC) {
            return r.handler().handle(new Route.Call(ex, params, null, null));
        }
        byte[] body = HttpExchanges.readBody(ex, options.maxBodyBytes());
        String query = ex.getRequestURI().getRawQuery();
        String pathWithQuery = ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        PublicKey caller = switch (verifier.verify(ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestMethod(), pathWithQuery, body)) {
            case AuthResult.Authenticated a -> a.caller();
            case AuthResult.Refused refused -> {
                outcome.refusal = HttpRefusal.of(refused.cause());
                throw new HttpProblem(401, refused.reason());
            }
        };
        if (r.access() == Route.Access.ADMIN && !backend.admins().contains(caller)) {
            throw new HttpProblem(403, "key " + caller.hex() + " is not an administrator of this settler");
        }
        return r.handler().handle(new Route.Call(ex, params, caller, SettlerJson.read(body, r.body())));
    }
}
