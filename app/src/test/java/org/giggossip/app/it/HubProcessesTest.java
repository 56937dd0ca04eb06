package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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

    @TempDir
    Path dir;

    @Test
    void aHubThatServesTheSettlerRelaysARideBetweenItsSpokes() throws Exception {
        try (HubShape net = HubShape.start(dir, WAIT)) {
            Path c = net.riderDir;
            String api = net.riderApi;
            net.check(() -> {
                // each spoke enrolled over a link of its own first: that errand is no reconnect
                String riderId = net.rider.nodeStarted(WAIT).substring(0, 64);
                String driverId = net.driver.nodeStarted(WAIT).substring(0, 64);
                String peers = hubPeers(net.hub, net.hubDir, riderId, driverId);
                assertThat(peers).containsPattern("(?m)^" + riderId + "@\\S+  inbound since \\S+  reconnects 0$")
                        .containsPattern("(?m)^" + driverId + "@\\S+  inbound since \\S+  reconnects 0$");

                String jobId = net.post();
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
                GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   SETTLED"), "every invoice settled", "show",
                        jobId);

                String list = GgProcess.job(c, api, WAIT, "list");
                assertThat(list).containsPattern(jobId + "  SETTLED  offers 1  ");
            });
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
