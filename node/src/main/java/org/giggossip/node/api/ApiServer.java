package org.giggossip.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

/**
 * The node's app API: HTTP/JSON on the one HTTP layer ({@link HttpService}, Jetty; every request
 * on a virtual thread), rendering one {@link NodeApi}. The routes, bodies and schemas are
 * documented in {@code openapi.json} (served at {@code GET /openapi.json}); values are written
 * as {@link ApiJson} says.
 *
 * <p>Security: bind to {@code 127.0.0.1} (see {@link #loopback}; plain HTTP elsewhere is refused);
 * every request, the document included, must carry {@code Authorization: Bearer <token>}
 * (compared in constant time), else 401. Request bodies over {@value #MAX_BODY_BYTES} bytes are
 * refused with 413 before they are read.
 *
 * <p>Errors are {@code application/problem+json} (RFC 9457: type, title, status, detail, and
 * {@code error}, the detail again): 400 malformed input, 401 no or wrong token, 404 unknown route
 * or object, 405 wrong method (with {@code Allow}), 409 wrong state, 413 body too large, 429 or 503
 * too many event streams (with {@code Retry-After}), 503 node busy, 500 a bug.
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
    /** Events queued per client before it is dropped. */
    static final int QUEUE = 1024;

    static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

    private final NodeApi api;
    private final byte[] expectedAuth;
    private final Router<Route> router;
    private final ServerSentEvents<ApiEvent> events;
    private final StreamLimits streams;
    private final HttpService http;

    /** One request, its path parameters decoded as strings. */
    record Request(Exchange exchange, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }

        /** The body as a JSON object; 413 over the limit, 400 if not JSON. */
        JsonNode json() {
            return ApiRequests.parse(exchange.body());
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
     * @throws IllegalArgumentException {@code bind} is not a loopback address (the API speaks plain HTTP)
     * @throws IOException              if the address cannot be bound
     */
    public ApiServer(NodeApi api, InetSocketAddress bind, String token, Duration heartbeat, HttpObserver observer)
            throws IOException {
        this.api = Objects.requireNonNull(api, "api");
        Objects.requireNonNull(observer, "observer");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be empty");
        }
        this.expectedAuth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.events = new ServerSentEvents<>(heartbeat, QUEUE, ApiServer::event);
        this.router = new Router<>(routes(), Route::method, Route::template);
        HttpConfig config = HttpConfig.defaults(bind).withMaxBodyBytes(MAX_BODY_BYTES)
                .withIdleTimeout(heartbeat.plus(Duration.ofSeconds(30)));
        this.streams = StreamLimits.of(config);
        this.http = HttpService.bind(config, this::handle, ApiJson.MAPPER, observer);
    }

    /** {@code 127.0.0.1:port}: the default and recommended bind address. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts serving. */
    public void start() {
        try {
            http.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** Every route served, as {@code "METHOD /path/{param}"}, in the order they are matched. */
    public List<String> routeList() {
        return router.list();
    }

    /** Stops accepting, ends open event streams and stops the handler threads. */
    @Override
    public void close() {
        http.close();
    }

    private List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "/openapi.json", q -> Reply.ok(OpenApi.document())));
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
        r.add(new Route("POST", "/v1/jobs/{id}/cancel", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.cancel(id);
            return new Reply(202, ApiJson.toJson(job(id)));
        }));
        r.add(new Route("GET", "/v1/work", q -> ok(api.work())));
        r.add(new Route("POST", "/v1/work/{id}/reply", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            var reply = ApiRequests.reply(q.json());
            api.reply(id, reply.priceMsat(), reply.message());
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("job", id.hex());
            body.put("price_msat", reply.priceMsat());
            return new Reply(202, body);
        }));
        r.add(new Route("POST", "/v1/work/{id}/answer-dispute", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.answerDispute(id, ApiRequests.statement(q.json()));
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("job", id.hex());
            body.put("answered", true);
            return new Reply(202, body);
        }));
        r.add(new Route("POST", "/v1/work/{id}/withdraw", q -> {
            var id = ApiRequests.jobId(q.param("id"));
            api.withdraw(id);
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("job", id.hex());
            body.put("withdrawn", true);
            return new Reply(202, body);
        }));
        r.add(new Route("GET", "/v1/events", q -> {
            StreamLimits.Permit permit = streams.acquire(q.exchange().remoteAddress().getHostAddress());
            try {
                events.serve(q.exchange(), List.of(), api::subscribe);
            } finally {
                permit.close();
            }
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

    /** One event in the server-sent events format: its seq, its type's simple name, its JSON. */
    static ServerSentEvents.Event event(ApiEvent e) {
        try {
            return new ServerSentEvents.Event(Long.toString(e.seq()), e.event().getClass().getSimpleName(),
                    ApiJson.MAPPER.writeValueAsString(ApiJson.event(e)));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** The reply to {@code ex}: the token first, then the route. */
    private Reply handle(Exchange ex) throws IOException {
        if (!authorized(ex.header("Authorization"))) {
            ex.refusal(HttpRefusal.TOKEN);
            throw new HttpProblem(401, "missing or wrong bearer token (send Authorization: Bearer <token>; "
                + "the token is in the node's api.token file)").withHeader("WWW-Authenticate", "Bearer realm=\"gg\"");
        }
        Router.Matched<Route> m = router.find(ex.method(), ex.path());
        ex.route(m.route().template());
        try {
            return m.route().handler().handle(new Request(ex, m.params()));
        } catch (ApiException e) {
            throw new HttpProblem(e.status(), e.getMessage());
        }
    }

    private boolean authorized(String header) {
        return header != null
            && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuth);
    }
}
