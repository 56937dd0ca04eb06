package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.giggossip.core.crypto.PublicKey;
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
}
