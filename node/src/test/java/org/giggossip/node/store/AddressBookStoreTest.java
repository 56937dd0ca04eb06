package org.giggossip.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.net.discovery.AddressEntry;
import org.giggossip.net.discovery.Discovery;
import org.giggossip.net.discovery.DiscoveryCodec;
import org.giggossip.net.discovery.DiscoveryConfig;
import org.giggossip.net.discovery.DiscoveryMessage;
import org.giggossip.net.discovery.DiscoveryOutput;
import org.giggossip.net.discovery.PeerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AddressBookStore} on a real SQLite file, reopened as a restarted daemon would. */
class AddressBookStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final SecureRandom RANDOM = TestRandom.seeded(3);

    @TempDir
    Path dir;

    private final NodeStoreTest.MutableClock clock = new NodeStoreTest.MutableClock(T0);
    private NodeStore store;

    @BeforeEach
    void open() {
        store = NodeStore.open(dir.resolve("node.db"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AddressBookStore restart() {
        store.close();
        store = NodeStore.open(dir.resolve("node.db"), clock);
        return new AddressBookStore(store.peers());
    }

    @Test
    void countersFollowSeed004AndSurviveARestart() {
        AddressBookStore s = new AddressBookStore(store.peers());
        PeerAddress a = new PeerAddress(PrivateKey.generate(RANDOM).publicKey(), "::1", 9735);
        s.upsert(a);
        assertThat(restart().loadAll()).containsExactly(new AddressEntry(a, Instant.EPOCH, 0, 0));
        s = restart();
        s.markSeen(a.id(), T0);
        s.recordPing(a.id());
        s.recordPing(a.id());
        s.recordDrop(a.id());
        s.recordPing(a.id());
        PeerAddress moved = new PeerAddress(a.id(), "peer.example", 1);
        s.upsert(moved); // a new address keeps the counters
        assertThat(restart().loadAll()).containsExactly(new AddressEntry(moved, T0, 1, 1));
        s = restart();
        s.markSeen(a.id(), T0.plusSeconds(5));
        assertThat(s.loadAll()).containsExactly(new AddressEntry(moved, T0.plusSeconds(5), 0, 0));
        s.remove(a.id());
        assertThat(restart().loadAll()).isEmpty();
    }

    @Test
    void discoveryRestartsOverTheSameFile() {
        PublicKey self = PrivateKey.generate(RANDOM).publicKey();
        PublicKey peer = PrivateKey.generate(RANDOM).publicKey();
        Discovery d = new Discovery(self, DiscoveryConfig.defaults(), new AddressBookStore(store.peers()), RANDOM);
        d.linkUp(peer, false, "192.0.2.1");
        d.message(peer, DiscoveryCodec.encode(new DiscoveryMessage.Ping(1, "", 4000)), T0);
        List<DiscoveryOutput> out = d.tick(T0);
        var ping = (DiscoveryMessage.Ping) out.stream().filter(DiscoveryOutput.Send.class::isInstance)
                .map(o -> ((DiscoveryOutput.Send) o).message()).filter(DiscoveryMessage.Ping.class::isInstance)
                .findFirst().orElseThrow();
        d.message(peer, DiscoveryCodec.encode(ping.pong("", 4000)), T0.plusSeconds(1));

        Discovery again = new Discovery(self, DiscoveryConfig.defaults(), restart(), RANDOM);
        assertThat(again.entry(peer)).contains(
                new AddressEntry(new PeerAddress(peer, "192.0.2.1", 4000), T0.plusSeconds(1), 0, 0));
    }
}
