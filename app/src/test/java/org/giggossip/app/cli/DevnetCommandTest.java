package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg devnet}'s files and refusals, without starting a node (DevnetProcessesTest starts them). */
class DevnetCommandTest {
    @TempDir
    Path dir;

    @Test
    void aNewDevnetHasAServingHubAndSpokesThatNameItWithDistinctPortsAndVariedPrices() throws Exception {
        Path net = dir.resolve("net");
        List<DevnetCommand.Member> members = DevnetCommand.create(net, 3);

        assertThat(members).extracting(DevnetCommand.Member::name)
                .containsExactly("hub", "rider", "driver-1", "driver-2", "driver-3");
        assertThat(DevnetCommand.members(net)).isEqualTo(members);
        assertThat(net.resolve(DevnetCommand.MARKER)).isRegularFile();
        List<NodeConfig> configs = new ArrayList<>();
        for (DevnetCommand.Member m : members) {
            NodeConfig cfg = NodeConfig.load(m.ini());
            assertThat(cfg.warnings()).as(m.name()).isEmpty();
            configs.add(cfg);
            // every key has a comment line just above it
            List<String> lines = Files.readAllLines(m.ini());
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith(";") && lines.get(i).contains(" = ")) {
                    assertThat(lines.get(i - 1)).as(m.name() + ": the line above " + lines.get(i)).startsWith("; ");
                }
            }
        }
        PublicKey hub = KeyFile.load(configs.getFirst().identity()).publicKey();
        assertThat(configs.getFirst().settler().serve()).isTrue();
        assertThat(configs.getFirst().gossip().bootstrappers()).isEmpty();
        HostPort hubAt = configs.getFirst().gossip().p2pAddress();
        for (NodeConfig spoke : configs.subList(1, configs.size())) {
            assertThat(spoke.settler().serve()).isFalse();
            assertThat(spoke.gossip().bootstrappers()).containsExactly(
                    new HostPort(java.util.Optional.of(hub), hubAt.host(), hubAt.port()));
            assertThat(spoke.settler().address()).contains(spoke.gossip().bootstrappers().getFirst());
        }
        assertThat(configs.get(1).worker().priceSat()).isEmpty();
        assertThat(configs.get(1).node().offerWindowS()).isEqualTo(DevnetCommand.RIDER_OFFER_WINDOW_S);
        assertThat(configs.subList(2, 5)).extracting(c -> c.worker().priceSat().orElseThrow())
                .containsExactly(12_000L, 13_000L, 14_000L);
        assertThat(configs.get(3).worker().message()).isEqualTo("hello from driver-2 of the devnet");
        Set<Integer> ports = new HashSet<>();
        for (NodeConfig c : configs) {
            ports.add(c.gossip().p2pAddress().port());
            ports.add(c.gossip().apiAddress().port());
            ports.add(c.node().appAddress().port());
        }
        assertThat(ports).hasSize(15).doesNotContain(0);
    }

    @Test
    void statusOfAStoppedDevnetSaysSoAndDownCleanDeletesIt() throws Exception {
        Path net = dir.resolve("net");
        DevnetCommand.create(net, 1);
        CapturedGg gg = new CapturedGg();

        assertThat(gg.run("devnet", "status", "--dir", net.toString())).as(gg.err()).isEqualTo(3);
        assertThat(gg.out().lines()).hasSize(3).allSatisfy(l -> assertThat(l).endsWith("  stopped"));

        assertThat(gg.run("devnet", "down", "--dir", net.toString(), "--clean")).as(gg.err()).isZero();
        assertThat(gg.out()).contains("no node of " + net + " was running").contains("deleted " + net);
        assertThat(net).doesNotExist();
    }

    @Test
    void refusesBadArgumentsAndADirectoryThatIsNotADevnet() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("keep.txt"), "mine");
        CapturedGg gg = new CapturedGg();

        assertThat(gg.run("devnet", "up", "--dir", dir.resolve("n").toString(), "--drivers", "0")).isEqualTo(2);
        assertThat(gg.run("devnet", "up", "--dir", dir.resolve("n").toString(), "--drivers", "33")).isEqualTo(2);
        assertThat(dir.resolve("n")).doesNotExist();
        assertThat(gg.run("devnet", "up", "--dir", other.toString())).isEqualTo(2);
        assertThat(gg.err()).contains(other + " exists and is not a devnet");
        assertThat(gg.run("devnet", "down", "--dir", other.toString(), "--clean")).isEqualTo(1);
        assertThat(gg.run("devnet", "status", "--dir", other.toString())).isEqualTo(1);
        assertThat(gg.err()).contains("no devnet in " + other);
        assertThat(Files.readString(other.resolve("keep.txt"))).isEqualTo("mine");

        Path net = dir.resolve("net");
        DevnetCommand.create(net, 2);
        assertThat(gg.run("devnet", "up", "--dir", net.toString(), "--drivers", "3")).isEqualTo(2);
        assertThat(gg.err()).contains("holds a devnet with 2 driver(s)");
    }

    @Test
    void aPidFileNamesALiveProcessOnlyWithItsStartInstant() throws Exception {
        DevnetCommand.Member m = new DevnetCommand.Member("hub", Files.createDirectories(dir.resolve("hub")));
        ProcessHandle self = ProcessHandle.current();
        String started = self.info().startInstant().orElseThrow().toString();

        Files.writeString(m.pidFile(), self.pid() + "\nstarted " + started + "\n");
        assertThat(DevnetCommand.live(m)).contains(self);
        Files.writeString(m.pidFile(), self.pid() + "\nstarted 2001-01-01T00:00:00Z\n");
        assertThat(DevnetCommand.live(m)).as("the pid, reused by another process").isEmpty();
        Files.writeString(m.pidFile(), "not a pid\n");
        assertThat(DevnetCommand.live(m)).isEmpty();
        Files.writeString(m.pidFile(), "-1\n");
        assertThat(DevnetCommand.live(m)).isEmpty();
        Files.delete(m.pidFile());
        assertThat(DevnetCommand.live(m)).isEmpty();
    }
}
