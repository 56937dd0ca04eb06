package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, deliverable 4, in the shape of {@link HubProcessesTest}: a hub S that serves the
 * settler and a regtest ledger (kept in its {@code node.db}), a rider C and a driver D, spokes that
 * name S as bootstrapper and settler node. S is restarted mid-ride at the named {@link Moment}s
 * (SIGTERM, or SIGKILL, then started again on the same data directory and port), or only the C–S
 * link is cut mid-payment; the ride is paid, opened and settled through {@code gg job} commands and
 * every balance is exact. The driver answers from its app, so that its seal call can meet the outage.
 *
 * <p>C reaches S through a {@link LinkProxy}, so that its link can be cut without stopping anyone.
 */
@Tag("slow") // minutes of processes: ./gg test -Pquick skips it
class SettlerNodeRestartProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the hub stays down. */
    private static final Duration DOWN = Duration.ofSeconds(2);
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PRICE_MSAT = 15_000_000L;
    /** What a relay earns on a route, and the driver as the reply's first hop. */
    private static final long HOP_FEE_MSAT = 1_000L;

    @TempDir
    Path dir;

    /** When the hub goes down, and how. */
    enum Moment {
        /** The offer is in, the rider has not taken it: it takes it while the hub is down (SIGTERM). */
        BEFORE_ACCEPT(false),
        /** The job reached the driver; the hub stops (SIGTERM), then the driver answers: its seal waits. */
        BEFORE_THE_SEAL(false),
        /** The driver has just answered: its reply-hash and seal calls are on their way when the hub dies (SIGKILL). */
        DURING_THE_SEAL(true),
        /** The rider's payments are accepted: the driver's ReplyInvoiceAccepted and the reveal meet the outage. */
        AROUND_THE_REVEAL(false),
        /** The same, the hub killed with SIGKILL. */
        AROUND_THE_REVEAL_KILLED(true),
        /** No restart: the rider's link to the hub swallows its payments, is cut, and comes back. */
        LINK_DROP(false);

        final boolean kill;

        Moment(boolean kill) {
            this.kill = kill;
        }
    }

    private Path node(String name, String gossip, String settler, String nodeKeys) throws Exception {
        return GgProcess.nodeDir(dir, name, "[gossip]\np2p_address = " + gossip + "api_address = 127.0.0.1:0\n"
                + settler + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 1024\npow_difficulty = 256\n"
                + nodeKeys);
    }

    private static ApiClient api(GgProcess p, Path d) throws Exception {
        return new ApiClient(p.appApi(WAIT), ApiToken.read(d.resolve("gg-data/api.token")));
    }

    /** Polls {@code path} until its answer is {@code done}; returns that answer. */
    private static JsonNode until(ApiClient api, String path, Predicate<JsonNode> done, String what) {
        return await(what).atMost(WAIT).until(() -> api.get(path), done);
    }

    private static long available(ApiClient api) throws Exception {
        return api.get("/v1/balance").path("available_msat").asLong();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void theRideCompletesWithExactBalancesWhenTheSettlerNodeRestartsMidRide(Moment moment) throws Exception {
        int hubPort = freePort(); // fixed, so that the restarted hub is found again
        Path s = node("hub", "127.0.0.1:" + hubPort + "\n", "[settler]\nserve = true\n", "");
        GgProcess[] hub = {GgProcess.start("hub", s, "node", "--config", "node.ini")};
        try (LinkProxy proxy = new LinkProxy(hubPort)) {
            String hubAt = hub[0].nodeStarted(WAIT);
            String hubKey = hubAt.substring(0, 64);
            String viaProxy = hubKey + "@127.0.0.1:" + proxy.port();
            Path c = node("rider", "127.0.0.1:0\nbootstrapper = " + viaProxy + "\n",
                    "[settler]\naddress = " + viaProxy + "\n", "target_links = 1\noffer_window_s = 120\n");
            Path d = node("driver", "127.0.0.1:0\nbootstrapper = " + hubAt + "\n",
                    "[settler]\naddress = " + hubAt + "\n[worker]\nreply_window_s = 120\n", "target_links = 1\n");
            try (GgProcess rider = GgProcess.start("rider", c, "node", "--config", "node.ini");
                 GgProcess driver = GgProcess.start("driver", d, "node", "--config", "node.ini")) {
                String capiAt = rider.appApi(WAIT);
                ApiClient capi = api(rider, c);
                ApiClient dapi = api(driver, d);
                try {
                    rider.await("msg=\"linked to " + hubKey.substring(0, 12), WAIT);
                    driver.await("msg=\"linked to " + hubKey.substring(0, 12), WAIT);
                    long riderBefore = until(capi, "/v1/balance", b -> b.path("available_msat").asLong() > 0,
                            "the rider's regtest account").path("available_msat").asLong();
                    long driverBefore = until(dapi, "/v1/balance", b -> b.path("available_msat").asLong() > 0,
                            "the driver's regtest account").path("available_msat").asLong();
                    long hubBefore = available(api(hub[0], s));

                    String posted = GgProcess.job(c, capiAt, WAIT, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
                    Matcher id = JOB_ID.matcher(posted);
                    assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
                    String job = id.group(1);
                    until(dapi, "/v1/work", w -> w.toString().contains(job), "the job at the driver");

                    if (moment == Moment.BEFORE_THE_SEAL) {
                        stop(hub[0], moment);
                    }
                    dapi.post("/v1/work/" + job + "/reply", JSON.createObjectNode().put("price_sat", 15_000)
                            .put("message", "Dana, red Tesla GG-777, 3 min"));
                    if (moment == Moment.DURING_THE_SEAL) {
                        stop(hub[0], moment);
                    }
                    if (moment == Moment.BEFORE_THE_SEAL || moment == Moment.DURING_THE_SEAL) {
                        hub[0] = restart(s, hubAt);
                    }
                    GgProcess.jobUntil(c, capiAt, WAIT, o -> o.contains("#1  job 15000 sat"), "the driver's offer",
                            "offers", job);
                    long networkFee = capi.get("/v1/jobs/" + job).path("offers").get(0).path("network_fee_msat")
                            .asLong();

                    if (moment == Moment.BEFORE_ACCEPT) {
                        stop(hub[0], moment);
                    }
                    if (moment == Moment.LINK_DROP) {
                        proxy.swallow(); // the rider's payments leave over a link that is dying
                    }
                    assertThat(GgProcess.job(c, capiAt, WAIT, "accept", job, "1"))
                            .contains("accepted offer #1 of job " + job);
                    if (moment == Moment.BEFORE_ACCEPT) {
                        hub[0] = restart(s, hubAt);
                    }
                    if (moment == Moment.LINK_DROP) {
                        // the outage under test, not a wait: the rider's calls go into the dying link
                        Thread.sleep(DOWN.toMillis());
                        assertThat(proxy.swallowed()).as("the rider's calls lost with the link").isPositive();
                        int mark = rider.lineCount();
                        proxy.cut();
                        // its calls not answered go out again, with their call ids, over the new link
                        rider.await("link to the settler node " + hubKey.substring(0, 12)
                                + " up: sent [0-9]+ calls that waited for it and again [1-9]", WAIT, mark);
                        // (the new link may be the rider's dial through the proxy or the hub's dial of the
                        // rider's listening address, which discovery taught it: either carries the calls)
                    }
                    GgProcess.jobUntil(c, capiAt, WAIT, o -> o.contains("state   PAID") || o.contains("state   OPENED"),
                            "the ride paid", "show", job);
                    if (moment == Moment.AROUND_THE_REVEAL || moment == Moment.AROUND_THE_REVEAL_KILLED) {
                        stop(hub[0], moment);
                        hub[0] = restart(s, hubAt);
                    }
                    String opened = GgProcess.jobUntil(c, capiAt, WAIT, o -> o.contains("state   OPENED"),
                            "the reply opened", "show", job);
                    assertThat(opened).contains("Dana, red Tesla GG-777").contains("(chosen)");
                    assertThat(GgProcess.job(c, capiAt, WAIT, "confirm", job)).contains("confirmed job " + job);
                    GgProcess.jobUntil(c, capiAt, WAIT, o -> o.contains("state   SETTLED"), "every invoice settled",
                            "show", job);

                    // exact money: the rider paid the ride and the network fee, the driver earned the ride
                    // and its fee as the reply's first hop, the hub its relay fee; nothing is locked
                    JsonNode cb = until(capi, "/v1/balance", b -> b.path("locked_msat").asLong() == 0,
                            "nothing locked for the rider");
                    assertThat(riderBefore - cb.path("available_msat").asLong()).isEqualTo(PRICE_MSAT + networkFee);
                    JsonNode db = until(dapi, "/v1/balance",
                            b -> b.path("available_msat").asLong() == driverBefore + PRICE_MSAT + HOP_FEE_MSAT,
                            "the driver paid the ride and its reply fee");
                    assertThat(db.path("locked_msat").asLong()).isZero();
                    JsonNode hb = until(api(hub[0], s), "/v1/balance",
                            b -> b.path("available_msat").asLong() == hubBefore + HOP_FEE_MSAT,
                            "the hub paid its relay fee");
                    assertThat(hb.path("locked_msat").asLong()).isZero();
                    assertThat(GgProcess.job(c, capiAt, WAIT, "list")).containsPattern(job + "  SETTLED  offers 1  ");
                } catch (AssertionError | ConditionTimeoutException e) {
                    throw new AssertionError(moment + ": " + e.getMessage() + "\n--- hub:\n" + hub[0].output()
                            + "\n--- rider:\n" + rider.output() + "\n--- driver:\n" + driver.output(), e);
                }
            }
        } finally {
            hub[0].close();
        }
    }

    /** Stops the hub as {@code moment} says: SIGKILL, or SIGTERM and a clean exit. */
    private static void stop(GgProcess hub, Moment moment) throws InterruptedException {
        if (moment.kill) {
            hub.kill();
            assertThat(hub.alive()).isFalse();
        } else {
            assertThat(hub.terminate(WAIT)).as("the hub's exit code").isIn(0, 143);
        }
    }

    /** Starts the hub again on its data directory and port, after {@link #DOWN}. */
    private static GgProcess restart(Path s, String hubAt) throws Exception {
        Thread.sleep(DOWN.toMillis()); // the outage under test, not a wait
        GgProcess again = GgProcess.start("hub-again", s, "node", "--config", "node.ini");
        assertThat(again.nodeStarted(WAIT)).isEqualTo(hubAt);
        return again;
    }
}
