package org.giggossip.net.voidphone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ItemGossipLoop} over real BOLT 8 links on 127.0.0.1, with a recording delivery in place of the API. */
class ItemGossipLoopTest {
    /** A bound on waits for the links' threads (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TYPE = 540;
    private static final LinkConfig CONFIG = LinkConfig.defaults()
            .withAdmission(AdmissionPolicy.ofDifficulty(256, Duration.ofSeconds(5)));
    private final PowSolver solver = new PowSolver(1, InstantSource.system());
    private final List<AutoCloseable> all = new ArrayList<>();

    /** A delivered item. */
    record Got(long id, String text) {}

    /** One node: links, the loop, and a delivery that records and answers a fixed verdict. */
    final class Node implements ItemDelivery {
        final PrivateKey key = PrivateKey.generate(RANDOM);
        final ItemGossipLoop loop = new ItemGossipLoop(new ItemGossip(ItemGossipConfig.of(50, 5), RANDOM),
                Clock.systemUTC(), "t");
        final Links links = Links.builder(key, loop)
                .config(CONFIG).random(RANDOM).clock(InstantSource.system()).solver(AdmissionSolver.of(solver)).build();
        final BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        final InetSocketAddress address;
        volatile Boolean verdict = true; // null: a subscriber that never answers; subscribers 0 when absent
        volatile boolean subscribed = true;

        Node() {
            loop.transport(ItemGossipLoop.Transport.of(links)).deliverTo(this);
            all.add(links);
            all.add(loop);
            address = links.listen(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public int deliver(long itemId, int dataType, byte[] data) {
            if (!subscribed) {
                return 0;
            }
            got.add(new Got(itemId, new String(data, StandardCharsets.UTF_8)));
            Boolean v = verdict;
            if (v != null) {
                loop.validated(itemId, v); // from the delivering thread, as a module answering at once would
            }
            return 1;
        }

        void link(Node other) throws Exception {
            links.connect(other.key.publicKey(), other.address).get(10, TimeUnit.SECONDS);
            await("both loops to list the new link's peer").atMost(WAIT)
                    .until(() -> loop.peers().contains(other.key.publicKey())
                            && other.loop.peers().contains(key.publicKey()));
        }

        Got next() throws InterruptedException {
            Got g = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(g).as("an item within " + WAIT).isNotNull();
            return g;
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : all) {
            c.close();
        }
    }

    /** Three nodes linked a - b - c. */
    private List<Node> line3() throws Exception {
        List<Node> line = List.of(new Node(), new Node(), new Node());
        line.get(0).link(line.get(1));
        line.get(1).link(line.get(2));
        return line;
    }

    @Test
    void anItemCrossesALineOfThreeNodesOverRealLinks() throws Exception {
        List<Node> line = line3();
        Node a = line.get(0);
        Node b = line.get(1);
        Node c = line.get(2);
        a.loop.announce(0, TYPE, "over the wire".getBytes(StandardCharsets.UTF_8));
        assertThat(a.next().text()).isEqualTo("over the wire");
        assertThat(b.next().text()).isEqualTo("over the wire");
        assertThat(c.next().text()).isEqualTo("over the wire");
        await("b to send the item on once, with no duplicate at a or c").atMost(WAIT)
                .until(() -> a.loop.stats().duplicates() + c.loop.stats().duplicates() == 0
                        && b.loop.stats().sent() == 1);
    }

    @Test
    void invalidItemsStopAtTheFirstHopAndTheThirdClosesTheLink() throws Exception {
        List<Node> line = line3();
        Node a = line.get(0);
        Node b = line.get(1);
        Node c = line.get(2);
        b.verdict = false;
        for (int i = 1; i <= 3; i++) {
            a.loop.announce(0, TYPE, ("bad " + i).getBytes(StandardCharsets.UTF_8));
            assertThat(b.next().text()).isEqualTo("bad " + i);
        }
        await("b to close its link to a").atMost(WAIT).until(() -> !b.links.peers().contains(a.key.publicKey()));
        assertThat(c.got.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the second hop").isNull();
        assertThat(b.loop.stats().invalid()).isEqualTo(3);
        assertThat(b.links.peers()).containsExactly(c.key.publicKey());
    }

    @Test
    void aMalformedItemBodyClosesTheLink() throws Exception {
        Node a = new Node();
        Node b = new Node();
        a.link(b);
        assertThat(a.links.send(b.key.publicKey(), MessageType.ITEM, new byte[] {0, 1})).isTrue();
        await("b to close its only link").atMost(WAIT).until(() -> b.links.peers().isEmpty());
        assertThat(b.loop.stats().delivered()).isZero();
    }
}
