package org.giggossip.core.onion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.onion.OnionFormat.HEADER_SIZE;
import static org.giggossip.core.onion.OnionFormat.SLOT_SIZE;
import static org.giggossip.core.onion.OnionRouteTest.nextHops;

import java.security.SecureRandom;
import java.util.List;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;

/**
 * A changed bit in a live part of an onion is refused by exactly the hop that
 * reads it, after every earlier hop forwarded correctly; a changed bit in a dead
 * slot changes nothing. No change ever sends a reply to a node off the route.
 */
class OnionTamperTest {
    private static final BackwardOnion ONIONS = BackwardOnion.DEFAULT;
    /** Slots whose every bit is flipped; later slots get one flip per byte. */
    private static final int FULLY_FLIPPED_SLOTS = 5;

    private final OnionRoute route = OnionRoute.ofHops(3, 40); // customer, A, B, replier
    private final SecureRandom random = TestRandom.seeded(41);
    private final byte[] replierOnion = route.broadcast(ONIONS, random).getLast();

    @Test
    void theUntouchedOnionReturnsToTheCustomer() {
        assertOutcome(route.reply(ONIONS, replierOnion, random), -1, "untouched");
    }

    @Test
    void everyFlipOfTheHeaderIsRefusedByTheReplier() {
        for (int bit = 0; bit < HEADER_SIZE * 8; bit++) {
            List<Peeled> back = route.reply(ONIONS, flip(replierOnion, bit), random);
            assertOutcome(back, 0, "header bit " + bit);
        }
    }

    @Test
    void everyFlipOfALiveSlotIsRefusedByTheHopThatReadsItAndOfADeadSlotByNobody() {
        int slots = ONIONS.format().maxHops();
        for (int slot = 0; slot < slots; slot++) {
            // Live slots are 0, 1, 2 (read by the replier, B, A); the customer reads only the header.
            int refusedAt = slot < route.hops() ? slot : -1;
            for (int b = 0; b < SLOT_SIZE; b++) {
                for (int i = 0; i < 8; i++) {
                    if (slot >= FULLY_FLIPPED_SLOTS && i != b % 8) {
                        continue;
                    }
                    int bit = (HEADER_SIZE + slot * SLOT_SIZE + b) * 8 + i;
                    List<Peeled> back = route.reply(ONIONS, flip(replierOnion, bit), random);
                    assertOutcome(back, refusedAt, "slot " + slot + " byte " + b + " bit " + i);
                }
            }
        }
    }

    @Test
    void aFlipOnTheFirstLinkOfTheBroadcastIsRefusedByTheFirstMiddleman() {
        PrivateKey a = route.nodes().get(1);
        int liveBits = (HEADER_SIZE + SLOT_SIZE) * 8; // a one-hop onion has one live slot
        for (int bit = 0; bit < liveBits; bit++) {
            int flipped = bit;
            SecureRandom r = TestRandom.seeded(42);
            List<byte[]> held = route.broadcast(ONIONS, r, (to, onion) -> to == 1 ? flip(onion, flipped) : onion);

            assertThat(ONIONS.peel(held.get(1), a, r)).as("A's own check, bit %d", bit).isInstanceOf(Peeled.Invalid.class);
            assertOutcome(route.reply(ONIONS, held.getLast(), r), 2, "first-link bit " + bit);
        }
    }

    @Test
    void onlyTheRecipientCanPeel() {
        PrivateKey stranger = OnionRoute.keys(1, 43).getFirst();
        for (PrivateKey wrong : List.of(stranger, route.customer(), route.nodes().get(1), route.nodes().get(2))) {
            assertThat(ONIONS.peel(replierOnion, wrong, random)).as("peeled by %s", wrong)
                    .isInstanceOfSatisfying(Peeled.Invalid.class, i -> assertThat(i.reason()).contains("MAC"));
        }
    }

    /**
     * Asserts that the first {@code refusedAt} peels forwarded along the route and
     * the next one refused; or, for {@code refusedAt == -1}, that the reply arrived.
     */
    private void assertOutcome(List<Peeled> back, int refusedAt, String what) {
        List<?> path = route.expectedReturnPath();
        if (refusedAt < 0) {
            assertThat(back).as(what).hasSize(path.size() + 1);
            assertThat(nextHops(back.subList(0, path.size()))).as(what).isEqualTo(path);
            assertThat(back.getLast()).as(what).isEqualTo(new Peeled.Arrived());
        } else {
            assertThat(back).as(what).hasSize(refusedAt + 1);
            assertThat(nextHops(back.subList(0, refusedAt))).as(what).isEqualTo(path.subList(0, refusedAt));
            assertThat(back.getLast()).as(what).isInstanceOf(Peeled.Invalid.class);
        }
    }

    private static byte[] flip(byte[] onion, int bit) {
        byte[] copy = onion.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
