package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.giggossip.net.voidphone.GossipModule;
import org.giggossip.node.daemon.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, deliverable 4: four {@code gg node} daemons in a line A - B - C - D over
 * real BOLT 8 links, each with a VoidPhone module that uses its node only
 * through the gossip API. Items are announced, notified and validated through
 * the API; the assertions are on what the modules receive.
 *
 * <p>What does not arrive is checked after a marker item announced later has
 * arrived: every node handles one connection's validations and one link's items
 * in order, so an item that was going to be forwarded is forwarded before the marker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class GossipNodesTest {
    private static final int TYPE = 1337;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LocalNetwork net;
    private final List<GossipModule> modules = new ArrayList<>();
    private int markers;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        net = LocalNetwork.start(dir, 4, 50, 30, LocalNetwork::line);
        net.awaitLinked(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            modules.add(new GossipModule("m" + i, net.node(i).gossipApiAddress(), TYPE));
        }
        // until an item crosses the whole line, some subscription or link is not in place yet
        // each poll announces a fresh warm-up item at A and gives it 300 ms to reach D
        int[] k = {0};
        await("a warm-up item to reach D").atMost(Duration.ofSeconds(30)).pollInSameThread()
                .pollInterval(Duration.ofMillis(1)).until(() -> {
                    String warm = "warm-" + k[0]++;
                    module(0).announce(0, TYPE, warm);
                    return module(3).await(warm, Duration.ofMillis(300)).isPresent()
                            || module(3).anyStartingWith("warm-");
                });
        assertThat(net.linksOf(0)).containsExactly(1);
        assertThat(net.linksOf(1)).containsExactly(0, 2);
        assertThat(net.linksOf(2)).containsExactly(1, 3);
        assertThat(net.linksOf(3)).containsExactly(2);
    }

    @AfterAll
    void stop() throws Exception {
        for (GossipModule m : modules) {
            m.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private GossipModule module(int i) {
        return modules.get(i);
    }

    /** Announces a fresh unlimited item at A and waits until every module has it. */
    private void marker() throws Exception {
        String m = "marker-" + markers++;
        module(0).announce(0, TYPE, m);
        for (GossipModule x : modules) {
            assertThat(x.await(m, WAIT)).as(m + " arrives everywhere").isPresent();
        }
    }

    @Test
    void anUnlimitedItemReachesEveryModuleOnceTheAnnouncersToo() throws Exception {
        module(0).announce(0, TYPE, "everywhere");
        for (GossipModule m : modules) {
            assertThat(m.await("everywhere", WAIT)).isPresent();
        }
        marker();
        for (GossipModule m : modules) {
            assertThat(m.count("everywhere")).isEqualTo(1);
        }
    }

    @Test
    void itemsTravelFromAnyNodeNotOnlyTheFirst() throws Exception {
        module(3).announce(0, TYPE, "from D");
        assertThat(module(0).await("from D", WAIT)).isPresent();
    }

    @Test
    void ttlCountsHopsFromTheAnnouncingNode() throws Exception {
        module(0).announce(1, TYPE, "ttl 1");
        module(0).announce(2, TYPE, "ttl 2");
        assertThat(module(1).await("ttl 1", WAIT)).isPresent();
        assertThat(module(2).await("ttl 2", WAIT)).isPresent();
        marker();
        assertThat(module(0).count("ttl 1")).as("the announcer's own module").isEqualTo(1);
        assertThat(module(2).count("ttl 1")).as("ttl 1 stops at A's neighbours").isZero();
        assertThat(module(3).count("ttl 2")).as("ttl 2 stops two hops out").isZero();
    }

    @Test
    void anItemValidatedAsInvalidStopsAtTheFirstHop() throws Exception {
        module(1).verdict(text -> !text.startsWith("bad"));
        try {
            module(0).announce(0, TYPE, "bad item");
            assertThat(module(1).await("bad item", WAIT)).isPresent();
            marker();
            assertThat(module(2).count("bad item")).isZero();
            assertThat(module(3).count("bad item")).isZero();
        } finally {
            module(1).verdict(text -> true);
        }
    }

    @Test
    void anItemAnnouncedTwiceOrOnTwoNodesIsNotifiedOncePerNode() throws Exception {
        module(0).announce(0, TYPE, "twice");
        module(0).announce(0, TYPE, "twice");
        module(3).announce(5, TYPE, "twice");
        for (GossipModule m : modules) {
            assertThat(m.await("twice", WAIT)).isPresent();
        }
        marker();
        for (GossipModule m : modules) {
            assertThat(m.count("twice")).isEqualTo(1);
        }
    }
}
