package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rider decides (issue 17, item 12), with three {@code gg node} processes at their default
 * settings: a hub S serving the settler, a rider C and a driver D at 12,000 sat. The rider's node
 * used to take the cheapest offer by itself when its 10 s offer window closed, so a rider who
 * watched the offers and then ran {@code gg job accept} found the job already paid. Now the job
 * stays OPEN with its offer past that window, and is paid only once the rider accepts; the rider
 * then disputes it and withdraws the dispute, and the job ends RESOLVED with the payment released.
 */
class RiderDecidesProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The offer window of the defaults, after which the node used to choose by itself. */
    private static final Duration OLD_WINDOW = Duration.ofSeconds(10);
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");

    @TempDir
    Path dir;

    private Path node(String name, String gossip, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                + gossip + "[node]\napp_address = 127.0.0.1:0\n" + text);
    }

    @Test
    void aRideStaysOpenPastTheOfferWindowUntilTheRiderAcceptsThenDisputesAndWithdraws() throws Exception {
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
                    String posted = GgProcess.job(c, api, WAIT, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
                    long postedAt = System.nanoTime();
                    Matcher id = JOB_ID.matcher(posted);
                    assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
                    String jobId = id.group(1);

                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("#1  job 12000 sat"), "the driver's offer",
                            "offers", jobId);
                    long waited = (System.nanoTime() - postedAt) / 1_000_000;
                    Thread.sleep(Math.max(0, OLD_WINDOW.toMillis() + 2_000 - waited)); // past the old window
                    String offers = GgProcess.job(c, api, WAIT, "offers", jobId);
                    assertThat(offers).contains("#1  job 12000 sat")
                            .contains("no offer chosen: nothing is paid until you take one with `gg job accept "
                                    + jobId + " OFFER`");
                    assertThat(GgProcess.job(c, api, WAIT, "list")).containsPattern(jobId + "  OPEN  offers 1  ");

                    assertThat(GgProcess.job(c, api, WAIT, "accept", jobId, "1"))
                            .contains("accepted offer #1 of job " + jobId);
                    String opened = GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   OPENED"),
                            "the reply opened", "show", jobId);
                    assertThat(opened).contains("hello from a gig-gossip worker")
                            .contains("choice  offer #1 chosen by you (gg job accept) at ");

                    assertThat(GgProcess.job(c, api, WAIT, "dispute", jobId, "--reason", "the driver never came"))
                            .contains("disputed job " + jobId);
                    GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   DISPUTED"), "the dispute", "show", jobId);
                    assertThat(GgProcess.job(c, api, WAIT, "dispute", jobId, "--withdraw"))
                            .contains("withdrew the dispute of job " + jobId);
                    String resolved = GgProcess.jobUntil(c, api, WAIT, o -> o.contains("state   RESOLVED"),
                            "the withdrawn dispute to release the payment", "show", jobId);
                    assertThat(resolved).contains("payment released");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- hub:\n" + hub.output() + "\n--- rider:\n"
                            + rider.output() + "\n--- driver:\n" + driver.output(), e);
                }
            }
        }
    }
}
