package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
            await(h.addressText() + " learns two peers").atMost(Duration.ofSeconds(30))
                    .pollInterval(DaveHostTest.FAST.period())
                    .until(() -> h.stats().get(5, TimeUnit.SECONDS).peers() >= 2);
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
        // the lookup's timeout is longer than this test may run (@Timeout), so a lookup that completes
        // finished early, because what it found was enough; one that misses is given up after 10 s
        Duration longerThanTheTest = Duration.ofMinutes(10);
        List<DaveMsg> got = List.of();
        for (int attempt = 0; attempt < 4 && got.isEmpty(); attempt++) { // random fanout may miss the holders
            CompletableFuture<List<DaveMsg>> lookup = asker.getByPrev(GigDats.preimageKey(p.paymentHash()),
                    longerThanTheTest, d -> GigDats.openPreimage(d, p.paymentHash()).isPresent());
            try {
                got = lookup.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException missed) {
                lookup.cancel(false);
            }
        }
        assertThat(got).as("a lookup that found the preimage and finished before its timeout").isNotEmpty();
        assertThat(GigDats.openPreimage(got.getLast(), p.paymentHash())).contains(p);
        // a malformed key fails the future, a closed host answers empty
        assertThat(asker.getByPrev(new byte[3], Duration.ofMillis(10))).isCompletedExceptionally();
        asker.close();
        assertThat(asker.getByPrev(GigDats.preimageKey(p.paymentHash()), Duration.ofSeconds(20))
                .get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
