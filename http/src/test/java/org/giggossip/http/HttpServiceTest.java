package org.giggossip.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer over real sockets: limits, timeouts, TLS, streams, errors and files. */
class HttpServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record TestRoute(String method, String template, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        Reply handle(Exchange ex, Map<String, String> params) throws IOException;
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StaticFiles files = new StaticFiles(getClass().getClassLoader(), "org/giggossip/http/site",
            Duration.ofHours(1));

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HttpService start(HttpConfig config, StreamLimits streams) throws IOException {
        ServerSentEvents<String> events = new ServerSentEvents<>(Duration.ofSeconds(30), 4,
                s -> new ServerSentEvents.Event("1", "greeting", "\"" + s + "\""));
        Router<TestRoute> router = new Router<>(List.of(
                new TestRoute("GET", "/hello", (ex, p) -> Reply.ok(JsonNodeFactory.instance.textNode("hello"))),
                new TestRoute("POST", "/echo", (ex, p) -> {
                    byte[] body = ex.body();
                    return Reply.ok(JsonNodeFactory.instance.numberNode(body.length));
                }),
                new TestRoute("GET", "/bad", (ex, p) -> {
                    throw HttpProblem.badRequest("bad input: x");
                }),
                new TestRoute("GET", "/stream", (ex, p) -> {
                    String client = ex.header("X-Client") == null ? ex.remoteAddress().getHostAddress()
                            : ex.header("X-Client");
                    StreamLimits.Permit permit = streams.acquire(client);
                    try {
                        events.serve(ex, List.of("hi " + client), listener -> () -> { });
                    } finally {
                        permit.close();
                    }
                    return null;
                }),
                new TestRoute("GET", "/files/{path*}", (ex, p) -> {
                    files.serve(ex, p.get("path"));
                    return null;
                })), TestRoute::method, TestRoute::template);
        HttpService s = HttpService.start(config, ex -> {
            Router.Matched<TestRoute> m = router.find(ex.method(), ex.path());
            ex.route(m.route().template());
            return m.route().handler().handle(ex, m.params());
        }, JSON, HttpObserver.NONE);
        open.add(s);
        return s;
    }

    private static HttpConfig local() {
        return HttpConfig.defaults(HttpService.loopback(0));
    }

    private HttpResponse<String> get(HttpService s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // a reset also ends what the server sent
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void slowLorisClientIsClosedWithinTheReadTimeoutWhileOthersAreServed() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        HttpService s = start(local().withRequestReadTimeout(timeout).withIdleTimeout(Duration.ofSeconds(60)),
                new StreamLimits(8, 8, Duration.ofSeconds(1)));
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), s.address().getPort())) {
            long started = System.nanoTime();
            OutputStream out = slow.getOutputStream();
            out.write("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get()) {
                        out.write('a'); // one byte each 300 ms: never idle for the 60 s idle timeout
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server: done
                }
            });
            // another client is served meanwhile
            HttpResponse<String> other = get(s, "/hello");
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).isEqualTo("\"hello\"");

            slow.setSoTimeout(30_000);
            int first;
            try {
                first = slow.getInputStream().read();
            } catch (SocketException reset) {
                first = -1;
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            stop.set(true);
            trickle.join();
            assertThat(first).as("the server closes without an answer").isEqualTo(-1);
            assertThat(elapsedMs).as("closed at the read timeout, not at the idle timeout")
                    .isBetween(timeout.toMillis() - 200, timeout.toMillis() + 20_000);
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsLeftToTheIdleTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(800);
        HttpService s = start(local().withRequestReadTimeout(timeout).withIdleTimeout(Duration.ofSeconds(60)),
                new StreamLimits(8, 8, Duration.ofSeconds(1)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.address().getPort())) {
            socket.setSoTimeout(10_000);
            byte[] request = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write(request);
                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("\"hello\"");
                Thread.sleep(timeout.toMillis() * 3); // idle between requests, longer than the read timeout
            }
        }
    }

    /** One answer with a Content-Length body, read from a kept-alive connection. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertThat(m.find()).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(m.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        HttpService s = start(local().withMaxBodyBytes(1024), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.address().getPort())) {
            socket.setSoTimeout(10_000);
            // the body is announced but never sent: an answer proves it was not waited for
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer).contains("over the limit of 1024");
        }
        // a chunked body with no declared length is cut at the limit while it streams
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        HttpResponse<String> small = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("1024");
    }

    @Test
    void headersOverTheLimitAreRefused() throws Exception {
        HttpService s = start(local().withMaxHeaderBytes(2048), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(4000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 431 ");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"status\":431");
        }
        assertThat(get(s, "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void errorsAreProblemJson() throws Exception {
        HttpService s = start(local(), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        HttpResponse<String> notFound = get(s, "/nowhere");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue(HttpProblem.MEDIA_TYPE);
        JsonNode body = JSON.readTree(notFound.body());
        assertThat(body.path("type").asText()).isEqualTo("about:blank");
        assertThat(body.path("title").asText()).isEqualTo("Not Found");
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("detail").asText()).contains("/nowhere");

        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/hello"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(JSON.readTree(wrongMethod.body()).path("title").asText()).isEqualTo("Method Not Allowed");

        HttpResponse<String> bad = get(s, "/bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue(HttpProblem.MEDIA_TYPE);
        assertThat(JSON.readTree(bad.body()).path("detail").asText()).isEqualTo("bad input: x");
    }

    @Test
    void tlsServesWithAPemPairFromTheConfig() throws Exception {
        TestPem pem = TestPem.selfSigned();
        HttpService s = start(local().withTls(new HttpConfig.Tls(pem.chain(), pem.key())),
                new StreamLimits(8, 8, Duration.ofSeconds(1)));
        assertThat(s.url()).startsWith("https://");
        HttpClient tlsClient = HttpClient.newBuilder().sslContext(pem.trusting())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = tlsClient.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + s.address().getPort() + "/hello")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"hello\"");
        // a plain HTTP request to the TLS port gets no answer of ours
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.address().getPort() + "/hello")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void plainHttpOffLoopbackNeedsTheFlag() throws Exception {
        HttpConfig wildcard = HttpConfig.defaults(new InetSocketAddress("0.0.0.0", 0));
        assertThatThrownBy(() -> start(wildcard, new StreamLimits(8, 8, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allow_plain_http")
                .hasMessageContaining("not a loopback address");
        HttpService s = start(wildcard.withAllowPlainHttp(true), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.address().getPort() + "/hello")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void streamsAreCappedPerClientAndInAllWithRetryAfter() throws Exception {
        HttpService s = start(local(), new StreamLimits(2, 1, Duration.ofSeconds(7)));
        Stream<String> first = openStream(s, "a");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/stream"))
                .header("X-Client", "a").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(again.headers().firstValue("Content-Type")).hasValue(HttpProblem.MEDIA_TYPE);
        Stream<String> second = openStream(s, "b");
        HttpResponse<String> full = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/stream"))
                .header("X-Client", "c").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).hasValue("7");
        first.close();
        second.close();
    }

    /** Opens an event stream as {@code client} and reads its first event. */
    private Stream<String> openStream(HttpService s, String client) throws Exception {
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/stream"))
                .header("X-Client", client).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).isEqualTo(": connected");
        assertThat(lines.next()).isEqualTo("");
        assertThat(lines.next()).isEqualTo("id: 1");
        assertThat(lines.next()).isEqualTo("event: greeting");
        assertThat(lines.next()).isEqualTo("data: \"hi " + client + "\"");
        return r.body();
    }

    @Test
    void connectionsPerAddressAreCapped() throws Exception {
        HttpService s = start(local().withConnections(64, 2), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), s.address().getPort()));
            }
            List<String> answers = new ArrayList<>();
            for (Socket socket : sockets) {
                socket.setSoTimeout(10_000);
                try {
                    socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the server closed this one already
                }
                answers.add(readAll(socket.getInputStream()));
            }
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 200 ")).hasSize(2);
            assertThat(answers).as("one connection over the cap is closed unanswered").filteredOn(String::isEmpty)
                    .hasSize(1);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        // the places are given back when connections close
        assertThat(get(s, "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void staticFilesCarryCachingHeaders() throws Exception {
        HttpService s = start(local(), new StreamLimits(8, 8, Duration.ofSeconds(1)));
        HttpResponse<String> css = get(s, "/files/css/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).contains("color: #123");
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        HttpResponse<String> cached = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/files/css/app.css"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/files/css/app.css"))
                .header("If-None-Match", "\"0000\"").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(200);

        HttpResponse<String> html = get(s, "/files/index.html");
        assertThat(html.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");

        assertThat(get(s, "/files/css").statusCode()).as("a folder").isEqualTo(404);
        assertThat(get(s, "/files/missing.js").statusCode()).isEqualTo(404);
        assertThat(get(s, "/files/%2e%2e/HttpServiceTest.class").statusCode()).as("Jetty refuses it first")
                .isIn(400, 404);
        assertThat(get(s, "/files/css/..%2fapp.css").statusCode()).isIn(400, 404);
    }
}
