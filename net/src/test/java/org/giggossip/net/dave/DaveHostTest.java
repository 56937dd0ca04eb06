package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.giggossip.core.wire.Decoded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DaveHost} on real UDP sockets on 127.0.0.1: a network of five hosts, liveness
 * of a closed peer counted in periods, and a junk flood that must not stop a node.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaveHostTest {
    /** A short period keeps the test fast; stored from strength 2 so values are mined in milliseconds. */
    static final DaveConfig FAST = new DaveConfig(Duration.ofMillis(25), 3, 2, 4, 7, 2, 2, 2, 2, 1 << 20, 200, 8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<DaveHost> hosts = new ArrayList<>();

    @AfterEach
    void closeAll() {
        hosts.forEach(DaveHost::close);
    }

    private DaveHost host(List<String> bootstrap, DaveHost.Listener listener) {
        return host(FAST, bootstrap, listener);
    }

    private DaveHost host(DaveConfig config, List<String> bootstrap, DaveHost.Listener listener) {
        DaveHost h = DaveHost.start(ANY_LOOPBACK, config, bootstrap, listener);
        hosts.add(h);
        return h;
    }

    private static DaveHost.Stats stats(DaveHost h) throws Exception {
        return h.stats().get(5, TimeUnit.SECONDS);
    }

    /** Polls {@code h}'s stats every 10 ms until {@code done}, for at most {@code within}; returns the first that is. */
    private static DaveHost.Stats until(DaveHost h, Predicate<DaveHost.Stats> done, Duration within, String what) {
        return await(what).atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> stats(h), done::test);
    }

    static DaveMsg mine(String val, String tag, int strength) {
        return DaveWork.solve(new byte[0], val.getBytes(StandardCharsets.UTF_8), tag.getBytes(StandardCharsets.UTF_8),
                strength, new SecureRandom());
    }

    @Test
    void aValueSetThroughOneHostIsFetchedThroughEveryOther() throws Exception {
        List<DaveOutput> events = new CopyOnWriteArrayList<>();
        DaveHost first = host(List.of(), events::add);
        for (int i = 1; i < 5; i++) {
            host(List.of(hosts.get(i - 1).addressText()), DaveHost.Listener.none());
        }
        for (DaveHost h : hosts) {
            until(h, s -> s.peers() >= 2, Duration.ofSeconds(15), h.addressText() + " learns peers");
        }
        DaveMsg dat = mine("hello dave", "greeting", 2);
        hosts.get(2).set(dat);
        for (DaveHost h : hosts) {
            Optional<DaveMsg> got = Optional.empty();
            for (int attempt = 0; attempt < 5 && got.isEmpty(); attempt++) { // random fanout may miss the holders
                got = h.get(dat.work(), Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
            }
            assertThat(got).as("fetched through " + h.addressText()).isPresent();
            assertThat(got.get().val()).isEqualTo(dat.val());
            assertThat(got.get().tag()).isEqualTo(dat.tag());
            assertThat(DaveWork.check(got.get())).isGreaterThanOrEqualTo(2);
        }
        // a work nobody has: empty after the timeout, not an exception
        byte[] unknown = new byte[32];
        unknown[31] = 1;
        assertThat(first.get(unknown, Duration.ofMillis(300)).get(5, TimeUnit.SECONDS)).isEmpty();
        // the listener of the first host heard what it received and stored, on the host's thread
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(DaveOutput.Stored.class));
        for (DaveHost h : hosts) {
            DaveHost.Stats s = stats(h);
            assertThat(s.stored()).as(h.addressText() + " holds the DAT once fetched").isEqualTo(1);
            assertThat(s.undecodable()).isZero();
            assertThat(s.unsendable()).isZero();
        }
    }

    @Test
    void aClosedPeerIsRemovedAfterMoreThanDropTimesToleranceDrops() throws Exception {
        // periods long against the 10 ms polls below, so a late poll does not count an extra period
        DaveConfig slow = new DaveConfig(Duration.ofMillis(100), 3, 2, 4, 7, 2, 2, 2, 2, 1 << 20, 200, 8);
        DaveHost a = host(slow, List.of(), DaveHost.Listener.none());
        DaveHost b = host(slow, List.of(a.addressText()), DaveHost.Listener.none());
        until(a, s -> s.peers() == 1, Duration.ofSeconds(10), "b pings a and a adds b");
        until(b, s -> s.datagrams() >= 1, Duration.ofSeconds(10), "b heard a's answer");
        b.close();
        long closedAt = stats(a).ticks();
        DaveHost.Stats gone = until(a, s -> s.peers() == 0, Duration.ofSeconds(20), "a drops b");
        // b is a's only peer, so every tick after TOLERANCE periods of silence pings it; a drop is counted
        // at the (TOLERANCE+1)th unanswered ping and b goes at the (DROP*TOLERANCE+1)th drop
        long pings = (long) (slow.drop() * slow.tolerance() + 1) * (slow.tolerance() + 1);
        long ticks = gone.ticks() - closedAt;
        assertThat(pings).isEqualTo(27);
        assertThat(ticks).as("periods from b's close until a removes it").isBetween(pings, pings + slow.tolerance()
                + 3);
    }

    @Test
    void aJunkFloodFromOneSourceDoesNotStopServingAnother() throws Exception {
        // 50 datagrams a second per source: far fewer than the flood's valid ones, even if the kernel drops some
        DaveConfig fewPerSource = new DaveConfig(FAST.period(), 3, 2, 4, 7, 2, 2, 2, 2, 1 << 20, 50, 8);
        DaveHost a = host(fewPerSource, List.of(), DaveHost.Listener.none());
        DaveMsg dat = mine("still here", "", 2);
        a.set(dat);
        until(a, s -> s.stored() == 1, Duration.ofSeconds(5), "a stores the value");
        SplittableRandom r = new SplittableRandom(4);
        int random = 0;
        int oversized = 0;
        int badAddress = 0;
        int getdats = 0;
        try (DatagramSocket junk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 1200; i++) {
                byte[] b;
                switch (i % 4) {
                    case 0 -> {
                        b = new byte[1 + r.nextInt(1500)];
                        r.nextBytes(b);
                        b[0] = (byte) 0xff; // key 0xff..: field 31+, never a valid message start
                        random++;
                    }
                    case 1 -> {
                        b = new byte[1501 + r.nextInt(3000)];
                        oversized++;
                    }
                    case 2 -> {
                        // a PEER whose address does not parse: the original crashed on it
                        b = peerWithAddress("not-an-address-" + i);
                        badAddress++;
                    }
                    default -> { // a GETDAT for our value routed through an address no host here can send to
                        b = DaveCodec.encode(DaveMsg.getDat(dat.work(), List.of("[fe80::1%nosuchif" + i + "]:9")));
                        getdats++;
                    }
                }
                junk.send(new DatagramPacket(b, b.length, a.address()));
            }
        }
        // from another source: a GETDAT is answered with the DAT
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.setSoTimeout(200);
            byte[] ask = DaveCodec.encode(DaveMsg.getDat(dat.work(), List.of()));
            Optional<DaveMsg> answer = Optional.empty();
            for (int i = 0; i < 25 && answer.isEmpty(); i++) {
                client.send(new DatagramPacket(ask, ask.length, a.address()));
                answer = receiveDat(client);
            }
            assertThat(answer).as("a DAT from the flooded host").isPresent();
            assertThat(answer.get().val()).isEqualTo(dat.val());
        }
        DaveHost.Stats s = until(a, st -> st.datagrams() >= 1, Duration.ofSeconds(10), "stats");
        assertThat(s.oversized()).as("oversized datagrams dropped unread").isPositive().isLessThanOrEqualTo(oversized);
        assertThat(s.undecodable()).as("random bytes and bad addresses").isPositive()
                .isLessThanOrEqualTo(random + badAddress);
        // every datagram the socket delivered was dropped, or a GETDAT, or random bytes that happen to
        // decode (unknown fields are skipped: a GETPEER)
        assertThat(s.datagrams() - s.dropped()).isLessThanOrEqualTo(getdats + random + 25);
        // more GETDATs than the source's tokens: the rest were refused for rate
        // the route's unreachable address was never sent to: each try counted as unsendable
        assertThat(s.unsendable()).isPositive();
        assertThat(s.refused()).containsKey(DaveOutput.Reason.RATE);
    }

    private static Optional<DaveMsg> receiveDat(DatagramSocket client) throws Exception {
        byte[] buf = new byte[DaveConfig.PACKET_SIZE + 1];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            client.receive(p);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return DaveCodec.decode(Arrays.copyOf(buf, p.getLength())) instanceof Decoded.Ok<DaveMsg> ok
                && ok.value().op() == DaveMsg.Op.DAT ? Optional.of(ok.value()) : Optional.empty();
    }

    /** The bytes of a PEER listing {@code address}, written by hand (our encoder would write what it is given). */
    static byte[] peerWithAddress(String address) {
        byte[] a = address.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[4 + a.length];
        b[0] = 0x08; // op, varint
        b[1] = 0x01; // PEER
        b[2] = 0x12; // peers, length-delimited
        b[3] = (byte) a.length;
        System.arraycopy(a, 0, b, 4, a.length);
        return b;
    }
}
