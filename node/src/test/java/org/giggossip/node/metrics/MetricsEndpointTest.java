package org.giggossip.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Signer;
import org.giggossip.node.api.ApiToken;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.node.daemon.NodeDaemon;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.settler.auth.RequestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of {@code gg node} and {@code gg settler} over real sockets (issue 14): daemons
 * in this JVM on 127.0.0.1, driven by real traffic, scraped over HTTP.
 */
class MetricsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n"
            + "[node]\nadmission_difficulty = 256\npow_difficulty = 256\napp_address = 127.0.0.1:0\n";
    private static final String METRICS = "[metrics]\nlisten = 127.0.0.1:0\n";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Path ini(String name, String text) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        return Files.writeString(d.resolve(name + ".ini"), text);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape(InetSocketAddress at) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
                + "/metrics")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    /** The value of one series ({@code name{labels}} exactly as written), or -1 if absent. */
    static long value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** Scrapes until {@code series} satisfies {@code ok}; returns that scrape (a failure shows the last). */
    private String until(InetSocketAddress at, String series, LongPredicate ok) {
        return await(series + " in the scrape").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> scrape(at), s -> ok.test(value(s, series)));
    }

    @Test
    void twoLinkedNodesShowTheirLinkFramesAndAppApiRequests() throws Exception {
        NodeConfig a = NodeConfig.load(ini("a", NODE + "[settler]\nserve = true\n" + METRICS));
        try (NodeDaemon hub = NodeDaemon.start(a)) {
            NodeConfig b = NodeConfig.load(ini("b", NODE.replace("[node]", "bootstrapper = " + hub.address()
                    + "\n[node]") + METRICS));
            try (NodeDaemon spoke = NodeDaemon.start(b)) {
                InetSocketAddress am = hub.metricsAddress().orElseThrow();
                InetSocketAddress bm = spoke.metricsAddress().orElseThrow();
                String hs = until(am, "gg_node_links{direction=\"inbound\"}", n -> n == 1);
                assertThat(value(hs, "gg_node_links{direction=\"outbound\"}")).isZero();
                assertThat(value(hs, "gg_node_links_opened_total{direction=\"inbound\"}")).isEqualTo(1);
                String ss = until(bm, "gg_node_links{direction=\"outbound\"}", n -> n == 1);
                assertThat(value(ss, "gg_node_links_opened_total{direction=\"outbound\"}")).isEqualTo(1);

                // the hub posts a job: its ask reaches the spoke as a gossip frame, and an answer comes back
                Instant now = Instant.now();
                hub.api().postJob(new TaxiTopic("r3gx2g5", "r3gx2ux", now, now.plus(Duration.ofMinutes(30))));
                until(bm, "gg_node_frames_received_total{kind=\"ask_for_broadcast\"}", n -> n >= 1);
                hs = until(am, "gg_node_frames_sent_total{kind=\"ask_for_broadcast\"}", n -> n >= 1);
                assertThat(value(hs, "gg_node_messages_sent_total{type=\"gossip\"}")).isPositive();
                assertThat(value(hs, "gg_node_events_total{event=\"job_posted\"}")).isEqualTo(1);
                ss = scrape(bm);
                assertThat(value(ss, "gg_node_messages_received_total{type=\"gossip\"}")).isPositive();
                assertThat(value(ss, "gg_node_frames_undecodable_total{reason=\"malformed\"}")).isZero();

                // the app API: one request with the token, one without
                String token = Files.readString(a.node().dataDir().resolve(ApiToken.FILE_NAME)).strip();
                URI status = URI.create("http://127.0.0.1:" + hub.apiAddress().getPort() + "/v1/status");
                assertThat(send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token))
                        .statusCode()).isEqualTo(200);
                assertThat(send(HttpRequest.newBuilder(status).header("Authorization", "Bearer wrong"))
                        .statusCode()).isEqualTo(401);
                hs = scrape(am);
                assertThat(value(hs, "gg_http_requests_total{api=\"app\",route=\"/v1/status\",method=\"GET\","
                        + "code=\"2xx\"}")).isEqualTo(1);
                assertThat(value(hs, "gg_http_requests_total{api=\"app\",route=\"unmatched\",method=\"GET\","
                        + "code=\"4xx\"}")).isEqualTo(1);
                assertThat(value(hs, "gg_http_refusals_total{api=\"app\",reason=\"token\"}")).isEqualTo(1);
                assertThat(hs).doesNotContain(spoke.id().hex()).doesNotContain(hub.id().hex());

                // the endpoint serves GET /metrics only
                URI base = URI.create("http://127.0.0.1:" + am.getPort());
                assertThat(send(HttpRequest.newBuilder(base.resolve("/other")).GET()).statusCode()).isEqualTo(404);
                assertThat(send(HttpRequest.newBuilder(base.resolve("/metrics/x")).GET()).statusCode()).isEqualTo(404);
                HttpResponse<String> post = send(HttpRequest.newBuilder(base.resolve("/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")));
                assertThat(post.statusCode()).isEqualTo(405);
                assertThat(post.headers().firstValue("Allow")).contains("GET");
            }
            // the spoke is gone: its link closed, counted by cause
            until(hub.metricsAddress().orElseThrow(), "gg_node_links{direction=\"inbound\"}", n -> n == 0);
            String hs = scrape(hub.metricsAddress().orElseThrow());
            long closed = Pattern.compile("^gg_node_links_closed_total\\{cause=\"[a-z_]+\"} (\\d+)$", Pattern.MULTILINE)
                    .matcher(hs).results().mapToLong(r -> Long.parseLong(r.group(1))).sum();
            assertThat(closed).isEqualTo(1);
        }
    }

    @Test
    void theSettlerServiceCountsRequestsRefusalsAndGigs() throws Exception {
        SettlerFile file = SettlerFile.load(ini("s", "[settler]\nlisten = 127.0.0.1:0\ndata_dir = data\n" + METRICS));
        try (SettlerDaemon d = SettlerDaemon.start(file)) {
            InetSocketAddress m = d.metricsAddress().orElseThrow();
            URI base = URI.create("http://127.0.0.1:" + d.address().getPort());
            assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/health")).GET()).statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/no/such/thing")).GET()).statusCode())
                    .isEqualTo(404);
            HttpRequest.Builder unsigned = HttpRequest.newBuilder(base.resolve("/v1/certificates/issue"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            assertThat(send(unsigned).statusCode()).isEqualTo(401);

            SecureRandom random = new SecureRandom();
            RequestSigner signer = new RequestSigner(Signer.of(PrivateKey.generate(random), random),
                    Clock.systemUTC(), random);
            String auth = signer.authorization("POST", "/v1/certificates/issue", "{}".getBytes());
            HttpRequest.Builder signed = HttpRequest.newBuilder(base.resolve("/v1/certificates/issue"))
                    .header("Content-Type", "application/json").header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
            assertThat(send(signed).statusCode()).isEqualTo(200);
            assertThat(send(signed).statusCode()).as("the same nonce again").isEqualTo(401);
            String grant = signer.authorization("POST", "/v1/admin/granted", "{}".getBytes());
            assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/admin/granted"))
                    .header("Content-Type", "application/json").header("Authorization", grant)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).as("not an admin").isEqualTo(403);

            String s = scrape(m);
            assertThat(value(s, "gg_http_requests_total{api=\"settler\",route=\"/v1/health\",method=\"GET\","
                    + "code=\"2xx\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_requests_total{api=\"settler\",route=\"/v1/certificates/issue\","
                    + "method=\"POST\",code=\"2xx\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_requests_total{api=\"settler\",route=\"/v1/certificates/issue\","
                    + "method=\"POST\",code=\"4xx\"}")).isEqualTo(2);
            assertThat(value(s, "gg_http_requests_total{api=\"settler\",route=\"unmatched\",method=\"GET\","
                    + "code=\"4xx\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_refusals_total{api=\"settler\",reason=\"auth_malformed\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_refusals_total{api=\"settler\",reason=\"auth_replay\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_refusals_total{api=\"settler\",reason=\"forbidden\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_refusals_total{api=\"settler\",reason=\"not_found\"}")).isEqualTo(1);
            assertThat(value(s, "gg_http_refusals_total{api=\"settler\",reason=\"auth_bad_signature\"}")).isZero();
            for (String stage : new String[] {"issued", "sealing", "sealed", "revealing", "revealed", "disputed"}) {
                assertThat(value(s, "gg_settler_gigs{state=\"" + stage + "\"}")).as(stage).isZero();
            }
            assertThat(value(s, "gg_settler_preimages_published_total")).isZero();
            assertThat(s).doesNotContain("/v1/no/such/thing").doesNotContain(signer.publicKey().hex());
        }
    }

    @Test
    void withoutAMetricsSectionNothingListens() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // the example's way: the section commented out
        NodeConfig c = NodeConfig.load(ini("n", NODE + "; [metrics]\n; listen = 127.0.0.1:" + port + "\n"));
        SettlerFile f = SettlerFile.load(ini("s", "[settler]\nlisten = 127.0.0.1:0\ndata_dir = data\n"
                + "; [metrics]\n; listen = 127.0.0.1:" + port + "\n"));
        try (NodeDaemon node = NodeDaemon.start(c); SettlerDaemon settler = SettlerDaemon.start(f)) {
            assertThat(node.metricsAddress()).isEmpty();
            assertThat(settler.metricsAddress()).isEmpty();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            // the app API still answers, and is not a metrics endpoint
            assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiAddress().getPort()
                    + "/metrics")).GET()).statusCode()).isEqualTo(401);
        }
    }
}
