package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first shape a newcomer starts (docs/style.md 17): three {@code gg node}
 * processes with default settings and fresh data, a hub S that serves the
 * settler and a regtest ledger, and two spokes that each name S as bootstrapper
 * and settler node: a rider C and a driver D who answers every job at 12,000
 * sat. A ride posted on C reaches D through S, and is offered, paid, opened,
 * confirmed and settled through {@code gg job} commands alone.
 *
 * <p>Only the ports differ from the defaults (port 0: three nodes share the
 * machine); proofs of work, fan-out and links are at their defaults.
 */
class HubProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");

    @TempDir
    Path dir;

    /** A node directory with {@code node.ini}: free ports, {@code gossip} in [gossip], then {@code text}. */
    private Path node(String name, String gossip, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                + gossip + "[node]\napp_address = 127.0.0.1:0\n" + text);
    }

    @Test
    void aHubThatServesTheSettlerRelaysARideBetweenItsSpokes() throws Exception {
        Path s = node("hub", "", "[settler]\nserve = true\n");
        try (GgProcess hub = GgProcess.start("hub", s, "node", "--config", "node.ini")) {
            String hubAt = hub.nodeStarted(WAIT);
            String bootstrapper = "bootstrapper = " + hubAt + "\n";
            String settler = "[settler]\naddress = " + hubAt + "\n";
            Path c = node("rider", bootstrapper, settler);
            Path d = node("driver", bootstrapper, settler + "[worker]\nprice_sat = 12000\n");
            try (GgProcess rider = GgProcess.start("rider", c, "node", "--config", "node.ini");
                 GgProcess driver = GgProcess.start("driver", d, "node", "--config", "node.ini")) {
                String api = rider.appApi(WAIT);
                String hub12 = hubAt.substring(0, 12);
                rider.await("msg=\"linked to " + hub12, WAIT);
                driver.await("msg=\"linked to " + hub12, WAIT);
                try {
                    // each spoke enrolled over a link of its own first: that errand is no reconnect
                    String riderId = rider.nodeStarted(WAIT).substring(0, 64);
                    String driverId = driver.nodeStarted(WAIT).substring(0, 64);
                    String peers = hubPeers(hub, s, riderId, driverId);
                    assertThat(peers).containsPattern("(?m)^" + riderId + "@\\S+  inbound since \\S+  reconnects 0$")
                            .containsPattern("(?m)^" + driverId + "@\\S+  inbound since \\S+  reconnects 0$");

                    String posted = GgProcess.job(c, api, WAIT, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
                    Matcher id = JOB_ID.matcher(posted);
                    assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
                    String jobId = id.group(1);
                    long postedAt = System.nanoTime();

                    String offers = GgProcess.jobUntil(c, api, WAIT, o -> o.contains("#1  job 12000 sat"),
                            "the driver's offer, relayed by the hub", "offers", jobId);
                    System.out.printf("hub shape: first offer seen %d ms after the post returned%n",
                            (System.nanoTime() - postedAt) / 1_000_000);
                    assertThat(offers).doesNotContain("no offers yet");

                    String accepted = GgProcess.job(c, api, WAIT, "accept", jobId, "1");
                    assertThat(accepted).contains("accepted offer #1 of job " + jobId);

                    String opened = GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   OPENED"), "the reply opened",
                            "show", jobId);
                    assertThat(opened).contains("hello from a gig-gossip worker").contains("(chosen)");

                    String confirmed = GgProcess.job(c, api, WAIT, "confirm", jobId);
                    assertThat(confirmed).contains("confirmed job " + jobId);
                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   SETTLED"), "every invoice settled", "show", jobId);

                    String list = GgProcess.job(c, api, WAIT, "list");
                    assertThat(list).containsPattern(jobId + "  SETTLED  offers 1  ");
                } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(e.getMessage() + "\n--- hub:\n" + hub.output() + "\n--- rider:\n"
                            + rider.output() + "\n--- driver:\n" + driver.output(), e);
                }
            }
        }
    }

    /** The hub's {@code gg peers} once it lists {@code ids}. */
    private static String hubPeers(GgProcess hub, Path hubDir, String... ids) throws Exception {
        String api = hub.appApi(WAIT);
        String out = await("the hub's peers to list " + java.util.Arrays.toString(ids)).atMost(WAIT)
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> GgProcess.api(hubDir, api, WAIT, "peers"),
                        text -> java.util.Arrays.stream(ids).allMatch(text::contains));
        assertThat(out).as("the hub's peers").contains(ids);
        return out;
    }
}
