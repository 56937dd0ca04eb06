package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job can be followed (docs/operations.md, "Following a job"): the hub shape of
 * {@link HubProcessesTest} (S serves the settler, rider C and driver D each link to S), with the
 * spokes held to one link each ({@code target_links = 1}) so the ride goes C, S, D and back. After
 * it settled, {@code grep} of the job's short id in each node's log finds one {@code info} line for
 * each step the job took there.
 */
class JobStoryProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");

    @TempDir
    Path dir;

    private Path node(String name, String gossip, String nodeSection, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                + gossip + "[node]\napp_address = 127.0.0.1:0\n" + nodeSection + text);
    }

    /** Waits for one {@code info} line per step in {@code p}'s log, each of job {@code job}. */
    private static void story(GgProcess p, String job, String... steps) throws InterruptedException {
        for (String step : steps) {
            p.await("level=info logger=(Settler)?JobLog " + Pattern.quote("msg=\"job " + job + " ") + step,
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void grepOfAJobsShortIdInEachNodesLogTellsItsStory() throws Exception {
        Path s = node("hub", "", "", "[settler]\nserve = true\n");
        try (GgProcess hub = GgProcess.start("hub", s, "--log-level", "info", "node", "--config", "node.ini")) {
            String hubAt = hub.nodeStarted(WAIT);
            String bootstrapper = "bootstrapper = " + hubAt + "\n";
            String settler = "[settler]\naddress = " + hubAt + "\n";
            Path c = node("rider", bootstrapper, "target_links = 1\n", settler);
            Path d = node("driver", bootstrapper, "target_links = 1\n", settler + "[worker]\nprice_sat = 12000\n");
            try (GgProcess rider = GgProcess.start("rider", c, "--log-level", "info", "node", "--config",
                        "node.ini");
                 GgProcess driver = GgProcess.start("driver", d, "--log-level", "info", "node", "--config",
                        "node.ini")) {
                String api = rider.appApi(WAIT);
                String hub12 = hubAt.substring(0, 12);
                String rider12 = rider.nodeStarted(WAIT).substring(0, 12);
                String driver12 = driver.nodeStarted(WAIT).substring(0, 12);
                rider.await("msg=\"linked to " + hub12, WAIT);
                driver.await("msg=\"linked to " + hub12, WAIT);
                try {
                    String posted = GgProcess.job(c, api, WAIT, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
                    Matcher id = JOB_ID.matcher(posted);
                    assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
                    String jobId = id.group(1);
                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("#1  job 12000 sat"), "the driver's offer", "offers", jobId);
                    GgProcess.job(c, api, WAIT, "accept", jobId, "1");
                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   OPENED"), "the reply opened", "show", jobId);
                    GgProcess.job(c, api, WAIT, "confirm", jobId);
                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   SETTLED"), "every invoice settled", "show", jobId);

                    String job = jobId.substring(0, 8);
                    String hash = "invoice [0-9a-f]{12}";
                    story(rider, job, "posted", "broadcast to " + hub12,
                            "offer 1 received: price 12000 sat, network fee [0-9]+ sat, settler ",
                            "offer 1 taken: paying ", "paying " + hash + ": ", "payment of " + hash + " accepted: ",
                            "paid: offer 1, ", "opened: offer 1 from worker " + driver12,
                            "settled: 12000 sat released to the worker");
                    story(hub, job, "received from " + rider12, "relayed to " + driver12, hash + " created: ",
                            "reply forwarded to " + rider12 + ", fee ", hash + " accepted: ", "paying " + hash,
                            hash + " settled: ",
                            // the hub serves the settler too
                            "settler issued reply hash [0-9a-f]{12} to worker " + driver12 + " for 12000 sat",
                            "settler sealed the reply of worker " + driver12 + ", network invoice ",
                            "worker " + driver12 + " reports its invoice accepted",
                            "customer " + rider12 + " confirmed the job",
                            "settler revealed the preimage of [0-9a-f]{12} to " + driver12);
                    story(driver, job, "received from " + hub12, hash + " created: 12000 sat",
                            "answered with price 12000 sat", "reply forwarded to " + hub12 + ", fee ",
                            hash + " accepted: 12000 sat", hash + " settled: 12000 sat");
                    for (GgProcess p : List.of(rider, hub, driver)) {
                        p.output().lines().filter(l -> l.contains("msg=\"job " + job + " "))
                                .forEach(l -> System.out.println("job story: " + l));
                    }
                    // the topic never goes back the way it came
                    assertThat(hub.output()).doesNotContain("job " + job + " relayed to " + rider12);
                    assertThat(driver.output()).doesNotContain("job " + job + " relayed to");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- hub:\n" + hub.output() + "\n--- rider:\n"
                            + rider.output() + "\n--- driver:\n" + driver.output(), e);
                }
            }
        }
    }
}
