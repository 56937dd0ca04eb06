package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.giggossip.net.voidphone.GossipModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, "done when": {@code gg node} processes on loopback, each with its own
 * VoidPhone module connected to its gossip API, pass an item announced on one
 * to a subscriber on another, over one hop and over two; an item validated as invalid
 * stops at the first hop. Node A's file holds only the spec's keys, its
 * {@code hostkey} not yet existing.
 */
@Timeout(180)
class GossipProcessesTest {
    private static final Duration START = Duration.ofSeconds(30);
    /** A bound on an item's way through the nodes (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int TYPE = 1337;

    @TempDir
    Path dir;

    private Path ini(String name, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, text);
    }

    private static InetSocketAddress gossipApi(GgProcess p) throws InterruptedException {
        Matcher m = p.await("msg=\"VoidPhone gossip API on 127\\.0\\.0\\.1:([0-9]+)", START);
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
    }

    private static String started(GgProcess p) throws InterruptedException {
        return p.await("msg=\"node ([0-9a-f]{64}@127\\.0\\.0\\.1:[0-9]+) started", START).group(1);
    }

    @Test
    void anItemAnnouncedOnOneNodeReachesASubscriberOnAnotherWithinASecond() throws Exception {
        // only the keys of docs/specs/voidphone-gossip-api.md
        Path a = ini("a", """
                hostkey = keys/hostkey.pem

                [gossip]
                cache_size = 50                 ; items kept for spreading
                degree = 30                     ; peers to spread to
                p2p_address = 127.0.0.1:0       ; where peers connect
                api_address = 127.0.0.1:0       ; where local modules connect
                """);
        try (GgProcess na = GgProcess.start("a", a, "node", "--config", "node.ini")) {
            String aAt = started(na);
            assertThat(a.resolve("keys/hostkey.pem")).isRegularFile();
            InetSocketAddress aApi = gossipApi(na);
            // B names A as the spec writes it, a bare host:port (its key comes from the key probe), and
            // leaves the app API to its default, which A holds: B takes a free port instead
            String aBare = aAt.substring(aAt.indexOf('@') + 1);
            Path b = ini("b", "hostkey = hostkey.pem\n[gossip]\ndegree = 30\np2p_address = 127.0.0.1:0\n"
                    + "api_address = 127.0.0.1:0\nbootstrapper = " + aBare + "\n[node]\ntarget_links = 1\n");
            try (GgProcess nb = GgProcess.start("b", b, "node", "--config", "node.ini")) {
                String bAt = started(nb);
                nb.await("msg=\"bootstrapper " + java.util.regex.Pattern.quote(aBare) + " announced key "
                        + aAt.substring(0, 64), START);
                Path c = ini("c", "hostkey = hostkey.pem\n[gossip]\ndegree = 30\np2p_address = 127.0.0.1:0\n"
                        + "api_address = 127.0.0.1:0\nbootstrapper = " + bAt + "\n[node]\napp_address = 127.0.0.1:0\n"
                        + "target_links = 1\n");
                try (GgProcess nc = GgProcess.start("c", c, "node", "--config", "node.ini");
                     GossipModule ma = new GossipModule("a", aApi, TYPE);
                     GossipModule mb = new GossipModule("b", gossipApi(nb), TYPE);
                     GossipModule mc = new GossipModule("c", gossipApi(nc), TYPE)) {
                    nb.await("msg=\"linked to " + aAt.substring(0, 12), START);
                    nc.await("msg=\"linked to " + bAt.substring(0, 12), START);
                    // links and subscriptions settle: until then a warm-up item may not get through
                    // each poll announces a fresh warm-up item at A and gives it 300 ms to reach C
                    int[] k = {0};
                    await("a warm-up item to reach C").atMost(START).pollInSameThread()
                            .pollInterval(Duration.ofMillis(1)).until(() -> {
                                String warm = "warm-" + k[0]++;
                                ma.announce(0, TYPE, warm);
                                return mc.await(warm, Duration.ofMillis(300)).isPresent()
                                        || mc.anyStartingWith("warm-");
                            });

                    // how fast is a benchmark's question (gg bench gossip); here: that it arrives
                    ma.announce(0, TYPE, "timed item");
                    assertThat(mb.await("timed item", WAIT)).as("A to B").isPresent();
                    mc.announce(0, TYPE, "back");
                    assertThat(ma.await("back", WAIT)).as("C to A, two hops").isPresent();

                    mb.verdict(text -> !text.startsWith("bad"));
                    ma.announce(0, TYPE, "bad item");
                    assertThat(mb.await("bad item", WAIT)).isPresent();
                    ma.announce(0, TYPE, "marker");
                    assertThat(mc.await("marker", WAIT)).isPresent();
                    assertThat(mc.count("bad item")).as("an invalid item stops at the first hop").isZero();
                    assertThat(ma.count("bad item")).as("the announcer's module was notified").isEqualTo(1);
                }
            }
        }
    }
}
