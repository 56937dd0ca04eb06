package org.giggossip.core.onion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;

/** Hostile bytes never make {@link BackwardOnion#peel} throw: they are {@link Peeled.Invalid}. */
class OnionPropertiesTest {
    private static final BackwardOnion ONIONS = BackwardOnion.DEFAULT;
    private static final int SIZE = OnionFormat.DEFAULT.size();
    private static final PrivateKey ME = OnionRoute.keys(1, 50).getFirst();
    private static final OnionRoute ROUTE = OnionRoute.ofHops(2, 51);
    private static final byte[] VALID = ROUTE.broadcast(ONIONS, TestRandom.seeded(52)).getLast();

    @Provide
    Arbitrary<byte[]> anyLength() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * SIZE);
    }

    @Provide
    Arbitrary<byte[]> rightLength() {
        return Arbitraries.bytes().array(byte[].class).ofSize(SIZE);
    }

    @Property(tries = 300)
    void randomBytesOfAnyLengthAreInvalid(@ForAll("anyLength") byte[] garbage) {
        assertThat(ONIONS.peel(garbage, ME, TestRandom.seeded(1))).isInstanceOf(Peeled.Invalid.class);
    }

    @Property(tries = 300)
    void randomBytesOfTheRightLengthAreInvalid(@ForAll("rightLength") byte[] garbage) {
        assertThat(ONIONS.peel(garbage, ME, TestRandom.seeded(1))).isInstanceOf(Peeled.Invalid.class);
    }

    @Property(tries = 200)
    void aValidOnionCutOrExtendedIsInvalidForItsRecipient(@ForAll @IntRange(min = 0, max = 5216) int length) {
        byte[] resized = Arrays.copyOf(VALID, length);
        Peeled peeled = ONIONS.peel(resized, ROUTE.replier(), TestRandom.seeded(1));
        if (length == SIZE) {
            assertThat(peeled).isInstanceOf(Peeled.Forward.class);
        } else {
            assertThat(peeled).isInstanceOfSatisfying(Peeled.Invalid.class,
                    i -> assertThat(i.reason()).contains("2608 bytes"));
        }
    }

    @Property(tries = 200)
    void aValidOnionWithARandomRunOverwrittenNeverThrows(@ForAll @IntRange(min = 0, max = 2607) int from,
            @ForAll("rightLength") byte[] noise) {
        byte[] damaged = VALID.clone();
        int to = Math.min(SIZE, from + 1 + Math.floorMod(noise[0], 128));
        System.arraycopy(noise, 0, damaged, from, to - from);
        List<Peeled> back = ROUTE.reply(ONIONS, damaged, TestRandom.seeded(2));
        // Either the damage hit only dead slots, or some hop refused it; never a detour.
        assertThat(back.getLast()).isInstanceOfAny(Peeled.Arrived.class, Peeled.Invalid.class);
        assertThat(OnionRouteTest.nextHops(back.subList(0, back.size() - 1)))
                .isEqualTo(ROUTE.expectedReturnPath().subList(0, back.size() - 1));
    }

    @Test
    void aNullOnionIsInvalid() {
        assertThat(ONIONS.peel(null, ME, TestRandom.seeded(1))).isInstanceOf(Peeled.Invalid.class);
        assertThat(ONIONS.authenticate(null, ME)).isInstanceOf(Peeled.Invalid.class);
    }

    @Property(tries = 200)
    void authenticateRefusesWhatPeelRefusesAndNamesTheSameNextHop(@ForAll @IntRange(min = 0, max = 5216) int length,
            @ForAll @IntRange(min = -1, max = 2607) int flip) {
        byte[] onion = Arrays.copyOf(VALID, length);
        if (flip >= 0 && flip < length) {
            onion[flip] ^= 1;
        }
        Peeled peeled = ONIONS.peel(onion, ROUTE.replier(), TestRandom.seeded(1));
        Peeled checked = ONIONS.authenticate(onion, ROUTE.replier());
        if (peeled instanceof Peeled.Forward f) {
            assertThat(checked).isInstanceOfSatisfying(Peeled.Forward.class, c -> {
                assertThat(c.nextHop()).isEqualTo(f.nextHop());
                // the same inner onion but for its last slot, which authenticate leaves zero
                int keep = SIZE - OnionFormat.SLOT_SIZE;
                assertThat(Arrays.copyOf(c.innerOnion(), keep)).isEqualTo(Arrays.copyOf(f.innerOnion(), keep));
                assertThat(Arrays.copyOfRange(c.innerOnion(), keep, SIZE)).containsOnly(0);
            });
        } else {
            assertThat(checked).isInstanceOf(peeled.getClass());
        }
    }
}
