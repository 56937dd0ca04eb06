package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.giggossip.node.api.PeerView;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemons in one JVM on 127.0.0.1: keys, data directory, bootstrap links, restart. */
class NodeDaemonTest {
    /** A bound on waits for the daemons' threads (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(30);

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
        NodeConfig a = config("a", "hostkey = keys/a.key\n[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n[settler]\nserve = true\n"
                + "[node]\nadmission_difficulty = 256\napp_address = 127.0.0.1:0\n");
        PublicKey aId;
        try (NodeDaemon settler = NodeDaemon.start(a)) {
            aId = settler.id();
            assertThat(settler.served()).isPresent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/keys/a.key"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.node().dataDir())))
                    .isEqualTo("rwx------");
            NodeConfig b = config("b", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\nbootstrapper = " + settler.address()
                    + "\n[node]\nadmission_difficulty = 256\napp_address = 127.0.0.1:0\n");
            try (NodeDaemon relay = NodeDaemon.start(b)) {
                await("the relay and the settler to link").atMost(WAIT)
                        .until(() -> relay.host().call(e -> e.peers()).contains(aId)
                                && settler.host().call(e -> e.peers()).contains(relay.id()));
                assertThat(relay.host().<java.util.List<PublicKey>>call(e -> e.peers())).containsExactly(aId);
                assertThat(settler.host().<java.util.List<PublicKey>>call(e -> e.peers())).containsExactly(relay.id());
            }
        }
        // a restart keeps the identity
        try (NodeDaemon again = NodeDaemon.start(a)) {
            assertThat(again.id()).isEqualTo(aId);
        }
    }

    /** Waits until {@code node}'s app API lists {@code peer}; returns that view. */
    private static PeerView peerOf(NodeDaemon node, PublicKey peer) {
        return await("a link to " + peer.hex().substring(0, 12) + " in the app API").atMost(WAIT)
                .until(() -> node.api().peers().stream().filter(p -> p.id().equals(peer)).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void peersShowWhoDialledSinceWhenTheLinkIsUpAndHowOftenItCameBack() throws Exception {
        NodeConfig a = config("pa", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n"
                + "[node]\nadmission_difficulty = 256\napp_address = 127.0.0.1:0\n");
        java.time.Instant before = java.time.Instant.now();
        try (NodeDaemon hub = NodeDaemon.start(a)) {
            NodeConfig b = config("pb", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n"
                    + "bootstrapper = " + hub.address() + "\n[node]\nadmission_difficulty = 256\n"
                    + "app_address = 127.0.0.1:0\n");
            // the spoke starts later than the hub: a link's since is not the start time
            await("the clock to pass the hub's start").atMost(WAIT).pollInterval(Duration.ofMillis(1))
                    .until(() -> java.time.Instant.now().isAfter(hub.api().status().started()));
            try (NodeDaemon spoke = NodeDaemon.start(b)) {
                PeerView dialled = peerOf(spoke, hub.id());
                PeerView accepted = peerOf(hub, spoke.id());
                assertThat(dialled.outbound()).isTrue();
                assertThat(dialled.direction()).isEqualTo("outbound");
                assertThat(accepted.direction()).isEqualTo("inbound");
                assertThat(accepted.since()).isAfter(hub.api().status().started()).isAfterOrEqualTo(before);
                assertThat(dialled.reconnects()).isZero();
                assertThat(accepted.reconnects()).isZero();

                hub.host().links().disconnect(spoke.id(), "test: relink");
                await("the hub to drop the first link").atMost(WAIT)
                        .until(() -> hub.api().peers().stream().noneMatch(p -> p.id().equals(spoke.id())
                                && p.since().equals(accepted.since())));
                spoke.host().connect(hub.id(), hub.host().links().listenAddress().orElseThrow())
                        .get(15, TimeUnit.SECONDS);
                PeerView hubSide = peerOf(hub, spoke.id());
                PeerView spokeSide = peerOf(spoke, hub.id());
                assertThat(hubSide.reconnects()).isEqualTo(1);
                assertThat(spokeSide.reconnects()).isEqualTo(1);
                assertThat(hubSide.since()).isAfter(accepted.since());
                assertThat(hubSide.outbound()).isNotEqualTo(spokeSide.outbound());
            }
        }
    }

    @Test
    void aDaveSectionRunsADaveNodeThatJoinsItsBootstrapAndClosesWithTheDaemon() throws Exception {
        String plain = "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n[node]\nadmission_difficulty = 256\n"
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

    /**
     * Two nodes whose files hold only the VoidPhone keys (seed 003): the hostkey files do not exist
     * yet, the second names the first as a bare host:port, and both want the default app API port.
     */
    @Test
    void nodesWithOnlyTheVoidPhoneKeysStartAndLinkThroughABareBootstrapper() throws Exception {
        int p2p = freePort();
        NodeConfig a = config("va", "hostkey = keys/hostkey.pem\n[gossip]\ncache_size = 50\ndegree = 30\n"
                + "p2p_address = 127.0.0.1:" + p2p + "\napi_address = 127.0.0.1:0\n");
        NodeConfig b = config("vb", "hostkey = keys/hostkey.pem\n[gossip]\ncache_size = 50\ndegree = 30\n"
                + "bootstrapper = 127.0.0.1:" + p2p + "\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n");
        try (NodeDaemon first = NodeDaemon.start(a); NodeDaemon second = NodeDaemon.start(b)) {
            assertThat(Files.isRegularFile(dir.resolve("va/keys/hostkey.pem"))).isTrue();
            assertThat(Files.isRegularFile(dir.resolve("vb/keys/hostkey.pem"))).isTrue();
            assertThat(first.apiAddress().getPort()).isNotEqualTo(second.apiAddress().getPort());
            await("the second node to link to the first").atMost(WAIT)
                    .until(() -> second.host().<java.util.List<PublicKey>>call(e -> e.peers()).contains(first.id()));
            assertThat(second.host().<java.util.List<PublicKey>>call(e -> e.peers())).containsExactly(first.id());
        }
    }

    /** A node listening on every interface tells its peers to dial it where they see it connect from. */
    @Test
    void aWildcardListenAddressIsNeverAdvertised() {
        assertThat(NodeDaemon.advertisedHost(new InetSocketAddress("0.0.0.0", 6001))).isEmpty();
        assertThat(NodeDaemon.advertisedHost(new InetSocketAddress("::", 6001))).isEmpty();
        assertThat(NodeDaemon.advertisedHost(new InetSocketAddress("127.0.0.1", 6001))).isEqualTo("127.0.0.1");
        assertThat(NodeDaemon.advertisedHost(InetSocketAddress.createUnresolved("node.example", 6001)))
                .isEqualTo("node.example");
    }

    /** A VoidPhone hostkey is an RSA PEM; ours is secp256k1: refused, naming the file, nothing started. */
    @Test
    void anRsaHostkeyIsRefusedWithItsName() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.createDirectories(dir.resolve("rsa")).resolve("hostkey.pem");
        Files.writeString(key, pem);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        NodeConfig c = config("rsa", "hostkey = hostkey.pem\n[gossip]\np2p_address = 127.0.0.1:0\n"
                + "api_address = 127.0.0.1:0\n[node]\napp_address = 127.0.0.1:0\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeDaemon.start(c).close())
                .isInstanceOf(org.giggossip.core.crypto.KeyFileException.class)
                .hasMessageContaining("hostkey.pem");
    }

    /**
     * A start that fails half-way (here: the metrics address is taken, after the settler, the
     * links, the VoidPhone API and the app API are up) closes exactly what it opened: the served
     * settler's thread ends and the p2p and VoidPhone ports are free again. The old constructor
     * cleaned up by hand and left the served settler and the store open.
     */
    @Test
    void aStartThatFailsHalfWayClosesWhatItOpened() throws Exception {
        int p2p = freePort();
        int gossipApi = freePort();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            NodeConfig c = config("half", "[gossip]\np2p_address = 127.0.0.1:" + p2p + "\napi_address = 127.0.0.1:"
                    + gossipApi + "\n[settler]\nserve = true\n[node]\nadmission_difficulty = 256\n"
                    + "app_address = 127.0.0.1:0\n[metrics]\nlisten = 127.0.0.1:" + taken.getLocalPort() + "\n");
            long settlersBefore = threadsNamed("settler-and-ledger");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeDaemon.start(c).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
            await("the served settler to close").atMost(WAIT)
                    .until(() -> threadsNamed("settler-and-ledger") == settlersBefore);
            for (int port : new int[] {p2p, gossipApi}) {
                try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    assertThat(again.getLocalPort()).isEqualTo(port);
                }
            }
        }
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name)).count();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
