package org.giggossip.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one HTTP server of our services: Jetty 12 (its core API, no servlets) configured from an
 * {@link HttpConfig}: TLS from PEM files, plain HTTP only on loopback unless allowed, header and
 * body limits, a whole-request read deadline against slow clients, an idle timeout, and caps on
 * connections in all and per address. Every request runs on its own virtual thread and is
 * answered by the {@link Service}: with a JSON {@link Reply}, by itself (an event stream, a file),
 * or with an {@link HttpProblem}, written as {@code application/problem+json}; a bug (a runtime
 * exception) is a 500 problem that names no more than the exception's type. The observer is
 * told of every answer before it leaves.
 *
 * <pre>{@code
 * HttpService http = HttpService.start(HttpConfig.defaults(HttpService.loopback(8080)),
 *         ex -> Reply.ok(body), mapper, HttpObserver.NONE);
 * ...
 * http.close();
 * }</pre>
 */
public final class HttpService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpService.class.getName());
    /**
     * Jetty's own lines (it logs through SLF4J to java.util.logging) from WARNING up: its start
     * and stop notes would fill a command's output. Held here, as java.util.logging keeps only
     * weak references to its loggers.
     */
    private static final java.util.logging.Logger JETTY =
            quiet(java.util.logging.Logger.getLogger("org.eclipse.jetty"));

    private static java.util.logging.Logger quiet(java.util.logging.Logger jetty) {
        if (jetty.getLevel() == null) {
            jetty.setLevel(java.util.logging.Level.WARNING);
        }
        return jetty;
    }

    /** What a service answers to one request. */
    @FunctionalInterface
    public interface Service {
        /**
         * The JSON answer, or null when the service answered {@code ex} itself.
         *
         * @throws HttpProblem  to refuse the request
         * @throws IOException  when the client went away
         */
        Reply handle(Exchange ex) throws IOException;
    }

    private final HttpConfig config;
    private final Service service;
    private final ObjectMapper json;
    private final HttpObserver observer;
    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final ExecutorService requests;
    private final ScheduledExecutorService timers;

    private HttpService(HttpConfig config, Service service, ObjectMapper json, HttpObserver observer)
            throws IOException {
        config.checkPlainHttp();
        this.config = config;
        this.service = Objects.requireNonNull(service, "service");
        this.json = Objects.requireNonNull(json, "json");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("http-deadlines").factory());
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("http-io");
        pool.setDaemon(true);
        this.server = new Server(pool);
        server.setStopTimeout(1000);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(config.idleTimeout().toMillis());
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        if (config.tls().isPresent()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(Pem.keyStore(config.tls().get().certificateChain(), config.tls().get().privateKey()));
            tls.setKeyStorePassword(new String(Pem.PASSWORD));
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            this.connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, plain.getProtocol()),
                    plain);
        } else {
            this.connector = new ServerConnector(server, 1, 1, plain);
        }
        InetSocketAddress listen = config.listen();
        connector.setHost(listen.getAddress() == null ? listen.getHostString()
                : listen.getAddress().getHostAddress());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        this.guard = new ConnectionGuard(config.requestReadTimeout(), config.maxConnectionsPerAddress(), timers);
        connector.addBean(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        server.setErrorHandler(this::jettyError);
        server.setHandler(new Handler.Abstract(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.execute(() -> serve(request, response, callback));
                return true;
            }
        });
    }

    /**
     * Binds {@code config.listen()} and starts serving {@code service}.
     *
     * @throws IllegalArgumentException plain HTTP on an address that is not loopback, not allowed
     * @throws java.net.BindException   the address is taken
     * @throws IOException              the address cannot be bound, or the TLS files are unusable
     */
    public static HttpService start(HttpConfig config, Service service, ObjectMapper json, HttpObserver observer)
            throws IOException {
        HttpService s = bind(config, service, json, observer);
        s.start();
        return s;
    }

    /**
     * Binds {@code config.listen()}, without serving yet (see {@link #start()}): a caller learns at
     * once whether the address is free.
     *
     * @throws IllegalArgumentException plain HTTP on an address that is not loopback, not allowed
     * @throws java.net.BindException   the address is taken
     * @throws IOException              the address cannot be bound, or the TLS files are unusable
     */
    public static HttpService bind(HttpConfig config, Service service, ObjectMapper json, HttpObserver observer)
            throws IOException {
        HttpService s = new HttpService(config, service, json, observer);
        try {
            s.connector.open();
        } catch (IOException e) {
            s.close();
            if (e.getCause() instanceof java.net.BindException b) {
                java.net.BindException taken = new java.net.BindException(config.listen() + ": " + b.getMessage());
                taken.initCause(e);
                throw taken;
            }
            throw e;
        }
        return s;
    }

    /** Starts serving (once). */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the HTTP server on " + config.listen() + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(config.listen().getAddress(), connector.getLocalPort());
    }

    /** {@code http://host:port} or {@code https://host:port}. */
    public String url() {
        return config.scheme() + "://" + address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    /** The configuration it runs with. */
    public HttpConfig config() {
        return config;
    }

    /** Stops accepting, closes connections and interrupts the requests still running (streams, long polls). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "stopping the HTTP server", e);
        }
        requests.shutdownNow();
        timers.shutdownNow();
    }

    private void serve(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        Exchange ex = new Exchange(request, response, config.maxBodyBytes(), () -> guard.requestRead(connection));
        if (request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            ex.requestRead();
        }
        try {
            Reply reply = null;
            HttpProblem problem = null;
            try {
                reply = service.handle(ex);
            } catch (HttpProblem p) {
                problem = p;
            } catch (RuntimeException e) {
                // the path names no secret (secrets travel in bodies, which are never logged)
                LOG.log(Level.ERROR, "HTTP " + request.getMethod() + " " + ex.path() + " failed", e);
                problem = new HttpProblem(500, "internal error: " + e.getClass().getSimpleName());
            }
            boolean tooLarge = problem != null && problem.status() == 413 && !ex.started();
            if (!tooLarge) {
                ex.requestRead();
            }
            if (ex.started()) {
                if (problem != null) {
                    LOG.log(Level.DEBUG, "HTTP " + ex.path() + ": refused after the answer started: "
                            + problem.getMessage());
                }
                observe(ex, ex.status());
            } else if (problem != null) {
                observe(ex, problem.status());
                problem.headers().forEach(ex::setHeader);
                ex.setHeader("Cache-Control", "no-store");
                if (tooLarge) {
                    ex.setHeader("Connection", "close");
                }
                ex.send(problem.status(), HttpProblem.MEDIA_TYPE, json.writeValueAsBytes(problem.body()));
                if (tooLarge) {
                    drain(request);
                }
            } else if (reply != null) {
                observe(ex, reply.status());
                ex.setHeader("Cache-Control", "no-store");
                ex.send(reply.status(), "application/json; charset=utf-8", json.writeValueAsBytes(reply.body()));
            } else {
                throw new IllegalStateException("the service neither answered nor replied to " + ex.path());
            }
            ex.finish();
            guard.answered(connection);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "HTTP " + ex.path() + ": client gone: " + e);
            if (!ex.started()) {
                observe(ex, -1);
            }
            callback.failed(e);
        }
    }

    /**
     * Reads and drops the rest of a body refused as too large, once the refusal is sent, when it
     * is at most four times the limit (or 1 MiB): closing a connection with unread bytes makes the kernel
     * reset it, and a client still sending would lose the answer. A larger body is not waited
     * for (the connection closes), and a slow one is cut by the request-read deadline.
     */
    private void drain(Request request) {
        long limit = Math.max(4L * config.maxBodyBytes(), 1 << 20);
        if (request.getLength() > limit) {
            return;
        }
        try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while (total <= limit && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HTTP: draining a refused body: " + e);
        }
    }

    private void observe(Exchange ex, int status) {
        observer.answered(ex.route(), ex.method(), status,
                ex.refusal() != null && status >= 400 ? ex.refusal() : HttpRefusal.ofStatus(status).orElse(null));
    }

    /** Jetty's own refusals (a bad request line, headers over the limit) as problem+json too. */
    private boolean jettyError(Request request, Response response, Callback callback) {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String detail = message instanceof String s && !s.isBlank() ? s : HttpStatus.getMessage(status);
        byte[] body;
        try {
            body = json.writeValueAsBytes(HttpProblem.body(status, detail));
        } catch (IOException e) {
            body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpProblem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
