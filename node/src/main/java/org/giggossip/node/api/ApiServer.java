package org.giggossip.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.giggossip.settler.http.HttpExchanges;
import org.giggossip.settler.http.HttpObserver;
import org.giggossip.settler.http.HttpProblem;
import org.giggossip.settler.http.HttpRefusal;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's app API (docs/operations.md, "The app API"): HTTP/JSON over the JDK's
 * {@link HttpServer}, every request on a virtual thread, rendering one
 * {@link NodeApi}. The routes, bodies and schemas are documented in
 * {@code openapi.json} (served at {@code GET /openapi.json}); values are written
 * as {@link ApiJson} says.
 *
 * <p>Security: bind to {@code 127.0.0.1} (see {@link #loopback}); every request,
 * the document included, must carry {@code Authorization: Bearer <token>}
 * (compared in constant time), else 401. Request bodies over
 * {@value #MAX_BODY_BYTES} bytes are refused with 413 before they are read.
 *
 * <p>Errors are {@code {"status": n, "error": "reason"}}: 400 malformed input,
 * 401 no or wrong token, 404 unknown route or object, 405 wrong method (with
 * {@code Allow}), 409 wrong state, 413 body too large, 503 node busy, 500 a bug.
 *
 * <p>How the daemon runs it:
 * <pre>{@code
 * AppModel model = new AppModel();                  // fed by the event loop: model.on(event, clock.instant())
 * NodeApi api = ...;                                // the daemon's, answering job/jobs/work/subscribe from model
 * String token = ApiToken.loadOrCreate(dataDir.resolve(ApiToken.FILE_NAME), new SecureRandom());
 * ApiServer server = new ApiServer(api, new InetSocketAddress(app.host(), app.port()), token);
 * server.start();                                   // app = NodeConfig's app_address, 127.0.0.1:8735 by default
 * ...
 * server.close();                                   // on shutdown, before the engine stops
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    /** The default port of the app API. */
    public static final int DEFAULT_PORT = 8735;
    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** How often an idle event stream sends a comment line, so dead clients are noticed. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

    private final NodeApi api;
    private final byte[] expectedAuth;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final EventStream events;
    private final HttpObserver observer;

    /** A JSON answer: a status and a body. */
    record Reply(int status, JsonNode body) {}

    /** One request, its path parameters decoded as strings. */
    record Request(HttpExchange exchange, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }

        /** The body as a JSON object; 413 over the limit, 400 if not JSON. */
        JsonNode json() {
            return ApiRequests.parse(readBody(exchange));
        }
    }

    @FunctionalInterface
    interface Handler {
        /** The reply, or null when the handler answered the exchange itself (the event stream). */
        Reply handle(Request r) throws IOException;
    }

    /** A method and a path template such as {@code /v1/jobs/{id}}. */
    record Route(String method, String template, Handler handler) {
    }

    /** Binds on {@code bind} (not yet serving) with the default heartbeat. */
    public ApiServer(NodeApi api, InetSocketAddress bind, String token) throws IOException {
        this(api, bind, token, DEFAULT_HEARTBEAT);
    }

    /**
     * Binds on {@code bind}; call {@link #start}.
     *
     * @param token     the bearer token clients must present (see {@link ApiToken})
     * @param heartbeat idle interval after which the event stream sends a comment line
     * @throws IOException if the address cannot be bound
     */
    public ApiServer(NodeApi api, InetSocketAddress bind, String token, Duration heartbeat) throws IOException {
        this(api, bind, token, heartbeat, HttpObserver.NONE);
    }

    /**
     * Binds on {@code bind}, telling {@code observer} of every answer (for metrics); call {@link #start}.
     *
     * @throws IOException if the address cannot be bound
     */
    public ApiServer(NodeApi api, InetSocketAddress bind, String token, Duration heartbeat, HttpObserver observer)
            throws IOException {
        this.api = Objects.requireNonNull(api, "api");
        this.observer = Objects.requireNonNull(observer, "observer");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be empty");
        }
        this.expectedAuth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.events = new EventStream(api, heartbeat);
        this.routes = routes();
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(bind, 64);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** {@code 127.0.0.1:port}: the default and recommended bind address. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts serving. */
    public void start() {
        server.start();
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Every route served, as {@code "METHOD /path/{param}"}, in the order they are matched. */
    public List<String> routeList() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** Stops accepting, ends open event streams and stops the handler threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "/openapi.json", q -> new Reply(200, OpenApi.document())));
        r.add(new Route("GET", "/v1/status", q -> ok(api.status())));
        r.add(new Route("GET", "/v1/peers", q -> ok(api.peers())));
        r.add(new Route("GET", "/v1/balance", q -> ok(api.balance())));
        r.add(new Route("GET", "/v1/invoices", q -> ok(api.invoices())));
        r.add(new Route("POST", "/v1/jobs", q -> new Reply(201, ApiJson.toJson(api.postJob(ApiRequests.topic(q.json()))))));
        r.add(new Route("GET", "/v1/jobs", q -> ok(api.jobs())));
        r.add(new Route("GET", "/v1/jobs/{id}", q -> ok(job(ApiRequests.jobId(q.param("id"))))));
        r.add(new Route("POST", "/v1/jobs/{id}/accept", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.accept(id, ApiRequests.offer(q.json()));
            return new Reply(202, ApiJson.toJson(job(id)));
        }));
        r.add(new Route("POST", "/v1/jobs/{id}/confirm", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.confirm(id);
            return new Reply(202, ApiJson.toJson(job(id)));
        }));
        r.add(new Route("POST", "/v1/jobs/{id}/dispute", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.dispute(id, ApiRequests.reason(q.json()));
            return new Reply(202, ApiJson.toJson(job(id)));
        }));
        r.add(new Route("GET", "/v1/work", q -> ok(api.work())));
        r.add(new Route("POST", "/v1/work/{id}/reply", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            var reply = ApiRequests.reply(q.json());
            api.reply(id, reply.priceMsat(), reply.message());
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("job", id.hex());
            body.put("priceMsat", reply.priceMsat());
            return new Reply(202, body);
        }));
        r.add(new Route("GET", "/v1/events", q -> {
            events.serve(q.exchange());
            return null;
        }));
        return List.copyOf(r);
    }

    private JobView job(org.giggossip.core.wire.PayloadId id) {
        return api.job(id).orElseThrow(() -> new ApiException(404, "no job " + id.hex()));
    }

    private static Reply ok(Object value) {
        return new Reply(200, ApiJson.toJson(value));
    }

    private void dispatch(HttpExchange ex) {
        String[] route = {HttpObserver.UNMATCHED};
        boolean counted = false;
        try (ex) {
            Reply reply;
            try {
                reply = route(ex, route);
            } catch (ApiException e) {
                reply = error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "app API: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed", e);
                reply = error(500, "internal error: " + e.getClass().getSimpleName());
            }
            // counted before the answer leaves, so that a client that has it sees it counted
            counted = true;
            observe(ex, route[0], reply == null ? ex.getResponseCode() : reply.status());
            if (reply != null) {
                send(ex, reply);
            }
        } catch (IOException e) {
            // the client went away mid-answer
            LOG.log(Level.DEBUG, "app API: client gone: " + e);
            if (!counted) {
                observe(ex, route[0], ex.getResponseCode());
            }
        }
    }

    private void observe(HttpExchange ex, String route, int status) {
        observer.answered(route, ex.getRequestMethod(), status,
                status == 401 ? HttpRefusal.TOKEN : HttpRefusal.ofStatus(status).orElse(null));
    }

    /** The reply to {@code ex}; {@code route[0]} is set to the template of the route that serves it. */
    private Reply route(HttpExchange ex, String[] route) throws IOException {
        if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"gg\"");
            return error(401, "missing or wrong bearer token (send Authorization: Bearer <token>; "
                + "the token is in the node's api.token file)");
        }
        HttpExchanges.Matched<Route> m;
        try {
            m = HttpExchanges.findRoute(ex, routes, Route::method, Route::template);
        } catch (HttpProblem p) { // 404 or 405
            return error(p.status(), p.getMessage());
        }
        route[0] = m.route().template();
        return m.route().handler().handle(new Request(ex, m.params()));
    }

    private boolean authorized(String header) {
        return header != null
            && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuth);
    }

    static Reply error(int status, String reason) {
        return new Reply(status, HttpExchanges.errorBody(status, reason));
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        HttpExchanges.sendJson(ex, ApiJson.MAPPER, reply.status(), reply.body());
    }

    /** Reads the body, refusing (413) one whose declared or actual length is over the limit. */
    static byte[] readBody(HttpExchange ex) {
        try {
            return HttpExchanges.readBody(ex, MAX_BODY_BYTES);
        } catch (HttpProblem p) {
            throw new ApiException(p.status(), p.getMessage());
        }
    }
}
