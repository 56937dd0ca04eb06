package org.giggossip.app.settler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.app.demo.Demo;
import org.giggossip.app.demo.DemoReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settler service as {@code gg settler} runs it (issue 5): it starts with
 * no configuration file, its OpenAPI document lists every route, every route
 * that is not public refuses a request without credentials, and a {@code gg demo}
 * job is paid through it: on SQLite, and on PostgreSQL when
 * {@code GG_TEST_POSTGRES_URL} names one (CI starts one; with {@code CI=true} its
 * absence fails the test).
 */
class SettlerDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private SettlerDaemon start(Optional<String> database) throws Exception {
        SettlerFile file = SettlerFile.defaults().with(Optional.of(HostPort.parse("127.0.0.1:0", false, true)),
                Optional.of(dir.resolve("data")), database);
        return SettlerDaemon.start(file);
    }

    private static URI url(SettlerDaemon d) {
        return URI.create("http://127.0.0.1:" + d.address().getPort());
    }

    @Test
    void startsWithNoFileAndRefusesEveryNonPublicRouteWithoutCredentials() throws Exception {
        try (SettlerDaemon d = start(Optional.empty())) {
            assertThat(dir.resolve("data/settler.key")).exists();
            assertThat(dir.resolve("data/admin.key")).exists();
            assertThat(dir.resolve("data/settler.db")).exists();
            assertThat(Files.getPosixFilePermissions(dir.resolve("data")).toString()).isEqualTo(
                    "[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
            JsonNode doc = JSON.readTree(get(url(d), "/openapi.json").body());
            List<String> checked = new ArrayList<>();
            int publicRoutes = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    JsonNode security = op.getValue().path("security");
                    assertThat(security.isArray()).as("%s %s declares its security", op.getKey(), path.getKey())
                            .isTrue();
                    if (security.isEmpty()) {
                        publicRoutes++;
                        continue;
                    }
                    String route = path.getKey().replace("{payment_hash}", "00".repeat(32));
                    HttpRequest.Builder b = HttpRequest.newBuilder(url(d).resolve(route));
                    b = op.getKey().equals("get") ? b.GET()
                            : b.POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type",
                                    "application/json");
                    int status = http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertThat(status).as("%s %s without credentials", op.getKey(), path.getKey()).isIn(401, 403);
                    checked.add(path.getKey());
                }
            }
            assertThat(publicRoutes).isEqualTo(6);
            assertThat(checked).hasSizeGreaterThanOrEqualTo(24).contains("/v1/admin/grant", "/v1/gigs/seal",
                    "/v1/wallet/invoices/settle");
            assertThat(get(url(d), "/v1/settler").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aDemoJobIsPaidThroughTheSettlerServiceOnSqlite() throws Exception {
        try (SettlerDaemon d = start(Optional.empty())) {
            assertDemoPays(d);
        }
    }

    @Test
    void aDemoJobIsPaidThroughTheSettlerServiceOnPostgresql() throws Exception {
        String pg = System.getenv("GG_TEST_POSTGRES_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(pg).as("CI must provide GG_TEST_POSTGRES_URL (scripts/postgres.sh)").isNotBlank();
        }
        assumeTrue(pg != null && !pg.isBlank(), "GG_TEST_POSTGRES_URL is not set");
        // a schema of its own: the test database outlives this run
        String schema = "t_" + java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(6));
        try (var c = java.sql.DriverManager.getConnection(pg); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try (SettlerDaemon d = start(Optional.of(pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema))) {
            assertThat(d.describe()).contains("PostgreSQL");
            assertDemoPays(d);
        } finally {
            try (var c = java.sql.DriverManager.getConnection(pg); var st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /**
     * A start that fails at its last part (the metrics address is taken) closes what it opened,
     * the last first: the data directory's lock is released and the same directory starts again.
     */
    @Test
    void aStartThatFailsHalfWayReleasesTheDataDirectory() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            java.nio.file.Path ini = dir.resolve("settler.ini");
            java.nio.file.Files.writeString(ini, "[settler]\nlisten = 127.0.0.1:0\ndata_dir = data\n"
                    + "[metrics]\nlisten = 127.0.0.1:" + taken.getLocalPort() + "\n");
            SettlerFile file = SettlerFile.load(ini);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettlerDaemon.start(file).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
        }
        try (SettlerDaemon again = start(Optional.empty())) { // the same data directory: its lock was released
            assertThat(get(url(again), "/v1/health").statusCode()).isEqualTo(200);
        }
    }

    private void assertDemoPays(SettlerDaemon d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoReport r = new Demo(new Demo.Options(6, 2, 3, 3, 1 << 10, 1 << 10, Duration.ofSeconds(25)),
                new PrintStream(out, true, StandardCharsets.UTF_8))
                .withSettler(url(d), Optional.of(KeyFile.load(dir.resolve("data/admin.key")))).run();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(r.failure()).as(text).isEmpty();
        assertThat(r.paid()).isTrue();
        assertThat(r.replyOpened()).isTrue();
        assertThat(r.settled()).isTrue();
        assertThat(r.moneyConserved()).as(text).isTrue();
        assertThat(text).contains("the settler service at " + url(d)).contains("went to the settler's network"
                + " invoice (its fee: 2,000 msat)");
        assertThat(d.service().publishedCount()).isGreaterThanOrEqualTo(2); // the network and the job preimage
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
