package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ride through four {@code gg node} processes on 127.0.0.1, driven only
 * through the customer's app API: a settler (a node serving it and a regtest
 * ledger, or a {@code gg settler} service), a customer and a driver, and a
 * middleman they both bootstrap to. With a settler node, the customer and the
 * driver are linked to it too, and it relays like any node (docs/style.md 17):
 * the ride's route then runs through the middleman or through the settler
 * node, and exactly one of them earns the network fee. With the service, the
 * middleman is the only route.
 */
@Tag("slow") // minutes of processes: ./gg test -Pquick skips it
class RideProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path ini(String name, String text) throws Exception {
        return ini(name, text, "");
    }

    /** A node's INI: {@code text}, then a [node] section with fast test settings and {@code nodeKeys}. */
    private Path ini(String name, String text, String nodeKeys) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("node.ini"), text + "[node]\nadmission_difficulty = 1024\n"
                + "app_address = 127.0.0.1:0\npow_difficulty = 256\n" + nodeKeys);
        return d;
    }

    private static String started(GgProcess p) throws InterruptedException {
        return p.await("msg=\"node ([0-9a-f]{64}@127\\.0\\.0\\.1:[0-9]+) started", WAIT).group(1);
    }

    private static ApiClient api(GgProcess p, Path d) throws Exception {
        String at = p.await("msg=\"app API on http://(127\\.0\\.0\\.1:[0-9]+)", WAIT).group(1);
        return new ApiClient(at, ApiToken.read(d.resolve("gg-data/api.token")));
    }

    /** Polls {@code path} until its answer is {@code done}; returns that answer. */
    private static JsonNode until(ApiClient api, String path, Predicate<JsonNode> done, String what) {
        return await(what).atMost(WAIT).until(() -> api.get(path), done);
    }

    /** Who is killed with SIGKILL right after the customer accepts, and restarted. */
    private enum Kill { NONE, MIDDLEMAN, SETTLER }

    @Test
    void aRideIsPostedOfferedPaidOpenedAndSettledAcrossProcesses() throws Exception {
        ride(Kill.NONE, false);
    }

    /** The same ride with the settler a separate {@code gg settler} service the nodes reach over HTTP. */
    @Test
    void aRideIsPaidThroughTheSettlerServiceAcrossProcesses() throws Exception {
        ride(Kill.NONE, true);
    }

    /**
     * The settler service is killed with SIGKILL right after the customer accepts,
     * and restarted on its data directory and port: the nodes' clients retry, and
     * the payment completes with exact balances (issue 5, deliverable 3).
     */
    @Test
    void theSettlerServiceKilledMidPaymentRestartsAndThePaymentCompletes() throws Exception {
        ride(Kill.SETTLER, true);
    }

    /**
     * The middleman is killed with SIGKILL right after the customer accepts (its
     * invoice accepted or about to be, its payment downstream not yet made or
     * made), then restarted from its store: the payment completes and every
     * balance is consistent. The settler is the service, so that the middleman
     * is certainly on the route (a settler node would relay too).
     */
    @Test
    void aMiddlemanKilledMidPaymentAndRestartedCompletesThePayment() throws Exception {
        ride(Kill.MIDDLEMAN, true);
    }

    /** A field of a node's {@code /v1/balance}; a failed call is an assertion error. */
    private static long balance(ApiClient api, String field) {
        try {
            return api.get("/v1/balance").path(field).asLong();
        } catch (ApiClient.ApiClientException e) {
            throw new AssertionError("GET /v1/balance: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private void ride(Kill kill, boolean service) throws Exception {
        PrivateKey driverKey = PrivateKey.generate(new SecureRandom());
        Path driverDir = Files.createDirectories(dir.resolve("driver"));
        KeyFile.save(driverDir.resolve("host.key"), driverKey);

        Path s = ini("settler", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n[settler]\nserve = true\ngrant = "
                + driverKey.publicKey().hex() + ":driving_licence=valid\n");
        int settlerPort = freePort(); // fixed, so that a restarted settler service is found again
        String[] settlerArgs = service
                ? new String[] {"settler", "--listen", "127.0.0.1:" + settlerPort, "--data", "service"}
                : new String[] {"node", "--config", "node.ini"};
        GgProcess settler = GgProcess.start("settler", s, settlerArgs);
        try {
            String settlerSection;
            if (service) {
                java.util.regex.Matcher at = settler.await("settler ([0-9a-f]{64}) listening on (http://[0-9.:]+)",
                        WAIT);
                java.net.URI url = java.net.URI.create(at.group(2));
                try (var admin = new org.giggossip.settler.client.SettlerAdminClient(url,
                        KeyFile.load(s.resolve("service/admin.key")))) {
                    admin.grant(driverKey.publicKey(), "driving_licence", "valid");
                }
                settlerSection = "[settler]\nurl = " + url + "\npublic_key = " + at.group(1) + "\n";
            } else {
                settlerSection = "[settler]\naddress = " + started(settler) + "\n";
            }
            int middlePort = freePort(); // fixed, so that a restarted middleman is found again
            Path m = ini("middle", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:" + middlePort + "\n" + settlerSection);
            GgProcess middle = GgProcess.start("middle", m, "node", "--config", "node.ini");
            try {
                String middleAt = started(middle);
                Path c = ini("customer", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\nbootstrapper = " + middleAt + "\n"
                        + settlerSection, "target_links = 1\n");
                Files.writeString(driverDir.resolve("node.ini"), "hostkey = host.key\n[gossip]\n"
                        + "p2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\nbootstrapper = " + middleAt + "\n" + settlerSection
                        + "[worker]\nprice_sat = 15000\nmessage = Dana, red Tesla GG-777, 3 min\n"
                        + "[node]\ntarget_links = 1\nadmission_difficulty = 1024\napp_address = 127.0.0.1:0\n"
                        + "pow_difficulty = 256\n");
                try (GgProcess customer = GgProcess.start("customer", c, "node", "--config", "node.ini");
                     GgProcess driver = GgProcess.start("driver", driverDir, "node", "--config", "node.ini")) {
                    ApiClient capi = api(customer, c);
                    ApiClient dapi = api(driver, driverDir);
                    customer.await("msg=\"linked to " + middleAt.substring(0, 12), WAIT);
                    driver.await("msg=\"linked to " + middleAt.substring(0, 12), WAIT);
                    long customerBefore = until(capi, "/v1/balance", b -> b.path("available_msat").asLong() > 0,
                            "the customer's regtest account").path("available_msat").asLong();
                    long driverBefore = dapi.get("/v1/balance").path("available_msat").asLong();
                    // a settler node relays too: its own account earns the fee when the route runs through it
                    ApiClient sapi = service ? null : api(settler, s);
                    long hubBefore = service ? 0 : sapi.get("/v1/balance").path("available_msat").asLong();
                    ApiClient mapiBefore = api(middle, m);
                    long middleBefore = mapiBefore.get("/v1/balance").path("available_msat").asLong();

                    ObjectNode taxi = JSON.createObjectNode();
                    taxi.putObject("taxi").put("from", "r3gx2g5").put("to", "r3gx2ux")
                            .put("pickup_after", Instant.now().toString())
                            .put("pickup_before", Instant.now().plus(Duration.ofMinutes(30)).toString());
                    String job = capi.post("/v1/jobs", taxi).path("id").asText();
                    JsonNode offered;
                    try {
                        offered = until(capi, "/v1/jobs/" + job, j -> j.path("offers").size() >= 1,
                                "an offer from the driver");
                    } catch (AssertionError | ConditionTimeoutException e) {
                        throw new AssertionError(e.getMessage() + "\n--- customer:\n" + customer.output()
                                + "\n--- middle:\n" + middle.output() + "\n--- driver:\n" + driver.output(), e);
                    }
                    try {
                        JsonNode offer = offered.path("offers").get(0);
                        assertThat(offer.path("job_price_msat").asLong()).isEqualTo(15_000_000L);
                        capi.post("/v1/jobs/" + job + "/accept",
                                JSON.createObjectNode().put("offer", offer.path("number").asInt()));
                        if (kill == Kill.SETTLER) {
                            settler.kill();
                            assertThat(settler.alive()).isFalse();
                            settler = GgProcess.start("settler-again", s, settlerArgs);
                            settler.await("listening on http://127.0.0.1:" + settlerPort + " \\(restored", WAIT);
                        }
                        if (kill == Kill.MIDDLEMAN) {
                            middle.kill();
                            assertThat(middle.alive()).isFalse();
                            middle = GgProcess.start("middle-again", m, "node", "--config", "node.ini");
                            // it comes back from its store with the reply chain it was carrying
                            middle.await("restored [1-9][0-9]* reply chains", WAIT);
                            assertThat(started(middle)).isEqualTo(middleAt);
                        }
                        JsonNode opened = until(capi, "/v1/jobs/" + job, j -> j.path("state").asText().equals("OPENED"),
                                "the reply opened");
                        assertThat(opened.toString()).contains("Dana, red Tesla GG-777");
                        capi.post("/v1/jobs/" + job + "/confirm", JSON.createObjectNode());
                        until(capi, "/v1/jobs/" + job, j -> j.path("state").asText().equals("SETTLED"), "settled");
                        long networkFee = offer.path("network_fee_msat").asLong();
                        until(dapi, "/v1/balance", b -> b.path("available_msat").asLong() > driverBefore,
                                "the driver paid");
                        long customerAfter = capi.get("/v1/balance").path("available_msat").asLong();
                        assertThat(customerBefore - customerAfter).isEqualTo(15_000_000L + networkFee);
                        // the driver earns the ride and its own reply fee on the network chain
                        assertThat(dapi.get("/v1/balance").path("available_msat").asLong() - driverBefore)
                                .isBetween(15_000_000L, 15_000_000L + networkFee);
                        // the one relay on the route (the middleman, killed or not, or the settler node)
                        // earned its 1 sat fee, the other nothing, and neither holds anything locked
                        ApiClient mapi = api(middle, m);
                        java.util.function.LongSupplier middleGain =
                                () -> balance(mapi, "available_msat") - middleBefore;
                        java.util.function.LongSupplier hubGain =
                                () -> service ? 0 : balance(sapi, "available_msat") - hubBefore;
                        await("the relay fee at the middleman or the settler node").atMost(WAIT)
                                .until(() -> middleGain.getAsLong() + hubGain.getAsLong() == 1_000L);
                        assertThat(List.of(middleGain.getAsLong(), hubGain.getAsLong()))
                                .as("the fee earned by the middleman and by the settler node")
                                .isIn(List.of(1_000L, 0L), List.of(0L, 1_000L));
                        assertThat(balance(mapi, "locked_msat")).isZero();
                        if (service) {
                            assertThat(middleGain.getAsLong()).as("the middleman is the only route").isEqualTo(1_000L);
                        } else {
                            assertThat(balance(sapi, "locked_msat")).isZero();
                        }
                    } catch (AssertionError | ConditionTimeoutException e) {
                        throw new AssertionError(e.getMessage() + "\n--- settler:\n" + settler.output()
                                + "\n--- customer:\n" + customer.output() + "\n--- middle:\n" + middle.output()
                                + "\n--- driver:\n" + driver.output(), e);
                    }
                }
            } finally {
                middle.close();
            }
        } finally {
            settler.close();
        }
    }

    /** When the settler service is stopped with SIGTERM, for {@link #SETTLER_DOWN}, and restarted. */
    private enum Stop {
        /** After the driver received the job and before it answers: its reply hash and seal calls meet the outage. */
        BEFORE_THE_SEAL,
        /**
         * The driver's seal call is on its way (held by a proxy in front of the service) when the service
         * stops, and its connection closes unanswered, as in the issue's report.
         */
        DURING_THE_SEAL,
        /** Once the customer's payments are accepted: the driver's ReplyInvoiceAccepted and the reveal meet it. */
        AROUND_THE_REVEAL
    }

    /** How long the stopped settler service stays down (the issue's ride had it down for 84 s). */
    private static final Duration SETTLER_DOWN = Duration.ofSeconds(3);

    /**
     * Issue 15: a {@code gg settler} restarted by SIGTERM right before a driver's seal call left the
     * ride stuck (the call failed as "settler unreachable" and was never sent again). The driver here
     * answers from its app ({@code [worker]} without a price), so the service is stopped after the
     * job reached it and before it answers; the service comes back {@link #SETTLER_DOWN} later, the
     * driver's calls go through with their call ids, and the ride completes with exact balances.
     */
    @Test
    void theSettlerServiceStoppedJustBeforeTheDriversSealRestartsAndTheRideCompletes() throws Exception {
        rideWithTheSettlerStopped(Stop.BEFORE_THE_SEAL);
    }

    /**
     * The reported failure itself: the driver's seal call is in flight when the service stops, and
     * fails with "HTTP/1.1 header parser received no bytes". It was refused at once as "settler
     * unreachable" and never sent again, and the ride was stuck; now it is sent again with its call
     * id until the service is back.
     */
    @Test
    void aSealCallCutOffByTheSettlerServiceStoppingIsSentAgainAndTheRideCompletes() throws Exception {
        rideWithTheSettlerStopped(Stop.DURING_THE_SEAL);
    }

    /** The same with the service stopped once the customer's payments are accepted, around the reveal. */
    @Test
    void theSettlerServiceStoppedAroundTheRevealRestartsAndTheRideCompletes() throws Exception {
        rideWithTheSettlerStopped(Stop.AROUND_THE_REVEAL);
    }

    private void rideWithTheSettlerStopped(Stop stop) throws Exception {
        PrivateKey driverKey = PrivateKey.generate(new SecureRandom());
        Path driverDir = Files.createDirectories(dir.resolve("driver"));
        KeyFile.save(driverDir.resolve("host.key"), driverKey);
        Path s = Files.createDirectories(dir.resolve("settler"));
        int settlerPort = freePort(); // fixed, so that the restarted service is found again
        String[] settlerArgs = {"settler", "--listen", "127.0.0.1:" + settlerPort, "--data", "service"};
        // the driver may reach the service through a proxy that can hold its seal call
        HoldingProxy proxy = new HoldingProxy(settlerPort, "/v1/gigs/seal");
        GgProcess settler = GgProcess.start("settler", s, settlerArgs);
        try {
            java.util.regex.Matcher at = settler.await("settler ([0-9a-f]{64}) listening on (http://[0-9.:]+)", WAIT);
            java.net.URI url = java.net.URI.create(at.group(2));
            try (var admin = new org.giggossip.settler.client.SettlerAdminClient(url,
                    KeyFile.load(s.resolve("service/admin.key")))) {
                admin.grant(driverKey.publicKey(), "driving_licence", "valid");
            }
            String settlerSection = "[settler]\nurl = " + url + "\npublic_key = " + at.group(1) + "\n";
            String driverSettler = stop == Stop.DURING_THE_SEAL
                    ? "[settler]\nurl = " + proxy.base() + "\npublic_key = " + at.group(1) + "\n" : settlerSection;
            Path m = ini("middle", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n" + settlerSection);
            try (GgProcess middle = GgProcess.start("middle", m, "node", "--config", "node.ini")) {
                String middleAt = started(middle);
                // the customer waits for offers longer than the outage lasts
                Path c = ini("customer", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\nbootstrapper = "
                        + middleAt + "\n" + settlerSection, "target_links = 1\noffer_window_s = 120\n");
                Files.writeString(driverDir.resolve("node.ini"), "hostkey = host.key\n[gossip]\n"
                        + "p2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\nbootstrapper = " + middleAt + "\n"
                        + driverSettler
                        + "[worker]\nreply_window_s = 120\n"
                        + "[node]\ntarget_links = 1\nadmission_difficulty = 1024\napp_address = 127.0.0.1:0\n"
                        + "pow_difficulty = 256\n");
                try (GgProcess customer = GgProcess.start("customer", c, "node", "--config", "node.ini");
                     GgProcess driver = GgProcess.start("driver", driverDir, "node", "--config", "node.ini")) {
                    ApiClient capi = api(customer, c);
                    ApiClient dapi = api(driver, driverDir);
                    try {
                        customer.await("msg=\"linked to " + middleAt.substring(0, 12), WAIT);
                        driver.await("msg=\"linked to " + middleAt.substring(0, 12), WAIT);
                        long customerBefore = until(capi, "/v1/balance", b -> b.path("available_msat").asLong() > 0,
                                "the customer's regtest account").path("available_msat").asLong();
                        long driverBefore = until(dapi, "/v1/balance", b -> b.path("available_msat").asLong() > 0,
                                "the driver's regtest account").path("available_msat").asLong();

                        ObjectNode taxi = JSON.createObjectNode();
                        taxi.putObject("taxi").put("from", "r3gx2g5").put("to", "r3gx2ux")
                                .put("pickup_after", Instant.now().toString())
                                .put("pickup_before", Instant.now().plus(Duration.ofMinutes(30)).toString());
                        String job = capi.post("/v1/jobs", taxi).path("id").asText();
                        until(dapi, "/v1/work", w -> w.toString().contains(job), "the job at the driver");

                        if (stop == Stop.BEFORE_THE_SEAL) {
                            assertThat(settler.terminate(WAIT)).as("the settler service's exit code").isIn(0, 143);
                        }
                        ObjectNode reply = JSON.createObjectNode().put("price_sat", 15_000)
                                .put("message", "Dana, red Tesla GG-777, 3 min");
                        dapi.post("/v1/work/" + job + "/reply", reply);
                        if (stop == Stop.DURING_THE_SEAL) {
                            assertThat(proxy.awaitHeld(WAIT)).as("the driver's seal call on its way").isTrue();
                            assertThat(settler.terminate(WAIT)).as("the settler service's exit code").isIn(0, 143);
                            proxy.fail();
                        }
                        if (stop != Stop.AROUND_THE_REVEAL) {
                            // the outage under test, not a wait: the driver's calls meet it
                            Thread.sleep(SETTLER_DOWN.toMillis());
                            assertThat(capi.get("/v1/jobs/" + job).path("offers").size()).isZero();
                            settler = GgProcess.start("settler-again", s, settlerArgs);
                            settler.await("listening on http://127.0.0.1:" + settlerPort + " \\(restored", WAIT);
                        }
                        JsonNode offer = until(capi, "/v1/jobs/" + job, j -> j.path("offers").size() >= 1,
                                "the driver's offer").path("offers").get(0);
                        assertThat(offer.path("job_price_msat").asLong()).isEqualTo(15_000_000L);
                        capi.post("/v1/jobs/" + job + "/accept",
                                JSON.createObjectNode().put("offer", offer.path("number").asInt()));
                        if (stop == Stop.AROUND_THE_REVEAL) {
                            until(capi, "/v1/jobs/" + job, j -> !j.path("state").asText().equals("PAYING"),
                                    "the payments accepted");
                            assertThat(settler.terminate(WAIT)).as("the settler service's exit code").isIn(0, 143);
                            // the outage under test, not a wait: the payments' reveal meets it
                            Thread.sleep(SETTLER_DOWN.toMillis());
                            settler = GgProcess.start("settler-again", s, settlerArgs);
                            settler.await("listening on http://127.0.0.1:" + settlerPort + " \\(restored", WAIT);
                        }
                        JsonNode opened = until(capi, "/v1/jobs/" + job,
                                j -> j.path("state").asText().equals("OPENED"), "the reply opened");
                        assertThat(opened.toString()).contains("Dana, red Tesla GG-777");
                        capi.post("/v1/jobs/" + job + "/confirm", JSON.createObjectNode());
                        until(capi, "/v1/jobs/" + job, j -> j.path("state").asText().equals("SETTLED"), "settled");
                        long networkFee = offer.path("network_fee_msat").asLong();
                        JsonNode cb = until(capi, "/v1/balance", b -> b.path("locked_msat").asLong() == 0,
                                "nothing locked for the customer");
                        assertThat(customerBefore - cb.path("available_msat").asLong())
                                .isEqualTo(15_000_000L + networkFee);
                        JsonNode db = until(dapi, "/v1/balance",
                                b -> b.path("available_msat").asLong() == driverBefore + 15_000_000L + 1_000L,
                                "the driver paid the ride and its reply fee");
                        assertThat(db.path("locked_msat").asLong()).isZero();
                        JsonNode mb = until(api(middle, m), "/v1/balance",
                                b -> b.path("available_msat").asLong() == 1_000_000_000L + 1_000L,
                                "the middleman paid its 1 sat fee");
                        assertThat(mb.path("locked_msat").asLong()).isZero();
                    } catch (AssertionError | ConditionTimeoutException e) {
                        throw new AssertionError(e.getMessage() + "\n--- settler:\n" + settler.output()
                                + "\n--- customer:\n" + customer.output() + "\n--- middle:\n" + middle.output()
                                + "\n--- driver:\n" + driver.output(), e);
                    }
                }
            }
        } finally {
            settler.close();
            proxy.close();
        }
    }
}
