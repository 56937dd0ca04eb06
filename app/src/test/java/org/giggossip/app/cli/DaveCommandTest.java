package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.util.Hex;
import org.giggossip.net.dave.DaveConfig;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.DaveWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code gg dave setdat|getdat} in process against a {@link DaveHost} on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaveCommandTest {
    private final CapturedGg gg = new CapturedGg();
    private DaveHost host;
    private String via;

    @BeforeEach
    void start() {
        host = DaveHost.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                DaveConfig.defaults().withStore(2, 1 << 20), List.of(), DaveHost.Listener.none());
        via = host.addressText();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void setdatPrintsTheWorkAndGetdatPrintsTheValue() throws Exception {
        int code = gg.run("dave", "setdat", "--via", via, "--work", "2", "--tag", "greeting", "hello dave");
        assertThat(code).as("stderr: %s", gg.err()).isZero();
        String work = gg.out().strip();
        assertThat(work).matches("[0-9a-f]{64}").startsWith("0000");
        assertThat(gg.err()).contains("which holds it");
        // the host holds exactly that value, with its work
        Optional<DaveMsg> held = host.get(Hex.decode(work), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertThat(held).isPresent();
        assertThat(DaveWork.check(held.get())).isGreaterThanOrEqualTo(2);

        CapturedGg get = new CapturedGg();
        assertThat(get.run("dave", "getdat", "--via", via, "--timeout", "3s", work)).as(get.err()).isZero();
        assertThat(get.out().strip()).isEqualTo("hello dave");
        assertThat(get.err()).contains("tag \"greeting\"");
    }

    @Test
    void getdatOfAnUnknownWorkExitsOneAfterTheTimeout() {
        long start = System.nanoTime();
        assertThat(gg.run("dave", "getdat", "--via", via, "--timeout", "700ms", "ab".repeat(32))).isEqualTo(1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
        assertThat(gg.err()).contains("no value for " + "ab".repeat(32)).contains("within 700ms");
        assertThat(gg.out()).isEmpty();
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() {
        assertThat(gg.run("dave", "getdat", "--via", via, "xyz")).isEqualTo(2);
        assertThat(gg.err()).contains("WORKHEX must be 64 hex digits");
        assertThat(gg.run("dave", "getdat", "--via", "nohostport", "ab".repeat(32))).isEqualTo(2);
        assertThat(gg.err()).contains("--via nohostport");
        assertThat(gg.run("dave", "getdat", "--via", via, "--timeout", "soon", "ab".repeat(32))).isEqualTo(2);
        assertThat(gg.run("dave", "setdat", "--via", via, "--work", "9", "x")).isEqualTo(2);
        assertThat(gg.run("dave", "setdat", "--via", via, "--tag", "t".repeat(33), "x")).isEqualTo(2);
        assertThat(gg.err()).contains("--tag is 33 bytes");
        assertThat(gg.run("dave", "setdat", "--via", via, "x".repeat(1281))).isEqualTo(2);
        assertThat(gg.run("dave", "node", "--listen", "127.0.0.1:99999")).isEqualTo(2);
        assertThat(gg.err()).contains("port out of range");
        assertThat(gg.out()).isEmpty();
    }

    @Test
    void eventLinesQuoteTextAndShowOtherBytesAsHex() {
        DaveMsg m = DaveWork.solve(new byte[0], "a \"b\"".getBytes(), new byte[] {1, 2}, 0,
                new java.security.SecureRandom());
        String line = DaveCommand.describe("127.0.0.1:40001", m);
        assertThat(line).startsWith("SETDAT from 127.0.0.1:40001 work " + Hex.encode(m.work()))
                .endsWith("tag 0x0102 val \"a \\\"b\\\"\"");
    }
}
