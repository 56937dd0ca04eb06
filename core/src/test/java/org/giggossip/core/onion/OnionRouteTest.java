package org.giggossip.core.onion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replies return exactly along the broadcast's route, at a constant size, up to the hop limit. */
class OnionRouteTest {
    private static final BackwardOnion ONIONS = BackwardOnion.DEFAULT;
    private static final int H = OnionFormat.DEFAULT_MAX_HOPS;

    @Test
    void defaultFormatIs32HopsOf80BytesAfterA48ByteHeader() {
        assertThat(OnionFormat.DEFAULT.maxHops()).isEqualTo(32);
        assertThat(OnionFormat.HEADER_SIZE).isEqualTo(48);
        assertThat(OnionFormat.SLOT_SIZE).isEqualTo(80);
        assertThat(OnionFormat.DEFAULT.bodySize()).isEqualTo(2560);
        assertThat(OnionFormat.DEFAULT.size()).isEqualTo(2608);
        assertThat(ONIONS.format()).isEqualTo(OnionFormat.DEFAULT);
    }

    @Test
    void formatsRangeFromOneHopToTheWireLimit() {
        assertThat(new OnionFormat(1).size()).isEqualTo(128);
        assertThat(new OnionFormat(101).size()).isEqualTo(8128);
        assertThatThrownBy(() -> new OnionFormat(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnionFormat(102)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 101");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, H})
    void aReplyReturnsExactlyAlongTheRoute(int hops) {
        OnionRoute route = OnionRoute.ofHops(hops, hops);
        SecureRandom random = TestRandom.seeded(100 + hops);
        List<byte[]> held = route.broadcast(ONIONS, random);

        List<Peeled> back = route.reply(ONIONS, held.getLast(), random);

        assertReturnsAlong(route, back);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, H})
    void everyOnionHasTheSameSizeAtEveryWrapAndPeel(int hops) {
        OnionRoute route = OnionRoute.ofHops(hops, 7);
        SecureRandom random = TestRandom.seeded(8);
        List<byte[]> held = route.broadcast(ONIONS, random);
        List<Peeled> back = route.reply(ONIONS, held.getLast(), random);

        assertThat(held).allSatisfy(onion -> assertThat(onion).hasSize(2608));
        assertThat(back.subList(0, hops)).allSatisfy(p ->
                assertThat(((Peeled.Forward) p).innerOnion()).hasSize(2608));
    }

    /**
     * Routes that visit a node more than once, as node indices (0 is the
     * customer): through A twice (multibroadcast); through the customer in the
     * middle, whose middle layer names A and forwards instead of arriving; and
     * through a layer A seals to itself, which forwards to A again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0 1 2 1 3", "0 1 0 2 3", "0 1 1 2"})
    void routesThroughANodeTwiceReturnThroughItTwice(String indices) {
        List<PrivateKey> k = OnionRoute.keys(4, 11);
        List<PrivateKey> nodes = Arrays.stream(indices.split(" ")).map(i -> k.get(Integer.parseInt(i))).toList();
        OnionRoute route = new OnionRoute(nodes);
        SecureRandom random = TestRandom.seeded(12);

        assertReturnsAlong(route, route.reply(ONIONS, route.broadcast(ONIONS, random).getLast(), random));
    }

    @Test
    void aRouteOfHPlusOneHopsDiesCleanlyAtTheHopNextToTheCustomer() {
        OnionRoute route = OnionRoute.ofHops(H + 1, 17);
        SecureRandom random = TestRandom.seeded(18);

        List<Peeled> back = route.reply(ONIONS, route.broadcast(ONIONS, random).getLast(), random);

        // H peels name the right nodes, down to the first middleman; its own slot fell off.
        assertThat(back).hasSize(H + 1);
        assertThat(nextHops(back.subList(0, H))).isEqualTo(route.expectedReturnPath().subList(0, H));
        assertThat(back.getLast()).isInstanceOfSatisfying(Peeled.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("MAC", "32 hops"));
    }

    @Test
    void aRouteOfHPlusTwoHopsDiesHHopsBackFromTheReplier() {
        BackwardOnion small = new BackwardOnion(new OnionFormat(3));
        OnionRoute route = OnionRoute.ofHops(5, 19);
        SecureRandom random = TestRandom.seeded(20);

        List<Peeled> back = route.reply(small, route.broadcast(small, random).getLast(), random);

        assertThat(nextHops(back.subList(0, 3))).isEqualTo(route.expectedReturnPath().subList(0, 3));
        assertThat(back).hasSize(4);
        assertThat(back.getLast()).isInstanceOf(Peeled.Invalid.class);
    }

    @Test
    void aOneHopFormatCarriesOneHop() {
        BackwardOnion tiny = new BackwardOnion(new OnionFormat(1));
        SecureRandom random = TestRandom.seeded(21);
        OnionRoute one = OnionRoute.ofHops(1, 22);
        OnionRoute two = OnionRoute.ofHops(2, 23);

        assertReturnsAlong(one, one.reply(tiny, one.broadcast(tiny, random).getLast(), random));
        assertThat(two.reply(tiny, two.broadcast(tiny, random).getLast(), random).getLast())
                .isInstanceOf(Peeled.Invalid.class);
    }

    @Test
    void theOriginPeelsToArrivedForItsCustomerOnly() {
        List<PrivateKey> k = OnionRoute.keys(2, 24);
        SecureRandom random = TestRandom.seeded(25);
        byte[] origin = ONIONS.origin(k.get(0).publicKey(), random);

        assertThat(origin).hasSize(2608);
        assertThat(ONIONS.peel(origin, k.get(0), random)).isEqualTo(new Peeled.Arrived());
        assertThat(ONIONS.peel(origin, k.get(1), random)).isInstanceOf(Peeled.Invalid.class);
    }

    @Test
    void aReceivedOnionChecksOutAsAForwardToThePeerThatSentIt() {
        OnionRoute route = OnionRoute.ofHops(3, 26);
        SecureRandom random = TestRandom.seeded(27);
        List<byte[]> held = route.broadcast(ONIONS, random);

        for (int i = 1; i < held.size(); i++) {
            PublicKey sender = route.nodes().get(i - 1).publicKey();
            Peeled check = ONIONS.peel(held.get(i), route.nodes().get(i), random);
            assertThat(check).isInstanceOfSatisfying(Peeled.Forward.class,
                    f -> assertThat(f.nextHop()).isEqualTo(sender));
        }
    }

    @Test
    void wrapRefusesAnOnionOfTheWrongSize() {
        List<PrivateKey> k = OnionRoute.keys(2, 28);
        SecureRandom random = TestRandom.seeded(29);
        PublicKey a = k.get(0).publicKey();
        PublicKey b = k.get(1).publicKey();

        assertThatThrownBy(() -> ONIONS.wrap(new byte[2607], a, b, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ONIONS.wrap(new byte[2609], a, b, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ONIONS.wrap(null, a, b, random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        OnionRoute route = OnionRoute.ofHops(4, 30);

        List<byte[]> first = run(route, 31);
        List<byte[]> again = run(route, 31);
        List<byte[]> other = run(route, 32);

        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i)).as("onion %d", i).isEqualTo(first.get(i));
            assertThat(other.get(i)).as("onion %d", i).isNotEqualTo(first.get(i));
        }
    }

    /** Every onion of a broadcast and of the reply's way back, with one seeded random. */
    private static List<byte[]> run(OnionRoute route, long seed) {
        SecureRandom random = TestRandom.seeded(seed);
        List<byte[]> all = new ArrayList<>(route.broadcast(ONIONS, random));
        for (Peeled p : route.reply(ONIONS, all.getLast(), random)) {
            if (p instanceof Peeled.Forward f) {
                all.add(f.innerOnion());
            }
        }
        return all;
    }

    private static void assertReturnsAlong(OnionRoute route, List<Peeled> back) {
        assertThat(back).hasSize(route.hops() + 1);
        assertThat(nextHops(back.subList(0, route.hops()))).isEqualTo(route.expectedReturnPath());
        assertThat(back.getLast()).isEqualTo(new Peeled.Arrived());
    }

    /** The next hops of results that must all be forwards. */
    static List<PublicKey> nextHops(List<Peeled> results) {
        return results.stream().map(p -> {
            assertThat(p).isInstanceOf(Peeled.Forward.class);
            return ((Peeled.Forward) p).nextHop();
        }).toList();
    }
}
