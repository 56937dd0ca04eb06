package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.HashSet;
import java.util.Set;
import org.giggossip.net.dave.DaveOutput.Dropped;
import org.giggossip.net.dave.DaveOutput.Found;
import org.giggossip.net.dave.DaveOutput.Reason;
import org.giggossip.net.dave.DaveOutput.Send;
import org.giggossip.net.dave.DaveOutput.Stored;
import org.junit.jupiter.api.Test;

/**
 * {@link DaveNode} against the spec (dave-v1.md) and its bounds, in memory: single
 * nodes fed datagrams by hand and networks of 5+ nodes delivering each other's
 * {@link DaveOutput.Send}s by address while time steps by periods. The work function
 * is the spec's ({@link DaveWork}).
 */
class DaveNodeTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The spec's check, as the host wires it. */
    static int strength(DaveMsg m) {
        return DaveWork.check(m);
    }

    static byte[] work(byte[] prev, byte[] val, byte[] tag, byte[] nonce) {
        return DaveWork.work(prev, val, tag, nonce);
    }

    /** A SETDAT of {@code val} whose work has exactly {@code zeros} leading zero bytes (zeros at most 2). */
    static DaveMsg mine(String val, int zeros, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] v = val.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tag = "test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000_000; i++) {
            byte[] nonce = new byte[32];
            r.nextBytes(nonce);
            byte[] w = work(new byte[0], v, tag, nonce);
            int n = 0;
            while (n < w.length && w[n] == 0) {
                n++;
            }
            if (n == zeros) {
                return new DaveMsg(DaveMsg.Op.SETDAT, List.of(), new byte[0], w, nonce, v, tag);
            }
        }
        throw new AssertionError("no work found");
    }

    /** {@code m} as a DAT. */
    static DaveMsg asDat(DaveMsg m) {
        return new DaveMsg(DaveMsg.Op.DAT, List.of(), m.prev(), m.work(), m.nonce(), m.val(), m.tag());
    }

    static DaveConfig config(int workToStore, int workMinFanout) {
        DaveConfig d = DaveConfig.defaults();
        return new DaveConfig(d.period(), d.npeer(), d.tolerance(), d.drop(), d.distance(), d.fanoutGetdat(),
                d.fanoutSetdat(), workMinFanout, workToStore, d.storeBytes(), d.perSourcePerSecond(),
                d.maxDatAnswers());
    }

    /** Nodes by address; datagrams to an address with no node are lost (a dead peer). */
    static final class Net {
        final Map<String, DaveNode> nodes = new LinkedHashMap<>();
        final Map<String, List<DaveOutput>> events = new LinkedHashMap<>();
        final Deque<String[]> froms = new ArrayDeque<>();
        final Deque<DaveOutput.Send> queue = new ArrayDeque<>();
        final Duration period;
        Instant now = T0;
        long delivered;

        Net(Duration period) {
            this.period = period;
        }

        DaveNode add(String addr, DaveConfig config, List<String> bootstrap, long seed) {
            DaveNode n = new DaveNode(addr, config, bootstrap, DaveNodeTest::strength,
                    new SplittableRandom(seed));
            nodes.put(addr, n);
            events.put(addr, new ArrayList<>());
            return n;
        }

        /** Takes {@code out} of node {@code from}: queues its sends, records the rest. */
        void take(String from, List<DaveOutput> out) {
            for (DaveOutput o : out) {
                if (o instanceof DaveOutput.Send s) {
                    froms.add(new String[] {from});
                    queue.add(s);
                } else {
                    events.get(from).add(o);
                }
            }
        }

        /** Delivers queued datagrams until none is left (bounded). */
        void settle() {
            for (int i = 0; i < 100_000 && !queue.isEmpty(); i++) {
                DaveOutput.Send s = queue.poll();
                String from = froms.poll()[0];
                DaveNode to = nodes.get(s.to());
                if (to != null) {
                    delivered++;
                    take(s.to(), to.onDatagram(from, s.msg(), now));
                }
            }
            if (!queue.isEmpty()) {
                throw new AssertionError("network did not settle");
            }
        }

        /** One period: every node ticks, then everything is delivered. */
        void tick() {
            now = now.plus(period);
            for (Map.Entry<String, DaveNode> e : nodes.entrySet()) {
                take(e.getKey(), e.getValue().onTick(now));
            }
            settle();
        }
    }

    private static final DaveConfig TEST = config(1, 2);
    private static final Duration P = DaveConfig.defaults().period();

    private static List<Send> sends(List<DaveOutput> out) {
        return out.stream().filter(Send.class::isInstance).map(Send.class::cast).toList();
    }

    private static List<Reason> drops(List<DaveOutput> out) {
        return out.stream().filter(Dropped.class::isInstance).map(o -> ((Dropped) o).reason()).toList();
    }

    private static String addr(int i) {
        return "127.0.0.1:" + (40000 + i);
    }

    @Test
    void storesViaOneNodeAndFetchesViaAnotherAcrossFiveNodes() {
        Net net = new Net(P);
        for (int i = 0; i < 6; i++) {
            net.add(addr(i), TEST, i == 0 ? List.of() : List.of(addr(0)), 100 + i);
        }
        for (int t = 0; t < 20; t++) {
            net.tick();
        }
        for (DaveNode n : net.nodes.values()) {
            assertThat(n.peers().addresses()).hasSizeGreaterThanOrEqualTo(3);
        }
        // strength 1: stored (workToStore 1) by the node and the peers it sends to, forwarded by none (workMinFanout 2)
        DaveMsg set = mine("hello dave", 1, 7);
        net.take(addr(1), net.nodes.get(addr(1)).set(set, net.now));
        net.settle();
        List<String> holders = net.nodes.entrySet().stream()
                .filter(e -> e.getValue().store().contains(set.work())).map(Map.Entry::getKey).toList();
        assertThat(holders).contains(addr(1)).hasSize(1 + TEST.fanoutSetdat());
        String asker = net.nodes.keySet().stream().filter(a -> !holders.contains(a)).findFirst().orElseThrow();
        List<DaveOutput> first = net.nodes.get(asker).get(set.work(), net.now);
        assertThat(first).noneMatch(Found.class::isInstance);
        net.take(asker, first);
        net.settle();
        List<Found> found = net.events.get(asker).stream().filter(Found.class::isInstance).map(Found.class::cast)
                .toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).dat().val()).isEqualTo(set.val());
        assertThat(found.get(0).dat().op()).isEqualTo(DaveMsg.Op.DAT);
        // now held by the asker too: a second get is answered at once
        assertThat(net.nodes.get(asker).get(set.work(), net.now)).singleElement().isInstanceOf(Found.class);
    }

    @Test
    void livenessCountsDropsAfterTheSpecsPeriodsAndRemovesButNeverABootstrapPeer() {
        DaveNode a = new DaveNode(addr(0), DaveConfig.defaults(), List.of(), DaveNodeTest::strength,
                new SplittableRandom(1));
        String dead = addr(9);
        a.onDatagram(dead, DaveMsg.getPeer(), T0);
        // silent for longer than TOLERANCE*PERIOD: first ping at tick 3; a drop every TOLERANCE+1 pings;
        // removed after more than DROP*TOLERANCE drops: 9 drops = 27 pings, at tick 29
        for (int k = 1; k <= 28; k++) {
            List<Send> s = sends(a.onTick(T0.plus(P.multipliedBy(k))));
            assertThat(s).hasSize(k >= 3 ? 1 : 0);
            s.forEach(x -> assertThat(x.to()).isEqualTo(dead));
            s.forEach(x -> assertThat(x.msg()).isEqualTo(DaveMsg.getPeer()));
            assertThat(a.peers().drops(dead)).isEqualTo((k - 2) / 3);
        }
        assertThat(a.peers().contains(dead)).isTrue();
        a.onTick(T0.plus(P.multipliedBy(29)));
        assertThat(a.peers().contains(dead)).isFalse();

        String boot = addr(8);
        DaveNode b = new DaveNode(addr(1), DaveConfig.defaults(), List.of(boot), DaveNodeTest::strength,
                new SplittableRandom(2));
        for (int k = 1; k <= 200; k++) {
            b.onTick(T0.plus(P.multipliedBy(k)));
        }
        assertThat(b.peers().contains(boot)).isTrue();
        assertThat(b.peers().drops(boot)).isGreaterThan(DaveConfig.defaults().drop() * 2);
    }

    @Test
    void aDeadNodeIsRemovedFromEveryLiveNodeOfANetworkWhileLiveOnesStay() {
        Net net = new Net(P);
        for (int i = 0; i < 6; i++) {
            net.add(addr(i), DaveConfig.defaults(), i == 0 ? List.of() : List.of(addr(0)), 200 + i);
        }
        for (int t = 0; t < 20; t++) {
            net.tick();
        }
        String dead = addr(5);
        assertThat(net.nodes.get(addr(1)).peers().contains(dead)).isTrue();
        net.nodes.remove(dead);
        for (int t = 0; t < 600; t++) {
            net.tick();
        }
        for (DaveNode n : net.nodes.values()) {
            assertThat(n.peers().contains(dead)).isFalse();
            assertThat(n.peers().addresses()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void getPeerIsAnsweredWithResponsivePeersNeverTheAskerNeverRepeated() {
        DaveNode n = new DaveNode(addr(0), DaveConfig.defaults(), List.of(), DaveNodeTest::strength,
                new SplittableRandom(3));
        List<String> live = List.of(addr(1), addr(2), addr(3), addr(4));
        live.forEach(a -> n.onDatagram(a, DaveMsg.peer(List.of()), T0));
        n.onDatagram(addr(1), DaveMsg.peer(List.of(addr(7), addr(8))), T0);
        Instant now = T0;
        for (int k = 1; k <= 30; k++) {
            now = T0.plus(P.multipliedBy(k));
            for (String a : live) {
                n.onDatagram(a, DaveMsg.peer(List.of()), now);
            }
            n.onTick(now);
        }
        assertThat(n.peers().contains(addr(7))).isTrue();
        assertThat(n.peers().drops(addr(7))).isGreaterThanOrEqualTo(2);
        assertThat(n.peers().drops(addr(8))).isGreaterThanOrEqualTo(2);
        Set<List<String>> answers = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String asker = live.get(i % live.size());
            List<Send> s = sends(n.onDatagram(asker, DaveMsg.getPeer(), now.plusMillis(i)));
            assertThat(s).singleElement().satisfies(x -> assertThat(x.to()).isEqualTo(asker));
            List<String> p = s.get(0).msg().peers();
            assertThat(s.get(0).msg().op()).isEqualTo(DaveMsg.Op.PEER);
            assertThat(p).hasSize(3).doesNotHaveDuplicates().doesNotContain(asker, addr(7), addr(8), addr(0));
            answers.add(p);
        }
        assertThat(answers).hasSizeGreaterThan(1); // random, not always the same order
    }

    @Test
    void theRouteGrowsByTheSenderAndStopsAtDistance() {
        DaveNode n = new DaveNode(addr(0), TEST, List.of(), DaveNodeTest::strength, new SplittableRandom(4));
        for (int i = 20; i < 30; i++) {
            n.onDatagram(addr(i), DaveMsg.peer(List.of()), T0);
        }
        DaveMsg set = mine("route", 2, 11);
        List<String> five = List.of(addr(1), addr(2), addr(3), addr(4), addr(5));
        List<DaveOutput> out = n.onDatagram(addr(20), set.withPeers(five), T0);
        List<String> grown = new ArrayList<>(five);
        grown.add(addr(20));
        assertThat(sends(out)).hasSize(2).allSatisfy(s -> {
            assertThat(s.msg().peers()).isEqualTo(grown);
            assertThat(s.to()).isNotIn(grown);
        });
        assertThat(out).anyMatch(Stored.class::isInstance);
        // six on the route plus the sender make DISTANCE: stored, not forwarded
        List<String> six = List.of(addr(1), addr(2), addr(3), addr(4), addr(5), addr(6));
        DaveMsg set2 = mine("route2", 2, 12);
        List<DaveOutput> out2 = n.onDatagram(addr(21), set2.withPeers(six), T0);
        assertThat(sends(out2)).isEmpty();
        assertThat(n.store().contains(set2.work())).isTrue();
        // a GETDAT for what no one holds: forwarded with the sender appended, not at DISTANCE
        byte[] unknown = new byte[32];
        unknown[0] = 1;
        assertThat(sends(n.onDatagram(addr(22), DaveMsg.getDat(unknown, five), T0))).hasSize(2)
                .allSatisfy(s -> assertThat(s.msg().peers()).endsWith(addr(22)).hasSize(6));
        assertThat(sends(n.onDatagram(addr(22), DaveMsg.getDat(unknown, six), T0))).isEmpty();
        // longer than DISTANCE, a duplicate, or the sender already on it: dropped
        List<String> eight = List.of(addr(1), addr(2), addr(3), addr(4), addr(5), addr(6), addr(7), addr(8));
        assertThat(drops(n.onDatagram(addr(23), DaveMsg.getDat(unknown, eight), T0))).containsExactly(Reason.BAD_ROUTE);
        assertThat(drops(n.onDatagram(addr(23), DaveMsg.getDat(unknown, List.of(addr(1), addr(1))), T0)))
                .containsExactly(Reason.BAD_ROUTE);
        assertThat(drops(n.onDatagram(addr(23), DaveMsg.getDat(unknown, List.of(addr(23))), T0)))
                .containsExactly(Reason.BAD_ROUTE);
        assertThat(n.dropped()).containsEntry(Reason.BAD_ROUTE, 3L);
    }

    @Test
    void aGetdatWithAForgedRouteMakesAtMostMaxDatAnswersDatsOnlyToRouteAddresses() {
        DaveConfig d = TEST;
        DaveConfig c = new DaveConfig(d.period(), d.npeer(), d.tolerance(), d.drop(), d.distance(), d.fanoutGetdat(),
                d.fanoutSetdat(), d.workMinFanout(), d.workToStore(), d.storeBytes(), d.perSourcePerSecond(), 3);
        DaveNode n = new DaveNode(addr(0), c, List.of(), DaveNodeTest::strength, new SplittableRandom(5));
        DaveMsg set = mine("reflect", 1, 13);
        n.set(set, T0);
        List<String> forged = List.of("10.9.9.1:1", "10.9.9.2:1", "10.9.9.3:1", "10.9.9.4:1", "10.9.9.5:1",
                "10.9.9.6:1");
        List<Send> s = sends(n.onDatagram(addr(30), DaveMsg.getDat(set.work(), forged), T0));
        assertThat(s).hasSize(3);
        assertThat(s).extracting(Send::to).doesNotHaveDuplicates().contains("10.9.9.1:1", addr(30))
                .allMatch(a -> forged.contains(a) || a.equals(addr(30)));
        assertThat(s).allSatisfy(x -> {
            assertThat(x.msg().op()).isEqualTo(DaveMsg.Op.DAT);
            assertThat(x.msg().val()).isEqualTo(set.val());
            assertThat(x.msg().peers()).isEmpty();
        });
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add("10.8.0." + i + ":1");
        }
        List<DaveOutput> out = n.onDatagram(addr(31), DaveMsg.getDat(set.work(), many), T0);
        assertThat(sends(out)).isEmpty();
        assertThat(drops(out)).containsExactly(Reason.BAD_ROUTE);
    }

    @Test
    void aDatIsKeptOnlyWhenAskedForOrStrongEnoughAndWithValidWork() {
        DaveNode n = new DaveNode(addr(0), config(2, 2), List.of(addr(1)), DaveNodeTest::strength,
                new SplittableRandom(6));
        DaveMsg weak = asDat(mine("weak", 1, 14));
        assertThat(drops(n.onDatagram(addr(1), weak, T0))).containsExactly(Reason.UNASKED);
        assertThat(n.store().contains(weak.work())).isFalse();
        byte[] w = weak.work();
        w[31] ^= 1;
        DaveMsg forged = new DaveMsg(DaveMsg.Op.DAT, List.of(), weak.prev(), w, weak.nonce(), weak.val(), weak.tag());
        assertThat(sends(n.get(w, T0))).hasSize(1);
        assertThat(drops(n.onDatagram(addr(1), forged, T0))).containsExactly(Reason.BAD_WORK);
        assertThat(sends(n.get(weak.work(), T0))).hasSize(1);
        List<DaveOutput> out = n.onDatagram(addr(1), weak, T0);
        assertThat(out).anyMatch(Stored.class::isInstance).filteredOn(Found.class::isInstance).hasSize(1);
        assertThat(n.store().contains(weak.work())).isTrue();
        assertThat(n.onDatagram(addr(1), weak, T0)).noneMatch(Found.class::isInstance);
        DaveMsg strong = asDat(mine("strong", 2, 15));
        assertThat(n.onDatagram(addr(1), strong, T0)).anyMatch(Stored.class::isInstance);
    }

    @Test
    void aFloodOfJunkFromOneSourceIsRateLimitedWhileAnotherIsServed() {
        DaveNode n = new DaveNode(addr(0), TEST, List.of(), DaveNodeTest::strength, new SplittableRandom(7));
        n.onDatagram(addr(2), DaveMsg.peer(List.of()), T0);
        String junk = addr(1);
        byte[] zeros = new byte[32];
        List<DaveMsg> kinds = List.of(
                new DaveMsg(DaveMsg.Op.SETDAT, List.of(), new byte[0], zeros, new byte[5], new byte[0], new byte[0]),
                new DaveMsg(DaveMsg.Op.GETDAT, List.of(), new byte[0], new byte[5], new byte[0], new byte[0], new byte[0]),
                new DaveMsg(DaveMsg.Op.DAT, List.of(), new byte[0], zeros, new byte[0], new byte[2000], new byte[0]),
                new DaveMsg(DaveMsg.Op.SETDAT, List.of(), new byte[0], zeros, new byte[0], new byte[0], new byte[99]),
                DaveMsg.peer(List.of("", "a b", "x".repeat(500), "\u0000:1")),
                DaveMsg.getDat(zeros, List.of("")));
        int handled = 0;
        for (int i = 0; i < 1000; i++) {
            Instant t = T0.plusNanos(i * 1_000_000L); // 1000 in one second
            List<DaveOutput> out = n.onDatagram(junk, i % 7 == 6 ? null : kinds.get(i % 6), t);
            if (!drops(out).contains(Reason.RATE)) {
                handled++;
            }
            if (i % 100 == 0) {
                assertThat(sends(n.onDatagram(addr(2), DaveMsg.getPeer(), t))).hasSize(1);
            }
        }
        // a full bucket (one second's worth) plus one second of refill
        assertThat(handled).isBetween(2 * TEST.perSourcePerSecond() - 2, 2 * TEST.perSourcePerSecond());
        assertThat(n.dropped().get(Reason.RATE)).isEqualTo(1000L - handled);
        assertThat(n.dropped()).containsKeys(Reason.BAD_FIELDS, Reason.BAD_ROUTE);
        assertThat(n.peers().addresses()).containsExactlyInAnyOrder(addr(1), addr(2));
        assertThat(n.store().size()).isZero();
        // a bad source address is refused before anything else
        assertThat(drops(n.onDatagram("", DaveMsg.getPeer(), T0))).containsExactly(Reason.BAD_ADDRESS);
        assertThat(drops(n.onDatagram(null, DaveMsg.getPeer(), T0))).containsExactly(Reason.BAD_ADDRESS);
        // a second later the source is served again
        assertThat(sends(n.onDatagram(junk, DaveMsg.getPeer(), T0.plusSeconds(2)))).hasSize(1);
    }

    @Test
    void peerListsFromManySourcesAddAtMostTheCapOfUnheardAddresses() {
        DaveNode n = new DaveNode(addr(0), TEST, List.of(), DaveNodeTest::strength, new SplittableRandom(8));
        // 500 sources (each within its rate), each listing 3 made-up addresses: 1,500 fakes
        for (int i = 0; i < 500; i++) {
            String from = "10.7." + (i / 200) + "." + (i % 200) + ":7";
            n.onDatagram(from, DaveMsg.peer(List.of("10.8." + i / 200 + "." + i % 200 + ":1",
                    "10.8." + i / 200 + "." + i % 200 + ":2", "10.8." + i / 200 + "." + i % 200 + ":3")), T0);
        }
        // the senders were heard from, so they are peers; of the 1,500 fakes only the cap
        assertThat(n.peers().unheard()).isEqualTo(DavePeers.MAX_UNHEARD);
        assertThat(n.peers().addresses()).hasSize(500 + DavePeers.MAX_UNHEARD).contains("10.8.2.99:3")
                .doesNotContain("10.8.0.0:1");
    }

    @Test
    void neverSendsADatagramLargerThanPacketSizeAndAnHonestFullRouteIsAnsweredWhole() {
        DaveNode n = new DaveNode(addr(0), TEST, List.of(), DaveNodeTest::strength, new SplittableRandom(8));
        for (int i = 20; i < 25; i++) {
            n.onDatagram(addr(i), DaveMsg.peer(List.of()), T0);
        }
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < DaveConfig.VAL_SIZE; i++) {
            big.append('v');
        }
        DaveMsg set = mine(big.toString(), 2, 16);
        List<String> route = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            route.add("[2001:db8:aaaa:bbbb:cccc:dddd:eeee:" + i + "]:65535");
        }
        List<DaveOutput> out = n.onDatagram(addr(20), set.withPeers(route), T0);
        assertThat(sends(out)).isEmpty();
        assertThat(drops(out)).containsExactly(Reason.TOO_BIG, Reason.TOO_BIG);
        assertThat(out).anyMatch(Stored.class::isInstance);
        // six on the route plus the sender: DISTANCE addresses, within maxDatAnswers, so every one gets the DAT
        List<String> honest = List.of(addr(1), addr(2), addr(3), addr(4), addr(5), addr(6));
        List<Send> dats = sends(n.onDatagram(addr(21), DaveMsg.getDat(set.work(), honest), T0));
        assertThat(dats).extracting(Send::to).containsExactlyInAnyOrder(addr(1), addr(2), addr(3), addr(4), addr(5),
                addr(6), addr(21));
        assertThat(dats).allSatisfy(d -> assertThat(DaveNode.encodedSize(d.msg())).isLessThanOrEqualTo(
                DaveConfig.PACKET_SIZE));
    }
}
