package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.giggossip.net.dave.DaveOutput.Dropped;
import org.giggossip.net.dave.DaveOutput.Found;
import org.giggossip.net.dave.DaveOutput.Reason;
import org.giggossip.net.dave.DaveOutput.Send;
import org.junit.jupiter.api.Test;

/**
 * Our lookup-by-prev extension of {@link DaveNode} ({@link DaveNode#getByPrev}) and the prev
 * index of {@link DaveStore}, in memory like {@link DaveNodeTest}: single nodes fed by hand and
 * a network of six.
 */
class DaveNodePrevTest {
    private static final Duration P = DaveConfig.defaults().period();
    private static final Instant T0 = DaveNodeTest.T0;
    private static final DaveConfig TEST = DaveNodeTest.config(1, 2);

    /** A SETDAT of {@code val} after {@code prev} whose work has exactly {@code zeros} leading zero bytes. */
    static DaveMsg mine(byte[] prev, String val, int zeros, long seed) {
        SecureRandom r = new SecureRandom();
        r.setSeed(seed);
        for (int i = 0; i < 1000; i++) {
            DaveMsg m = DaveWork.solve(prev, val.getBytes(StandardCharsets.UTF_8),
                    "test".getBytes(StandardCharsets.UTF_8), zeros, r);
            if (DaveWork.strength(m.work()) == zeros) {
                return m;
            }
        }
        throw new AssertionError("no work of exactly " + zeros);
    }

    static byte[] key(int i) {
        byte[] k = new byte[32];
        k[0] = (byte) 0xab;
        k[31] = (byte) i;
        return k;
    }

    private static String addr(int i) {
        return "127.0.0.1:" + (41000 + i);
    }

    private static List<Send> sends(List<DaveOutput> out) {
        return out.stream().filter(Send.class::isInstance).map(Send.class::cast).toList();
    }

    private static List<DaveMsg> found(List<DaveOutput> out) {
        return out.stream().filter(Found.class::isInstance).map(o -> ((Found) o).dat()).toList();
    }

    @Test
    void theStoreIndexesByPrevMostRecentFirstAndForgetsEvictedEntries() {
        DaveMsg a = mine(key(1), "a", 0, 1);
        DaveMsg b = mine(key(1), "b", 0, 2);
        DaveMsg c = mine(key(1), "c", 0, 3);
        DaveMsg other = mine(key(2), "o", 0, 4);
        DaveMsg none = mine(new byte[0], "n", 0, 5);
        DaveStore s = new DaveStore(3 * DaveStore.size(a), P);
        s.put(a, 1, T0);
        s.put(b, 1, T0.plus(P));
        s.put(other, 1, T0.plus(P));
        assertThat(s.byPrev(key(1), 2)).containsExactly(b, a);
        assertThat(s.byPrev(key(1), 1)).containsExactly(b);
        assertThat(s.byPrev(key(2), 2)).containsExactly(other);
        assertThat(s.byPrev(key(3), 2)).isEmpty();
        assertThat(s.byPrev(new byte[0], 2)).isEmpty();
        // over the bound: the oldest of equal strength (a) goes, and with it its index entry
        assertThat(s.put(c, 1, T0.plus(P))).isTrue();
        assertThat(s.contains(a.work())).isFalse();
        assertThat(s.byPrev(key(1), 5)).containsExactly(c, b);
        s.put(none, 9, T0.plus(P));
        s.put(mine(key(4), "d", 0, 6), 9, T0.plus(P));
        s.put(mine(key(5), "e", 0, 7), 9, T0.plus(P));
        assertThat(s.byPrev(key(1), 5)).isEmpty();
        assertThat(s.byPrev(key(2), 5)).isEmpty();
        assertThat(s.indexedPrevs()).isEqualTo(2).isLessThanOrEqualTo(s.size());
    }

    @Test
    void aNodeAsksByPrevAndFindsTheDatsThatCarryTheKeyAcrossSixNodes() {
        DaveNodeTest.Net net = new DaveNodeTest.Net(P);
        for (int i = 0; i < 6; i++) {
            net.add(addr(i), TEST, i == 0 ? List.of() : List.of(addr(0)), 300 + i);
        }
        for (int t = 0; t < 20; t++) {
            net.tick();
        }
        // strength 1: stored by the setter and its fanout peers, not forwarded further
        DaveMsg v1 = mine(key(7), "version 1", 1, 11);
        DaveMsg v2 = mine(key(7), "version 2", 1, 12);
        DaveMsg unrelated = mine(key(8), "unrelated", 1, 13);
        DaveNode setter = net.nodes.get(addr(1));
        for (DaveMsg m : List.of(v1, v2, unrelated)) {
            net.take(addr(1), setter.set(m, net.now));
            net.settle();
        }
        List<String> holders = net.nodes.entrySet().stream()
                .filter(e -> e.getValue().store().contains(v2.work())).map(Map.Entry::getKey).toList();
        String asker = net.nodes.keySet().stream()
                .filter(a -> net.nodes.get(a).store().byPrev(key(7), 2).isEmpty()).findFirst().orElseThrow();
        assertThat(holders).doesNotContain(asker);
        List<DaveOutput> first = net.nodes.get(asker).getByPrev(key(7), net.now);
        assertThat(found(first)).isEmpty();
        assertThat(sends(first)).hasSize(TEST.fanoutGetdat()).allSatisfy(s -> {
            assertThat(s.msg().op()).isEqualTo(DaveMsg.Op.GETDAT);
            assertThat(s.msg().work()).isEqualTo(key(7));
        });
        net.take(asker, first);
        net.settle();
        List<DaveMsg> got = net.events.get(asker).stream().filter(Found.class::isInstance)
                .map(o -> ((Found) o).dat()).toList();
        // both versions, each once however many holders answered, and never the unrelated value
        assertThat(got).extracting(m -> new String(m.val(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("version 1", "version 2");
        assertThat(got).allSatisfy(m -> {
            assertThat(m.prev()).isEqualTo(key(7));
            assertThat(DaveWork.check(m)).isGreaterThanOrEqualTo(1);
        });
        // now held by the asker: answered at once (most recent first) and asked again on the network
        List<DaveOutput> again = net.nodes.get(asker).getByPrev(key(7), net.now);
        assertThat(found(again)).hasSize(2);
        assertThat(sends(again)).hasSize(TEST.fanoutGetdat());
        // a plain get by work still works for the same DATs
        assertThat(found(net.nodes.get(asker).get(v1.work(), net.now))).singleElement()
                .satisfies(m -> assertThat(m.val()).isEqualTo(v1.val()));
    }

    @Test
    void aNodeHoldingNothingForwardsTheGetdatAndKeepsTheDatThatComesBackByPrev() {
        DaveNode relay = new DaveNode(addr(0), DaveNodeTest.config(3, 3), List.of(addr(5), addr(6)),
                DaveNodeTest::strength, new SplittableRandom(1));
        DaveMsg weak = DaveWork.dat(mine(key(3), "weak", 0, 21));
        // unasked and weaker than workToStore: dropped as always
        assertThat(relay.onDatagram(addr(9), weak, T0)).filteredOn(Dropped.class::isInstance)
                .extracting(o -> ((Dropped) o).reason()).containsExactly(Reason.UNASKED);
        // a GETDAT for the key: unknown work, so forwarded like any other (what an unmodified node does)
        List<Send> fwd = sends(relay.onDatagram(addr(1), DaveMsg.getDat(key(3), List.of()), T0));
        assertThat(fwd).hasSize(2).allSatisfy(s -> assertThat(s.msg().peers()).containsExactly(addr(1)));
        // the DAT coming back has another work but the key as prev: kept, and served by prev afterwards
        List<DaveOutput> back = relay.onDatagram(addr(5), weak, T0);
        assertThat(back).anyMatch(DaveOutput.Stored.class::isInstance).noneMatch(Found.class::isInstance);
        List<Send> answer = sends(relay.onDatagram(addr(2), DaveMsg.getDat(key(3), List.of(addr(7))), T0));
        assertThat(answer).extracting(Send::to).containsExactly(addr(7), addr(2));
        assertThat(answer).allSatisfy(s -> {
            assertThat(s.msg().op()).isEqualTo(DaveMsg.Op.DAT);
            assertThat(s.msg().val()).isEqualTo(weak.val());
            assertThat(s.msg().prev()).isEqualTo(key(3));
        });
    }

    @Test
    void whatTheHostWaitsForMayComeAsASetdat() {
        DaveNode n = new DaveNode(addr(0), DaveNodeTest.config(1, 2), List.of(addr(5)), DaveNodeTest::strength,
                new SplittableRandom(3));
        DaveMsg byPrev = mine(key(6), "by prev", 1, 31);
        DaveMsg byWork = mine(key(7), "by work", 1, 32);
        assertThat(found(n.getByPrev(key(6), T0))).isEmpty();
        assertThat(found(n.get(byWork.work(), T0))).isEmpty();
        assertThat(found(n.onDatagram(addr(5), byPrev, T0))).singleElement()
                .satisfies(m -> assertThat(m.val()).isEqualTo(byPrev.val()));
        assertThat(found(n.onDatagram(addr(5), byWork, T0))).singleElement()
                .satisfies(m -> assertThat(m.val()).isEqualTo(byWork.val()));
        // the same again (another route): held already, no second Found
        assertThat(found(n.onDatagram(addr(6), byPrev, T0))).isEmpty();
        assertThat(found(n.onDatagram(addr(6), byWork, T0))).isEmpty();
    }

    @Test
    void anAskByPrevKeepsAtMostMaxPrevDatsAndAnsweringSharesMaxDatAnswers() {
        DaveNode n = new DaveNode(addr(0), DaveNodeTest.config(3, 3), List.of(addr(5)), DaveNodeTest::strength,
                new SplittableRandom(2));
        n.getByPrev(key(4), T0);
        int kept = 0;
        for (int i = 0; i < DaveNode.MAX_PREV_DATS + 5; i++) {
            List<DaveOutput> out = n.onDatagram(addr(5), DaveWork.dat(mine(key(4), "flood " + i, 0, 100 + i)),
                    T0.plusMillis(20L * i));
            if (!found(out).isEmpty()) {
                kept++;
            } else {
                assertThat(out).filteredOn(Dropped.class::isInstance).extracting(o -> ((Dropped) o).reason())
                        .containsExactly(Reason.UNASKED);
            }
        }
        assertThat(kept).isEqualTo(DaveNode.MAX_PREV_DATS);
        assertThat(n.store().size()).isEqualTo(DaveNode.MAX_PREV_DATS);
        // answering by prev: MAX_PREV_ANSWERS DATs, maxDatAnswers datagrams in all
        List<String> route = List.of("10.0.0.1:1", "10.0.0.2:1", "10.0.0.3:1", "10.0.0.4:1", "10.0.0.5:1",
                "10.0.0.6:1");
        List<Send> s = sends(n.onDatagram(addr(6), DaveMsg.getDat(key(4), route), T0.plusSeconds(2)));
        assertThat(s).hasSize(DaveConfig.defaults().maxDatAnswers());
        assertThat(s.stream().map(x -> x.msg().work()).map(org.giggossip.core.util.Hex::encode).distinct())
                .hasSize(DaveNode.MAX_PREV_ANSWERS);
        // a malformed key is refused
        assertThat(n.getByPrev(new byte[5], T0)).singleElement().isInstanceOf(Dropped.class);
    }
}
