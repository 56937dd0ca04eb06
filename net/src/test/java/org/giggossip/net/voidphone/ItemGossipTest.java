package org.giggossip.net.voidphone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty;
import org.junit.jupiter.api.Test;

class ItemGossipTest {
    private static final int TYPE = 1337;

    private static ItemNet net(int n, int cache, int degree) {
        return new ItemNet(n, ItemGossipConfig.of(cache, degree));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unlimitedTtlReachesEveryNodeOfALineOnceAndTheAnnouncerToo() {
        ItemNet net = net(6, 50, 3).line();
        net.nodes.forEach(n -> n.accept(TYPE));
        net.announce(0, 0, TYPE, "hello");
        for (ItemNet.Node n : net.nodes) {
            assertEquals(1, n.count("hello"), "node " + n.index);
        }
        // never sent back to the sender: on a line each node forwards to its one other neighbour only
        assertEquals(5, net.nodes.stream().mapToInt(n -> n.sends.size()).sum());
    }

    @Test
    void ttlCountsHopsFromTheAnnouncer() {
        for (int ttl = 1; ttl <= 4; ttl++) {
            ItemNet net = net(7, 50, 3).line();
            net.nodes.forEach(n -> n.accept(TYPE));
            net.announce(0, ttl, TYPE, "t" + ttl);
            for (ItemNet.Node n : net.nodes) {
                assertEquals(n.index <= ttl ? 1 : 0, n.count("t" + ttl), "ttl " + ttl + " at hop " + n.index);
            }
        }
    }

    @Test
    void forwardedFramesCarryTheDecrementedTtl() {
        ItemNet net = net(3, 50, 3).line();
        net.nodes.forEach(n -> n.accept(TYPE));
        net.announce(0, 5, TYPE, "x");
        assertEquals(5, ItemFrame.decode(net.node(0).sends.get(0).body()).orElseThrow().ttl());
        assertEquals(4, ItemFrame.decode(net.node(1).sends.get(0).body()).orElseThrow().ttl());
        net.announce(0, 0, TYPE, "unlimited");
        assertEquals(0, ItemFrame.decode(net.node(1).sends.get(1).body()).orElseThrow().ttl());
    }

    @Test
    void invalidItemsStopAtTheFirstHopAndCountAgainstTheSender() {
        ItemNet net = net(3, 50, 3).line();
        net.node(0).accept(TYPE);
        net.node(1).subscribe(TYPE, d -> !new String(d, StandardCharsets.UTF_8).startsWith("bad"));
        net.node(2).accept(TYPE);
        net.announce(0, 0, TYPE, "bad1");
        assertEquals(1, net.node(1).count("bad1"));
        assertEquals(0, net.node(2).count("bad1"));
        assertTrue(net.node(1).sends.isEmpty());
        assertEquals(List.of(new ItemOutput.Penalise(net.node(0).id, Penalty.minor(Penalty.Reason.INVALID_ITEM,
                "data type 1337 (1 of 3 within PT10M)"))), net.node(1).penalties);
        net.announce(0, 0, TYPE, "good");
        assertEquals(1, net.node(2).count("good"));
        assertEquals(2, net.node(0).gossip.stats().delivered(), "the announcer delivers both locally");
    }

    @Test
    void theThirdInvalidItemWithinTheWindowClosesTheLinkAndLaterOnesAgainAfterARedial() {
        ItemNet net = net(2, 50, 3).line();
        net.node(1).subscribe(TYPE, d -> false);
        net.announce(0, 0, TYPE, "a");
        net.later(Duration.ofMinutes(11)); // "a" no longer counts
        net.announce(0, 0, TYPE, "b");
        net.announce(0, 0, TYPE, "c");
        assertEquals(List.of(false, false, false), net.node(1).penalties.stream().map(ItemOutput.Penalise::close)
                .toList());
        assertTrue(net.node(1).gossip.peers().contains(net.node(0).id));
        net.announce(0, 0, TYPE, "d");
        assertTrue(net.node(1).penalties.get(3).close());
        assertFalse(net.node(1).gossip.peers().contains(net.node(0).id), "the link is closed");
        net.link(0, 1); // the peer redials
        net.announce(0, 0, TYPE, "e");
        assertTrue(net.node(1).penalties.get(4).close(), "still within the window: closed at once");
    }

    @Test
    void oneValidSubscriberIsEnoughButAllInvalidDrops() {
        ItemNet net = net(3, 50, 3).line();
        net.node(1).subscribe(TYPE, d -> false).subscribe(TYPE, d -> d[0] == 'o');
        net.node(2).accept(TYPE);
        net.announce(0, 0, TYPE, "ok");
        assertEquals(1, net.node(2).count("ok"));
        net.announce(0, 0, TYPE, "no");
        assertEquals(0, net.node(2).count("no"));
        assertEquals(1, net.node(1).penalties.size());
        assertEquals(1, net.node(1).gossip.stats().invalid());
    }

    @Test
    void itemsNoLocalModuleSubscribesToAreNeitherKeptNorSpread() {
        ItemNet net = net(3, 50, 3).line();
        net.node(2).accept(TYPE);
        net.node(1).accept(TYPE + 1); // another type only
        net.announce(0, 0, TYPE, "orphan");
        assertEquals(0, net.node(2).count("orphan"));
        assertEquals(List.of(new ItemOutput.Dropped(net.node(0).id, ItemOutput.Reason.NO_SUBSCRIBER)),
                net.node(1).dropped);
        assertEquals(0, net.node(1).gossip.stats().pending());
        assertTrue(net.node(1).penalties.isEmpty(), "not the sender's fault");
    }

    @Test
    void duplicatesAreNotifiedOncePerNode() {
        ItemNet net = net(8, 50, 7).fullMesh();
        net.nodes.forEach(n -> n.accept(TYPE));
        net.announce(0, 0, TYPE, "dup");
        net.announce(0, 0, TYPE, "dup");
        net.announce(3, 0, TYPE, "dup");
        for (ItemNet.Node n : net.nodes) {
            assertEquals(1, n.count("dup"), "node " + n.index);
        }
        long duplicates = net.nodes.stream().mapToLong(n -> n.gossip.stats().duplicates()).sum();
        assertTrue(duplicates > 0, "the full mesh sends copies along several paths");
        // the ttl is not part of the content id
        net.announce(5, 3, TYPE, "dup");
        assertEquals(1, net.node(5).count("dup"));
    }

    @Test
    void contentIdCoversTypeAndData() {
        assertEquals(32, ItemGossip.contentId(1, utf8("a")).length);
        assertNotEquals(List.of(ItemGossip.contentId(1, utf8("a"))), List.of(ItemGossip.contentId(2, utf8("a"))));
        ItemNet net = net(2, 50, 3).line();
        net.nodes.forEach(n -> n.accept(TYPE).accept(TYPE + 1));
        net.announce(0, 0, TYPE, "same");
        net.announce(0, 0, TYPE + 1, "same");
        assertEquals(2, net.node(1).count("same"));
    }

    @Test
    void degreePicksDistinctPeersNeverTheSenderAndUniformly() {
        ItemNet net = net(11, 50, 3);
        for (int i = 1; i <= 10; i++) {
            net.link(0, i);
        }
        ItemNet.Node hub = net.node(0);
        hub.accept(TYPE);
        PublicKey sender = net.node(1).id;
        Map<PublicKey, Integer> chosen = new HashMap<>();
        int rounds = 3_000;
        for (int r = 0; r < rounds; r++) {
            List<ItemOutput> out = hub.gossip.onItem(sender, new ItemFrame(0, TYPE, utf8("u" + r)).encode(),
                    net.now);
            long id = ((ItemOutput.Deliver) out.get(0)).itemId();
            hub.gossip.delivered(id, 1, net.now);
            Set<PublicKey> to = new HashSet<>();
            for (ItemOutput o : hub.gossip.validated(id, true, net.now)) {
                PublicKey p = ((ItemOutput.Send) o).peer();
                assertNotEquals(sender, p);
                assertTrue(to.add(p), "no repeats");
                chosen.merge(p, 1, Integer::sum);
            }
            assertEquals(3, to.size());
        }
        assertEquals(9, chosen.size());
        double expected = rounds * 3 / 9.0; // 1,000 each
        for (int count : chosen.values()) {
            assertTrue(Math.abs(count - expected) < 150, "uniform within 15 %: " + chosen.values());
        }
    }

    @Test
    void peersThatSentTheItemWhileItWaitedAreNotSentItAgain() {
        ItemNet net = net(5, 50, 30);
        for (int i = 1; i <= 4; i++) {
            net.link(0, i);
        }
        ItemGossip hub = net.node(0).gossip;
        byte[] body = new ItemFrame(0, TYPE, utf8("twice")).encode();
        long id = ((ItemOutput.Deliver) hub.onItem(net.node(1).id, body, net.now).get(0)).itemId();
        hub.delivered(id, 1, net.now);
        assertEquals(List.of(new ItemOutput.Dropped(net.node(2).id, ItemOutput.Reason.DUPLICATE)),
                hub.onItem(net.node(2).id, body, net.now));
        Set<PublicKey> to = new HashSet<>();
        for (ItemOutput o : hub.validated(id, true, net.now)) {
            to.add(((ItemOutput.Send) o).peer());
        }
        assertEquals(Set.of(net.node(3).id, net.node(4).id), to);
    }

    @Test
    void aModuleAnnouncingAnItemAwaitingValidationVouchesForIt() {
        ItemNet net = net(3, 50, 3).line();
        net.node(1).subscribe(TYPE, null); // never validates
        net.node(2).accept(TYPE);
        net.announce(0, 0, TYPE, "vouched");
        assertEquals(1, net.node(1).count("vouched"));
        assertEquals(0, net.node(2).count("vouched"), "waits for a validation");
        net.announce(1, 1, TYPE, "vouched");
        assertEquals(1, net.node(2).count("vouched"));
        assertEquals(1, net.node(1).count("vouched"), "not notified again");
        assertEquals(1, net.node(1).sends.size(), "not back to the sender");
        assertEquals(0, net.node(1).gossip.stats().pending());
    }

    @Test
    void fewerPeersThanTheDegreeGetItAll() {
        ItemNet net = net(4, 50, 30);
        net.link(0, 1);
        net.link(0, 2);
        net.link(0, 3);
        net.node(0).accept(TYPE);
        net.announce(0, 0, TYPE, "all");
        assertEquals(3, net.node(0).sends.size());
    }

    @Test
    void theCacheEvictsTheOldestUnvalidatedItem() {
        ItemNet net = net(3, 2, 3).line();
        net.node(1).subscribe(TYPE, null); // never answers: items wait in the cache
        net.node(2).accept(TYPE);
        net.announce(0, 0, TYPE, "i1");
        net.announce(0, 0, TYPE, "i2");
        net.announce(0, 0, TYPE, "i3");
        ItemNet.Node mid = net.node(1);
        assertEquals(2, mid.gossip.stats().pending());
        assertEquals(List.of(new ItemOutput.Dropped(net.node(0).id, ItemOutput.Reason.EVICTED)), mid.dropped);
        List<Long> ids = mid.deliveredIds;
        net.apply(mid, mid.gossip.validated(ids.get(0), true, net.now)); // evicted: nothing
        net.run();
        assertEquals(0, net.node(2).count("i1"));
        net.apply(mid, mid.gossip.validated(ids.get(2), true, net.now));
        net.apply(mid, mid.gossip.validated(ids.get(2), true, net.now)); // repeated: nothing more
        net.run();
        assertEquals(1, net.node(2).count("i3"));
        assertEquals(1, mid.sends.size());
    }

    @Test
    void aValidationBeforeTheSubscriberCountStillCounts() {
        ItemNet net = net(2, 50, 3).line();
        ItemNet.Node b = net.node(1);
        PublicKey a = net.node(0).id;
        long id = ((ItemOutput.Deliver) b.gossip.onItem(a, new ItemFrame(0, TYPE, utf8("x")).encode(), net.now)
                .get(0)).itemId();
        assertTrue(b.gossip.validated(id, false, net.now).isEmpty(), "one of an unknown number said invalid");
        List<ItemOutput> out = b.gossip.delivered(id, 1, net.now);
        assertEquals(ItemOutput.Reason.INVALID, ((ItemOutput.Dropped) out.get(0)).reason());
        assertEquals(a, ((ItemOutput.Penalise) out.get(1)).peer());
    }

    @Test
    void aMalformedBodyClosesTheLink() {
        ItemNet net = net(2, 50, 3).line();
        net.inject(net.node(1), net.node(0).id, new byte[] {1, 2});
        assertTrue(net.node(1).penalties.get(0).close());
        assertEquals(Penalty.Reason.UNDECODABLE, net.node(1).penalties.get(0).penalty().reason());
        assertEquals(ItemOutput.Reason.MALFORMED, net.node(1).dropped.get(0).reason());
        assertTrue(net.node(1).gossip.peers().isEmpty());
    }

    @Test
    void theSeenSetIsBoundedAndLargerThanTheCache() {
        ItemGossip g = new ItemGossip(new ItemGossipConfig(1, 1, 3, 3, Duration.ofMinutes(1)), new Random(1));
        var now = java.time.Instant.EPOCH;
        for (String s : new String[] {"a", "b", "c"}) {
            assertEquals(1, g.announce(0, 1, utf8(s), now).size());
        }
        assertTrue(g.announce(0, 1, utf8("a"), now).isEmpty(), "still remembered");
        g.announce(0, 1, utf8("d"), now); // forgets "a", the oldest
        assertEquals(1, g.announce(0, 1, utf8("a"), now).size());
        assertEquals(3, g.stats().seen());
        assertThrows(IllegalArgumentException.class, () -> new ItemGossipConfig(5, 1, 5, 3, Duration.ofMinutes(1)));
        assertTrue(ItemGossipConfig.of(50, 30).seenSize() > 50);
    }

    @Test
    void announceRefusesOutOfRangeInput() {
        ItemGossip g = new ItemGossip(ItemGossipConfig.of(5, 5), new Random(1));
        var now = java.time.Instant.EPOCH;
        assertThrows(IllegalArgumentException.class, () -> g.announce(256, 1, new byte[0], now));
        assertThrows(IllegalArgumentException.class, () -> g.announce(0, 70_000, new byte[0], now));
        assertThrows(IllegalArgumentException.class, () -> g.announce(0, 1, new byte[ItemFrame.MAX_DATA + 1], now));
    }

    @Test
    void randomGraphsDeliverEachValidItemOnceEverywhere() {
        Random r = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + r.nextInt(20);
            ItemNet net = net(n, 50, 1 + r.nextInt(4)).line(); // connected
            for (int e = 0; e < n; e++) {
                int a = r.nextInt(n);
                int b = r.nextInt(n);
                if (a != b) {
                    net.link(a, b);
                }
            }
            net.nodes.forEach(x -> x.accept(TYPE));
            String item = "trial" + trial;
            net.announce(r.nextInt(n), 0, TYPE, item);
            int reached = 0;
            for (ItemNet.Node x : net.nodes) {
                assertTrue(x.count(item) <= 1, "never twice");
                reached += x.count(item);
            }
            assertTrue(reached >= 2, "beyond the announcer");
        }
    }
}
