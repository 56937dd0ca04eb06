package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.dave.DaveConfig;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.DaveWork;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemons in one JVM on 127.0.0.1: keys, data directory, bootstrap links, restart. */
class NodeDaemonTest {
    @TempDir
    Path dir;

    private NodeConfig config(String name, String text) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path file = d.resolve("node.ini");
        Files.writeString(file, text);
        return NodeConfig.load(file);
    }

    @Test
    void aNodeCreatesItsKeyOwnerOnlyAndLinksToItsBootstrapper() throws Exception {
        NodeConfig a = config("a", "hostkey = keys/a.key\n[gossip]\np2p_address = 127.0.0.1:0\n[settler]\nserve = true\n"
                + "[node]\nadmission_difficulty = 256\napp_address = 127.0.0.1:0\n");
        PublicKey aId;
        try (NodeDaemon settler = NodeDaemon.start(a)) {
            aId = settler.id();
            assertThat(settler.served()).isPresent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/keys/a.key"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.node().dataDir())))
                    .isEqualTo("rwx------");
            NodeConfig b = config("b", "[gossip]\np2p_address = 127.0.0.1:0\nbootstrapper = " + settler.address()
                    + "\n[node]\nadmission_difficulty = 256\napp_address = 127.0.0.1:0\n");
            try (NodeDaemon relay = NodeDaemon.start(b)) {
                long until = System.nanoTime() + 15_000_000_000L;
                while (!(relay.host().call(e -> e.peers()).contains(aId)
                        && settler.host().call(e -> e.peers()).contains(relay.id())) && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(relay.host().<java.util.List<PublicKey>>call(e -> e.peers())).containsExactly(aId);
                assertThat(settler.host().<java.util.List<PublicKey>>call(e -> e.peers())).containsExactly(relay.id());
            }
        }
        // a restart keeps the identity
        try (NodeDaemon again = NodeDaemon.start(a)) {
            assertThat(again.id()).isEqualTo(aId);
        }
    }

    @Test
    void aDaveSectionRunsADaveNodeThatJoinsItsBootstrapAndClosesWithTheDaemon() throws Exception {
        String plain = "[gossip]\np2p_address = 127.0.0.1:0\n[node]\nadmission_difficulty = 256\n"
                + "app_address = 127.0.0.1:0\n";
        try (NodeDaemon noDave = NodeDaemon.start(config("p", plain))) {
            assertThat(noDave.dave()).isEmpty();
        }
        try (DaveHost peer = DaveHost.start(new InetSocketAddress("127.0.0.1", 0),
                DaveConfig.defaults().withStore(2, 1 << 20), List.of(), DaveHost.Listener.none())) {
            NodeConfig c = config("d", plain + "[dave]\nlisten = 127.0.0.1:0\nbootstrap = " + peer.addressText()
                    + "\nwork_to_store = 2\nstore_mb = 1\n");
            DaveHost dave;
            DaveMsg dat = DaveWork.solve(new byte[0], "via the daemon".getBytes(StandardCharsets.UTF_8), new byte[0], 2,
                    new SecureRandom());
            try (NodeDaemon node = NodeDaemon.start(c)) {
                dave = node.dave().orElseThrow();
                assertThat(dave.address().getAddress().isLoopbackAddress()).isTrue();
                assertThat(dave.address().getPort()).isPositive();
                dave.set(dat); // stored there and sent to its only peer, the bootstrap
                Optional<DaveMsg> got = peer.get(dat.work(), Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < 5 && got.isEmpty(); i++) { // UDP, loopback: a retry covers a lost datagram
                    got = peer.get(dat.work(), Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
                }
                assertThat(got).map(DaveMsg::val).hasValueSatisfying(v -> assertThat(v).isEqualTo(dat.val()));
                assertThat(dave.stats().get(5, TimeUnit.SECONDS).stored()).isEqualTo(1);
            }
            // closed with the daemon: its requests are refused, its gets come back empty
            assertThat(dave.get(dat.work(), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(dave.stats()).isCompletedExceptionally();
        }
    }
}
