package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.util.Hex;
import org.giggossip.net.voidphone.GossipApiServer;
import org.giggossip.net.voidphone.ItemGossipPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code gg gossip announce|listen} and {@code gg bench gossip-api} against a real API server on 127.0.0.1. */
@Timeout(60)
class GossipCommandTest {
    private final CapturedGg gg = new CapturedGg();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final GossipApiServer server = GossipApiServer.start(new InetSocketAddress("127.0.0.1", 0),
            new ItemGossipPort() {
                @Override
                public void announce(int ttl, int dataType, byte[] data) {
                    events.add("announce ttl=" + ttl + " type=" + dataType + " " + Hex.encode(data));
                }

                @Override
                public void validated(long itemId, boolean valid) {
                    events.add("validated " + itemId + " " + valid);
                }
            }, GossipApiServer.Options.defaults());
    private final String api = "127.0.0.1:" + server.address().getPort();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void announcesTextAndHex() throws Exception {
        assertThat(gg.run("gossip", "announce", "--api", api, "--ttl", "4", "--type", "1337", "deadbeef"))
                .as(gg.err()).isZero();
        assertThat(next()).isEqualTo("announce ttl=4 type=1337 " + Hex.encode("deadbeef".getBytes(StandardCharsets.US_ASCII)));
        assertThat(gg.out()).contains("announced 8 bytes of type 1337 (ttl 4) to " + api);
        assertThat(gg.run("gossip", "announce", "--api", api, "--type", "7", "--hex", "00ff")).isZero();
        assertThat(next()).isEqualTo("announce ttl=0 type=7 00ff");
        assertThat(gg.out()).contains("(ttl unlimited)");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(gg.run("gossip", "announce", "--api", api, "--type", "7", "--hex", "0g")).isEqualTo(2);
        assertThat(gg.run("gossip", "announce", "--api", api, "--type", "70000", "x")).isEqualTo(2);
        assertThat(gg.run("gossip", "announce", "--api", api, "--type", "7", "--ttl", "256", "x")).isEqualTo(2);
        assertThat(gg.run("gossip", "announce", "--api", "nonsense", "--type", "7", "x")).isEqualTo(2);
        assertThat(gg.run("gossip", "listen", "--api", api, "--type", "7", "--valid", "--invalid")).isEqualTo(2);
        assertThat(gg.run("gossip", "listen", "--api", api, "--type", "7", "--timeout", "soon")).isEqualTo(2);
        assertThat(gg.err()).contains("DATA is not hex").contains("--ttl must be 0 to 255")
                .contains("exclude each other").contains("is not a duration");
        assertThat(events).isEmpty();
    }

    @Test
    void connectionRefusedIsOneLineAndExitOne() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertThat(gg.run("gossip", "announce", "--api", "127.0.0.1:" + free, "--type", "1", "x")).isEqualTo(1);
        assertThat(gg.err().lines().toList()).singleElement().asString()
                .startsWith("gg gossip announce: cannot connect to 127.0.0.1:" + free);
    }

    @Test
    void listensPrintsAndValidatesUntilTheCount() throws Exception {
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> gg.run("gossip", "listen", "--api", api, "--type", "7", "--count", "2", "--timeout", "30s"));
        awaitSubscribed(7, 11);
        assertThat(server.deliver(12, 7, new byte[] {0, (byte) 0xff})).isEqualTo(1);
        assertThat(code.get(30, TimeUnit.SECONDS)).as(gg.err()).isZero();
        assertThat(gg.out().lines().toList()).containsExactly(
                "listening for type 7 on " + api,
                "id=0 type=7 text=\"hello\" -> valid",
                "id=1 type=7 hex=00ff -> valid");
        assertThat(List.of(next(), next())).containsExactlyInAnyOrder("validated 11 true", "validated 12 true");
    }

    @Test
    void listenCanJudgeItemsInvalid() throws Exception {
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> gg.run("gossip", "listen", "--api", api, "--type", "9", "--count", "1", "--invalid"));
        awaitSubscribed(9, 5);
        assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(next()).isEqualTo("validated 5 false");
        assertThat(gg.out()).contains("-> invalid");
    }

    @Test
    void listenTimesOutWithExitOne() {
        assertThat(gg.run("gossip", "listen", "--api", api, "--type", "9", "--count", "1", "--timeout", "300ms"))
                .isEqualTo(1);
        assertThat(gg.err()).contains("timed out after 300ms with 0 of 1 items");
    }

    @Test
    void listenEndsWithExitOneWhenTheNodeGoesAway() throws Exception {
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> gg.run("gossip", "listen", "--api", api, "--type", "9", "--timeout", "30s"));
        awaitSubscribed(9, 1);
        server.close();
        assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(gg.err()).contains("the node closed the connection after 1 items");
    }

    @Test
    void benchReportsItemsPerSecond() {
        assertThat(gg.run("bench", "gossip-api", "--runs", "1", "--items", "300", "--clients", "2")).as(gg.err())
                .isZero();
        String last = gg.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).matches("items_per_second=[1-9][0-9]*");
        assertThat(gg.out()).contains("600 validations passed on");
        assertThat(gg.run("bench", "gossip-api", "--window", "0")).isEqualTo(2);
    }

    /**
     * Delivers item {@code itemId} ("hello") until a subscriber of {@code type} takes it:
     * the listen command subscribes asynchronously. Exactly one delivery reaches it.
     */
    private void awaitSubscribed(int type, long itemId) {
        // polls by delivering: there is no event for "subscribed"
        await("gg gossip listen to subscribe").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(server.deliver(itemId, type, "hello".getBytes(StandardCharsets.US_ASCII)))
                        .as(() -> "subscribers that took the item; gg stderr: " + gg.err()).isPositive());
    }

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }
}
