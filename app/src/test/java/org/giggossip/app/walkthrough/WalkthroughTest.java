package org.giggossip.app.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.giggossip.app.cli.Gg;
import org.junit.jupiter.api.Test;

class WalkthroughTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Walkthrough.Report run(int hops) throws InterruptedException {
        return new Walkthrough(new Walkthrough.Options(hops, 500, 1),
                new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC(), new SecureRandom()).run();
    }

    @Test
    void customerOpensTheDriversOfferAfterThreeHops() throws InterruptedException {
        Walkthrough.Report report = run(3);

        // 3 frames per hop (ask, conditions, broadcast), each encoded and decoded.
        assertThat(report.frames()).isEqualTo(9);
        assertThat(report.frameBytes()).isPositive();
        assertThat(report.powAttempts()).isGreaterThanOrEqualTo(3);
        // Two relays, 1000 msat each; the driver charges through its job invoice.
        assertThat(report.replyFeesMsat()).isEqualTo(2_000);
        assertThat(report.openedOffer()).startsWith("Driver Ana").contains("+61 2 5550 0142");
        String timeline = printed.toString(StandardCharsets.UTF_8);
        assertThat(timeline)
                .contains("ride from r3gx2g5")
                .contains("hop 3: relay-2 -> driver")
                .contains("driver verifies: proof of work ok, timestamp ok, signature ok")
                .contains("relay-1 peels its onion layer")
                .contains("customer opens the offer");
    }

    @Test
    void oneHopGoesStraightToTheDriver() throws InterruptedException {
        Walkthrough.Report report = run(1);
        assertThat(report.frames()).isEqualTo(3);
        assertThat(report.replyFeesMsat()).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("hop 1: customer -> driver");
    }

    @Test
    void optionsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new Walkthrough.Options(0, 10, 1)).hasMessageContaining("hops");
        assertThatThrownBy(() -> new Walkthrough.Options(3, 0.5, 1)).hasMessageContaining("difficulty");
        assertThatThrownBy(() -> new Walkthrough.Options(3, Double.NaN, 1)).hasMessageContaining("difficulty");
        assertThatThrownBy(() -> new Walkthrough.Options(3, 10, 0)).hasMessageContaining("threads");
    }

    @Test
    void commandExitsTwoOnBadArguments() {
        assertThat(Gg.run("walkthrough", "--hops", "0")).isEqualTo(2);
        assertThat(Gg.run("walkthrough", "--hops", "many")).isEqualTo(2);
    }
}
