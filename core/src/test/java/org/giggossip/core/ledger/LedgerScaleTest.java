package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.Test;

/** The compact structures behind a {@link Ledger} at sizes well past their initial capacities. */
class LedgerScaleTest {

    @Test
    void thousandsOfAccountsAreFoundByNodeId() {
        Ledger ledger = new Ledger(new FakeClock(LedgerFixture.T0), (a, e) -> { });
        List<PrivateKey> keys = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            keys.add(TestSigners.key(i));
            assertThat(ledger.register(keys.getLast())).isEqualTo(i - 1);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(ledger.account(keys.get(i).publicKey())).isEqualTo(OptionalInt.of(i));
            ledger.mint(i, i + 1);
        }
        assertThat(ledger.account(TestSigners.key(5_001).publicKey())).isEmpty();
        assertThat(ledger.checkConservation().holds()).isTrue();
        assertThat(ledger.checkConservation().mintedMsat()).isEqualTo(5_000L * 5_001 / 2);
    }

    @Test
    void theExpiryQueueMatchesASortedSetUnderRandomAddsAndRemovals() {
        ExpiryQueue queue = new ExpiryQueue();
        Comparator<Invoice> order = Comparator.<Invoice>comparingLong(i -> i.expiresAtMillis)
                .thenComparingLong(i -> i.sequence);
        TreeSet<Invoice> reference = new TreeSet<>(order);
        List<Invoice> live = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        var hash = Preimage.of(new byte[32]).paymentHash();
        for (long seq = 0; seq < 20_000; seq++) {
            int action = random.nextInt(10);
            if (action < 5 || live.isEmpty()) {
                Invoice i = new Invoice(hash, 0, 1, random.nextLong(1_000), seq);
                queue.add(i);
                reference.add(i);
                live.add(i);
            } else if (action < 8) {
                Invoice i = live.remove(random.nextInt(live.size()));
                queue.remove(i);
                reference.remove(i);
                assertThat(i.heapIndex).isEqualTo(-1);
            } else {
                Invoice first = queue.peek();
                assertThat(first).isSameAs(reference.first());
                queue.remove(first);
                reference.remove(first);
                live.remove(first);
            }
            assertThat(queue.size()).isEqualTo(reference.size());
            if (!reference.isEmpty()) {
                assertThat(queue.peek()).isSameAs(reference.first());
            }
        }
    }
}
