package org.giggossip.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.giggossip.sim.time.SimTime;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long wall;

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAtMostFourTimesASecondWithRateAndEta() {
        ProgressLine line = new ProgressLine(out, true, () -> wall);
        wall = 100_000_000;
        line.update(SimTime.seconds(1), 1000, SimTime.seconds(10));
        assertThat(printed()).isEmpty();
        wall = 1_000_000_000;
        line.update(SimTime.seconds(5), 2_000_000, SimTime.seconds(10));
        String first = "\rt=5.000 s  events=2,000,000  2.00M ev/s  50%  ETA 0:01";
        assertThat(printed()).isEqualTo(first);
        wall += 200_000_000;
        line.update(SimTime.seconds(6), 2_100_000, -1);
        assertThat(printed()).doesNotContain("t=6");
        wall += 300_000_000;
        line.update(SimTime.seconds(6), 2_100_000, -1);
        String second = "\rt=6.000 s  events=2,100,000  200.0k ev/s";
        // Padded with spaces to cover the longer line before it.
        assertThat(printed()).isEqualTo(first + second + " ".repeat(first.length() - second.length()));
        line.finish();
        assertThat(printed()).endsWith("\n");
    }

    @Test
    void runDrivesTheSchedulerInSlicesAndEndsTheLine() {
        org.giggossip.sim.time.Scheduler s = new org.giggossip.sim.time.Scheduler();
        long[] fired = new long[1];
        // 200,000 events at one instant: more than one slice, all at the end time.
        for (int i = 0; i < 200_000; i++) {
            s.schedule(SimTime.seconds(2), () -> {
                fired[0]++;
                wall += 5_000; // 65,536 events take 0.33 s of wall time
            });
        }
        ProgressLine line = new ProgressLine(out, true, () -> wall);
        assertThat(line.run(s, SimTime.seconds(2))).isEqualTo(200_000);
        assertThat(fired[0]).isEqualTo(200_000);
        assertThat(s.now()).isEqualTo(SimTime.seconds(2));
        assertThat(printed()).startsWith("\rt=2.000 s  events=65,536  200.0k ev/s")
            .contains("\rt=2.000 s  events=131,072  200.0k ev/s")
            .endsWith("\rt=2.000 s  events=200,000  200.0k ev/s  100%  ETA 0:00\n");
    }

    @Test
    void disabledPrintsNothing() {
        ProgressLine line = new ProgressLine(out, false, () -> wall);
        wall = 5_000_000_000L;
        line.update(1, 1, 2);
        line.finish();
        ProgressLine.disabled().update(1, 1, 2);
        assertThat(printed()).isEmpty();
        assertThat(line.enabled()).isFalse();
    }

    @Test
    void resourceMeterMeasuresSomething() {
        ResourceMeter meter = ResourceMeter.start();
        long[] block = new long[1 << 20];
        block[block.length - 1] = 1;
        assertThat(meter.peakHeapBytes()).isPositive();
        assertThat(meter.wallSeconds()).isNotNegative();
        assertThat(ResourceMeter.usedHeapAfterGc()).isPositive();
        assertThat(block[block.length - 1]).isEqualTo(1);
    }
}
