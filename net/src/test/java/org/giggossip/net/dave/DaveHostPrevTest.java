package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.payment.Preimage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DaveHost#getByPrev} on real UDP sockets on 127.0.0.1: five hosts, DATs set through
 * one and looked up by prev through the others, collected until the timeout or finished early.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaveHostPrevTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final SecureRandom R = new SecureRandom();
    private final List<DaveHost> hosts = new ArrayList<>();

    @AfterEach
    void closeAll() {
        hosts.forEach(DaveHost::close);
    }

    private void network(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            hosts.add(DaveHost.start(ANY_LOOPBACK, DaveHostTest.FAST,
                    i == 0 ? List.of() : List.of(hosts.get(i - 1).addressText()), DaveHost.Listener.none()));
        }
        for (DaveHost h : hosts) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (h.stats().get(5, TimeUnit.SECONDS).peers() < 2 && System.nanoTime() < end) {
                Thread.sleep(DaveHostTest.FAST.period().toMillis());
            }
        }
    }

    @Test
    void datsSetThroughOneHostAreFoundByPrevThroughEveryOther() throws Exception {
        network(5);
        byte[] key = DaveNodePrevTest.key(9);
        DaveMsg v1 = DaveWork.solve(key, "one".getBytes(), "t".getBytes(), 2, R);
        DaveMsg v2 = DaveWork.solve(key, "two".getBytes(), "t".getBytes(), 2, R);
        hosts.get(2).set(v1);
        hosts.get(2).set(v2);
        for (DaveHost h : hosts) {
            List<DaveMsg> got = List.of();
            for (int attempt = 0; attempt < 5 && got.size() < 2; attempt++) { // random fanout may miss the holders
                got = h.getByPrev(key, Duration.ofMillis(800)).get(10, TimeUnit.SECONDS);
            }
            assertThat(got).as("found through " + h.addressText())
                    .extracting(m -> new String(m.val())).containsExactlyInAnyOrder("one", "two");
            assertThat(got).allSatisfy(m -> assertThat(m.prev()).isEqualTo(key));
        }
        // a key nobody used: empty after the timeout
        assertThat(hosts.get(0).getByPrev(DaveNodePrevTest.key(10), Duration.ofMillis(300))
                .get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aLookupThatIsSatisfiedFinishesBeforeItsTimeout() throws Exception {
        network(3);
        Preimage p = Preimage.generate(R);
        DaveMsg set = GigDats.preimage(p, 2, R);
        hosts.get(0).set(set);
        DaveHost asker = hosts.get(2);
        List<DaveMsg> got = List.of();
        long took = 0;
        for (int attempt = 0; attempt < 4 && got.isEmpty(); attempt++) { // random fanout may miss the holders
            long t0 = System.nanoTime();
            got = asker.getByPrev(GigDats.preimageKey(p.paymentHash()), Duration.ofSeconds(10),
                    d -> GigDats.openPreimage(d, p.paymentHash()).isPresent()).get(30, TimeUnit.SECONDS);
            took = System.nanoTime() - t0;
        }
        assertThat(got).isNotEmpty();
        assertThat(GigDats.openPreimage(got.getLast(), p.paymentHash())).contains(p);
        assertThat(took).as("the lookup that found it ended well before its 10 s timeout")
                .isLessThan(TimeUnit.SECONDS.toNanos(8));
        // a malformed key fails the future, a closed host answers empty
        assertThat(asker.getByPrev(new byte[3], Duration.ofMillis(10))).isCompletedExceptionally();
        asker.close();
        assertThat(asker.getByPrev(GigDats.preimageKey(p.paymentHash()), Duration.ofSeconds(20))
                .get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
