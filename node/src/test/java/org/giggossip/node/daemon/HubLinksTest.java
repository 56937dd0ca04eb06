package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.link.CloseCause;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub shape of issue 15 as daemons in one JVM on 127.0.0.1: a hub that serves the settler, and
 * spokes that each name only the hub, as bootstrapper and as settler node. Pings every two seconds
 * ({@code ping_period_s = 2}), so that many ping periods pass in a few seconds; everything else at
 * its defaults but the admission work (256 attempts: a fast machine's test, not a policy).
 */
class HubLinksTest {
    private static final int PING_S = 2;
    /** A bound on waits for the daemons' threads (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<NodeDaemon> daemons = new ArrayList<>();

    @AfterEach
    void close() {
        daemons.reversed().forEach(NodeDaemon::close);
    }

    private NodeDaemon start(String name, String text) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path file = d.resolve("node.ini");
        Files.writeString(file, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n" + text
                + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 256\nping_period_s = " + PING_S + "\n");
        NodeDaemon daemon = NodeDaemon.start(NodeConfig.load(file));
        daemons.add(daemon);
        return daemon;
    }

    private NodeDaemon hub() throws Exception {
        return start("hub", "[settler]\nserve = true\n");
    }

    /** A spoke: bootstraps to the hub only, the hub is its settler node; a driver if {@code price} is set. */
    private NodeDaemon spoke(String name, NodeDaemon hub, String extra) throws Exception {
        return start(name, "bootstrapper = " + hub.address() + "\n[settler]\naddress = " + hub.address() + "\n"
                + extra);
    }

    /** Links that were up and closed since start, by cause, of every daemon. */
    private Map<String, Long> linkCloses() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (NodeDaemon d : daemons) {
            Links l = d.host().links();
            for (CloseCause c : CloseCause.values()) {
                if (l.closed(c) > 0) {
                    all.put(d.id().hex().substring(0, 12) + " " + c, l.closed(c));
                }
            }
        }
        return all;
    }

    private static Set<PublicKey> others(List<NodeDaemon> all, NodeDaemon but) {
        Set<PublicKey> ids = new HashSet<>();
        for (NodeDaemon d : all) {
            if (d != but) {
                ids.add(d.id());
            }
        }
        return ids;
    }

    /** No link closes while pings go back and forth for several ping periods; the links stay the same. */
    private void noLinkClosesFor(int periods) throws InterruptedException {
        Map<String, Long> closes = linkCloses();
        Map<PublicKey, Set<PublicKey>> peers = new LinkedHashMap<>();
        Map<PublicKey, Long> pongsAndPings = new LinkedHashMap<>();
        for (NodeDaemon d : daemons) {
            peers.put(d.id(), d.host().links().peers());
            pongsAndPings.put(d.id(), d.host().links().received(MessageType.DISCOVERY));
        }
        Thread.sleep(periods * PING_S * 1000L); // the time under test: the network runs that many periods
        assertThat(linkCloses()).as("links closed while the network ran %d ping periods", periods)
                .isEqualTo(closes);
        for (NodeDaemon d : daemons) {
            assertThat(d.host().links().peers()).as("links of " + d.id().hex().substring(0, 12))
                    .isEqualTo(peers.get(d.id()));
            // every link carried pings both ways: at least one DISCOVERY message per link and period
            assertThat(d.host().links().received(MessageType.DISCOVERY) - pongsAndPings.get(d.id()))
                    .as("DISCOVERY messages received by " + d.id().hex().substring(0, 12))
                    .isGreaterThanOrEqualTo((long) periods * peers.get(d.id()).size());
        }
    }

    @Test
    void theHubShapeKeepsItsLinksUpForSixPingPeriods() throws Exception {
        NodeDaemon s = hub();
        NodeDaemon c = spoke("rider", s, "");
        NodeDaemon d = spoke("driver", s, "[worker]\nprice_sat = 12000\n");
        List<NodeDaemon> all = List.of(s, c, d);
        // discovery introduces the two spokes through the hub they share
        for (NodeDaemon n : all) {
            await(n.id().hex().substring(0, 12) + " linked to the other two").atMost(WAIT)
                    .until(() -> n.host().links().peers().equals(others(all, n)));
        }
        // the enrolment links closed, by their own side's stated reason, and no link closed since
        assertThat(s.host().links().closed(CloseCause.DISCOVERY)).isZero();
        // each spoke closed its enrolment link once enrolled: both closes reach the hub's counters
        await("the hub to count the two enrolment links' closes").atMost(WAIT)
                .until(() -> s.host().links().closed(CloseCause.PEER) >= 2);
        noLinkClosesFor(6);
    }

    @Test
    void discoveryLinksEverySpokeOfAHubToTheOtherSpokes() throws Exception {
        NodeDaemon hub = hub();
        List<NodeDaemon> all = new ArrayList<>(List.of(hub));
        for (int i = 0; i < 5; i++) {
            all.add(spoke("spoke" + i, hub, i == 0 ? "[worker]\nprice_sat = 12000\n" : ""));
        }
        for (NodeDaemon n : all) {
            await(n.id().hex().substring(0, 12) + " linked to the hub and the other spokes").atMost(WAIT)
                    .until(() -> n.host().links().peers().equals(others(all, n)));
        }
        noLinkClosesFor(3);
    }
}
