package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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

    @TempDir
    Path dir;

    @Test
    void aRideStaysOpenPastTheOfferWindowUntilTheRiderAcceptsThenDisputesAndWithdraws() throws Exception {
        try (HubShape net = HubShape.start(dir, WAIT)) {
            Path c = net.riderDir;
            String api = net.riderApi;
            net.check(() -> {
                String jobId = net.post();
                long postedAt = System.nanoTime();
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
            });
        }
    }
}
