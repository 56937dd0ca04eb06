package org.giggossip.settler.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.http.Exchange;
import org.giggossip.http.HttpConfig;
import org.giggossip.http.HttpObserver;
import org.giggossip.http.HttpProblem;
import org.giggossip.http.HttpRefusal;
import org.giggossip.http.HttpService;
import org.giggossip.http.Reply;
import org.giggossip.http.Router;
import org.giggossip.http.ServerSentEvents;
import org.giggossip.http.StreamLimits;
import org.giggossip.settler.auth.AuthHeader;
import org.giggossip.settler.auth.AuthResult;
import org.giggossip.settler.auth.RequestVerifier;
import org.giggossip.settler.service.SettlerBackend;

/**
 * The settler's HTTP/JSON API: routes on the one HTTP layer ({@link HttpService}, Jetty; every
 * request on a virtual thread, TLS, limits and timeouts from its {@link HttpConfig}), serving one
 * {@link SettlerBackend}. The routes and their bodies are in the OpenAPI 3.1 document served at
 * {@code GET /openapi.json}, made from the same route list.
 *
 * <p>Order of checks on a signed route: the body's size (413, before it is
 * read), the signature ({@link RequestVerifier}: 401 with {@code WWW-Authenticate}
 * for a missing, malformed, badly signed, expired or replayed request), the
 * admin role (403), the body's syntax ({@link SettlerJson}: 400), then the
 * handler's own checks (owner 403, unknown 404) and the settler's answer (200,
 * or 409 for a refusal). Errors are {@code application/problem+json}. Secrets
 * (preimages, payloads) travel only in POST bodies, and no body is ever logged.
 *
 * <pre>{@code
 * SettlerHttpServer server = SettlerHttpServer.start(HttpConfig.defaults(HttpService.loopback(8740)), backend,
 *         SettlerHttpServer.Options.defaults(), HttpObserver.NONE);
 * ...
 * server.close();
 * }</pre>
 */
public final class SettlerHttpServer implements AutoCloseable {
    /** The default port of a settler service. */
    public static final int DEFAULT_PORT = 8740;

    static final System.Logger LOG = System.getLogger(SettlerHttpServer.class.getName());

    /**
     * Tunables of the settler's API (the HTTP limits are in its {@link HttpConfig}).
     *
     * @param clock          the time requests' timestamps are judged by
     * @param window         the timestamp tolerance, each way; nonces are kept this long past their timestamp
     * @param maxSubscribers most revocation streams open at once (503 beyond)
     * @param maxLongPolls   most long polls waiting at once (503 beyond)
     * @param heartbeat      idle interval of the revocation stream's comment lines
     * @param callTimeout    how long a request waits for the settler before 504
     */
    public record Options(Clock clock, Duration window, int maxSubscribers, int maxLongPolls,
            Duration heartbeat, Duration callTimeout) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (maxSubscribers < 1 || maxLongPolls < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /** System clock, 60 s window, 64 streams, 1024 long polls, 15 s heartbeat, 30 s calls. */
        public static Options defaults() {
            return new Options(Clock.systemUTC(), RequestVerifier.DEFAULT_WINDOW, 64, 1024,
                    Duration.ofSeconds(15), Duration.ofSeconds(30));
        }

        public Options withClock(Clock c) {
            return new Options(c, window, maxSubscribers, maxLongPolls, heartbeat, callTimeout);
        }

        public Options withWindow(Duration w) {
            return new Options(clock, w, maxSubscribers, maxLongPolls, heartbeat, callTimeout);
        }

        public Options withMaxSubscribers(int n) {
            return new Options(clock, window, n, maxLongPolls, heartbeat, callTimeout);
        }
    }

    private final SettlerBackend backend;
    private final RequestVerifier verifier;
    private final Router<Route> router;
    private final ObjectNode openApi;
    private final Semaphore subscribers;
    private final StreamLimits streams;
    private final long retryAfterSeconds;
    private final ServerSentEvents<RevocationList> revocationStream;
    private final HttpService http;

    private SettlerHttpServer(HttpConfig config, SettlerBackend backend, Options options, HttpObserver observer)
            throws IOException {
        this.backend = Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(observer, "observer");
        this.verifier = new RequestVerifier(options.clock(), options.window(), backend::rememberNonce);
        this.subscribers = new Semaphore(options.maxSubscribers());
        this.streams = StreamLimits.of(config);
        this.retryAfterSeconds = Math.max(1, config.retryAfter().toSeconds());
        this.revocationStream = new ServerSentEvents<>(options.heartbeat(), 16, list -> new ServerSentEvents.Event(
                Long.toUnsignedString(list.body().version()), "revocations",
                SettlerJson.revocations(list).toString()));
        Answers answers = new Answers(backend, options.callTimeout(),
                new StreamLimits(options.maxLongPolls(), config.maxStreamsPerClient(), config.retryAfter()));
        List<Route> r = new ArrayList<>(publicRoutes());
        r.addAll(new GigRoutes(backend, answers).routes());
        r.addAll(new AdminRoutes(backend, answers).routes());
        r.addAll(new WalletRoutes(backend, answers).routes());
        this.router = new Router<>(r, Route::method, Route::template);
        this.openApi = OpenApiDocument.of(router.routes());
        this.http = HttpService.start(config, this::handle, SettlerJson.MAPPER, observer);
    }

    /** Binds plain HTTP on {@code bind} (a loopback address) with the default limits and serves {@code backend}. */
    public static SettlerHttpServer start(InetSocketAddress bind, SettlerBackend backend, Options options)
            throws IOException {
        return start(HttpConfig.defaults(bind), backend, options, HttpObserver.NONE);
    }

    /**
     * Binds as {@code config} says and starts serving {@code backend}, telling {@code observer} of every answer.
     *
     * @throws IllegalArgumentException plain HTTP on an address that is not loopback, not allowed by {@code config}
     * @throws IOException              the address cannot be bound, or the TLS files are unusable
     */
    public static SettlerHttpServer start(HttpConfig config, SettlerBackend backend, Options options,
            HttpObserver observer) throws IOException {
        SettlerHttpServer s = new SettlerHttpServer(config, backend, options, observer);
        LOG.log(Level.INFO, "settler API on " + s.http.url());
        return s;
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** Every route, as {@code "METHOD /path/{param}"}, in the order they are matched. */
    public List<String> routeList() {
        return router.list();
    }

    /** The OpenAPI document served at {@code /openapi.json} (a copy). */
    public ObjectNode openApi() {
        return openApi.deepCopy();
    }

    /** Stops accepting, ends open streams and long polls. */
    @Override
    public void close() {
        http.close();
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
                            StreamLimits.Permit perClient = streams.acquire(
                                    c.exchange().remoteAddress().getHostAddress());
                            try {
                                if (!subscribers.tryAcquire()) {
                                    throw new HttpProblem(503,
                                            "too many revocation streams open; poll GET /v1/revocations")
                                            .withHeader("Retry-After", Long.toString(retryAfterSeconds));
                                }
                                try {
                                    revocationStream.serve(c.exchange(), List.of(backend.revocationList()),
                                            backend::watchRevocations);
                                } finally {
                                    subscribers.release();
                                }
                            } finally {
                                perClient.close();
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

    private Reply handle(Exchange ex) throws IOException {
        try {
            Router.Matched<Route> m = router.find(ex.method(), ex.path());
            ex.route(m.route().template());
            return serve(ex, m.route(), m.params());
        } catch (HttpProblem e) {
            if (e.status() == 401) {
                throw e.withHeader("WWW-Authenticate", AuthHeader.SCHEME + " realm=\"gg-settler\"");
            }
            throw e;
        }
    }

    private Reply serve(Exchange ex, Route r, Map<String, String> params) throws IOException {
        if (r.access() == Route.Access.PUBLIC) {
            return r.handler().handle(new Route.Call(ex, params, null, null));
        }
        byte[] body = ex.body();
        String query = ex.rawQuery();
        String pathWithQuery = ex.path() + (query == null ? "" : "?" + query);
        PublicKey caller = switch (verifier.verify(ex.header("Authorization"), ex.method(), pathWithQuery, body)) {
            case AuthResult.Authenticated a -> a.caller();
            case AuthResult.Refused refused -> {
                ex.refusal(refusal(refused.cause()));
                throw new HttpProblem(401, refused.reason());
            }
        };
        if (r.access() == Route.Access.ADMIN && !backend.admins().contains(caller)) {
            throw new HttpProblem(403, "key " + caller.hex() + " is not an administrator of this settler");
        }
        return r.handler().handle(new Route.Call(ex, params, caller, SettlerJson.read(body, r.body())));
    }

    /** The refusal of a signed request that is not authenticated for {@code cause}. */
    static HttpRefusal refusal(AuthResult.Cause cause) {
        return switch (cause) {
            case MALFORMED -> HttpRefusal.AUTH_MALFORMED;
            case STALE -> HttpRefusal.AUTH_STALE;
            case BAD_SIGNATURE -> HttpRefusal.AUTH_BAD_SIGNATURE;
            case REPLAY -> HttpRefusal.AUTH_REPLAY;
        };
    }
}
