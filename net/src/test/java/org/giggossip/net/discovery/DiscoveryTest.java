package org.giggossip.net.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.validation.Penalty;
import org.giggossip.net.discovery.DiscoveryOutput.Dial;
import org.giggossip.net.discovery.DiscoveryOutput.Drop;
import org.giggossip.net.discovery.DiscoveryOutput.Penalise;
import org.giggossip.net.discovery.DiscoveryOutput.Send;
import org.junit.jupiter.api.Test;

/** {@link Discovery} stepped by hand with a hand clock and seeded randomness. */
class DiscoveryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final SecureRandom KEYS = TestRandom.seeded(99);
    private static final PublicKey SELF = key();
    private static final PublicKey ASKER = key();
    private static final Duration PERIOD = DiscoveryConfig.defaults().pingPeriod();

    private final MemoryAddressStore store = new MemoryAddressStore();

    private static PublicKey key() {
        return PrivateKey.generate(KEYS).publicKey();
    }

    private static PeerAddress addr(PublicKey id, int port) {
        return new PeerAddress(id, "10.0.0." + (port % 250 + 1), port);
    }

    private Discovery discovery(DiscoveryConfig config) {
        return new Discovery(SELF, config, store, TestRandom.seeded(7));
    }

    /** A peer the store knows as seen at T0 with no misses: responsive. */
    private PeerAddress responsive(int port) {
        PeerAddress a = addr(key(), port);
        store.upsert(a);
        store.markSeen(a.id(), T0);
        return a;
    }

    private static List<DiscoveryMessage> sent(List<DiscoveryOutput> out, PublicKey to) {
        List<DiscoveryMessage> m = new ArrayList<>();
        for (DiscoveryOutput o : out) {
            if (o instanceof Send s && s.peer().equals(to)) {
                m.add(s.message());
            }
        }
        return m;
    }

    private static DiscoveryMessage.Ping ping(List<DiscoveryOutput> out, PublicKey to) {
        return sent(out, to).stream().filter(DiscoveryMessage.Ping.class::isInstance)
                .map(DiscoveryMessage.Ping.class::cast).findFirst().orElseThrow();
    }

    private static List<PeerAddress> dials(List<DiscoveryOutput> out) {
        return out.stream().filter(Dial.class::isInstance).map(o -> ((Dial) o).address()).toList();
    }

    private static byte[] body(DiscoveryMessage m) {
        return DiscoveryCodec.encode(m);
    }

    @Test
    void pingIsAnsweredWithItsNonceAndTheirListenAddressIsLearned() {
        Discovery d = discovery(DiscoveryConfig.defaults().withListen("me.example", 9735));
        PublicKey peer = key();
        d.linkUp(peer, false, "192.0.2.7");
        List<DiscoveryOutput> out = d.message(peer, body(new DiscoveryMessage.Ping(77, "", 4000)), T0);
        assertThat(sent(out, peer)).containsExactly(new DiscoveryMessage.Pong(77, "me.example", 9735));
        assertThat(d.entry(peer).orElseThrow().address()).isEqualTo(new PeerAddress(peer, "192.0.2.7", 4000));
        assertThat(store.loadAll()).extracting(AddressEntry::address).containsExactly(
                new PeerAddress(peer, "192.0.2.7", 4000));
        // a peer that does not listen is not recorded
        PublicKey client = key();
        d.linkUp(client, false, "192.0.2.8");
        d.message(client, body(new DiscoveryMessage.Ping(1, "", 0)), T0);
        assertThat(d.entry(client)).isEmpty();
    }

    @Test
    void pingIsAnsweredOnALinkNotReportedYetAndTheRestWaitsForIt() {
        Discovery d = discovery(DiscoveryConfig.defaults().withListen("me.example", 9735));
        PublicKey peer = key();
        // the host delivers messages and link reports on different paths: a PING may come first
        List<DiscoveryOutput> out = d.message(peer, body(new DiscoveryMessage.Ping(5, "", 4000)), T0);
        assertThat(sent(out, peer)).containsExactly(new DiscoveryMessage.Pong(5, "me.example", 9735));
        assertThat(d.message(peer, body(new DiscoveryMessage.GetPeer()), T0)).isEmpty();
        assertThat(d.message(peer, new byte[] {0x7f}, T0)).isEmpty();
        assertThat(d.entry(peer)).isEmpty();
        // and the link once reported is pinged, answered, and its listen address learned
        d.linkUp(peer, false, "192.0.2.7");
        out = d.message(peer, body(new DiscoveryMessage.Ping(6, "", 4000)), T0);
        assertThat(sent(out, peer)).containsExactly(new DiscoveryMessage.Pong(6, "me.example", 9735));
        assertThat(d.entry(peer).orElseThrow().address()).isEqualTo(new PeerAddress(peer, "192.0.2.7", 4000));
    }

    @Test
    void aWildcardListenHostIsTheAddressSeenAndNeverAdvertisedOrLearned() {
        Discovery d = discovery(DiscoveryConfig.defaults());
        PublicKey peer = key();
        d.linkUp(peer, false, "192.0.2.7");
        d.message(peer, body(new DiscoveryMessage.Ping(1, "0.0.0.0", 4000)), T0);
        assertThat(d.entry(peer).orElseThrow().address()).isEqualTo(new PeerAddress(peer, "192.0.2.7", 4000));
        PublicKey v6 = key();
        d.linkUp(v6, false, "2001:db8::1");
        d.message(v6, body(new DiscoveryMessage.Ping(1, "::", 4001)), T0);
        assertThat(d.entry(v6).orElseThrow().address()).isEqualTo(new PeerAddress(v6, "2001:db8::1", 4001));
        assertThat(PeerAddress.isWildcard("0.0.0.0")).isTrue();
        assertThat(PeerAddress.isWildcard("0:0:0:0:0:0:0:0")).isTrue();
        assertThat(PeerAddress.isWildcard("127.0.0.1")).isFalse();
        assertThat(PeerAddress.isWildcard("")).isFalse();
    }

    @Test
    void aNewLinkIsAskedForPeersWithItsFirstPingOnlyBelowTheTarget() {
        Discovery d = discovery(DiscoveryConfig.defaults().withTargetLinks(3));
        PublicKey first = key();
        d.linkUp(first, true);
        assertThat(sent(d.tick(T0), first)).hasSize(2).contains(new DiscoveryMessage.GetPeer());
        // a second link in the same getPeerInterval is asked too, at once
        PublicKey second = key();
        d.linkUp(second, false);
        assertThat(sent(d.tick(T0.plusSeconds(1)), second)).contains(new DiscoveryMessage.GetPeer());
        // and not again with its next ping (the periodic GETPEER goes to one random link)
        List<DiscoveryOutput> later = d.tick(T0.plus(PERIOD).plusSeconds(1));
        assertThat(sent(later, first).stream().filter(DiscoveryMessage.GetPeer.class::isInstance).count()
                + sent(later, second).stream().filter(DiscoveryMessage.GetPeer.class::isInstance).count())
                .isEqualTo(1);
        // at the target, a new link is only pinged
        PublicKey third = key();
        d.linkUp(third, true);
        assertThat(sent(d.tick(T0.plus(PERIOD).plusSeconds(2)), third)).singleElement()
                .isInstanceOf(DiscoveryMessage.Ping.class);
    }

    @Test
    void undecodableBodiesArePenalised() {
        Discovery d = discovery(DiscoveryConfig.defaults());
        PublicKey peer = key();
        d.linkUp(peer, true);
        assertThat(d.message(peer, new byte[] {0x7f}, T0)).singleElement().isInstanceOf(Penalise.class)
                .extracting(o -> ((Penalise) o).penalty()).satisfies(p -> {
                    assertThat(p.reason()).isEqualTo(Penalty.Reason.UNDECODABLE);
                    assertThat(p.disconnects()).isTrue();
                    assertThat(p.detail()).contains("unknown discovery message type");
                });
        // nothing from a peer we hold no link to
        assertThat(d.message(key(), new byte[] {0x7f}, T0)).isEmpty();
    }

    @Test
    void twoStageDropStepByStep() {
        PeerAddress a = responsive(5000);
        DiscoveryConfig config = DiscoveryConfig.defaults().withTargetLinks(1);
        Discovery d = discovery(config);
        d.linkUp(a.id(), true);
        Instant t = T0;

        // a ping answered: both counters zero, last seen now
        List<DiscoveryOutput> out = d.tick(t);
        DiscoveryMessage.Ping p = ping(out, a.id());
        d.message(a.id(), body(new DiscoveryMessage.Pong(p.nonce() + 1, "", 0)), t); // wrong nonce: ignored
        t = t.plusSeconds(1);
        d.message(a.id(), body(p.pong("", 0)), t);
        assertThat(d.entry(a.id()).orElseThrow()).isEqualTo(new AddressEntry(a, t, 0, 0));

        // nothing due before the period
        assertThat(sent(d.tick(t.plusSeconds(5)), a.id())).isEmpty();

        // first miss: one ping counted, still advertised
        t = T0.plus(PERIOD);
        d.tick(t);
        t = t.plus(PERIOD);
        out = d.tick(t);
        assertThat(d.entry(a.id()).orElseThrow().pings()).isEqualTo(1);
        assertThat(out).noneMatch(Drop.class::isInstance);
        assertThat(advertised(d)).contains(a);

        // second miss = TOLERANCE: stage one, one drop, not advertised, link closed
        t = t.plus(PERIOD);
        out = d.tick(t);
        assertThat(d.entry(a.id()).orElseThrow()).extracting(AddressEntry::pings, AddressEntry::drops)
                .containsExactly(0, 1);
        assertThat(out).contains(new Drop(a.id(), "2 pings unanswered"));
        assertThat(advertised(d)).doesNotContain(a);
        assertThat(d.links()).isEmpty();
        d.linkDown(a.id());

        // stage two: each failed dial is a miss; at DROP * TOLERANCE drops the peer is forgotten
        int dialsNeeded = (config.drop() * config.tolerance() - 1) * config.tolerance();
        for (int i = 0; i < dialsNeeded; i++) {
            t = t.plus(config.maxDialBackoff());
            assertThat(dials(d.tick(t))).as("redial %d", i).containsExactly(a);
            assertThat(d.entry(a.id())).isPresent();
            d.dialFailed(a, t);
        }
        assertThat(d.entry(a.id())).isEmpty();
        assertThat(store.loadAll()).isEmpty();
        assertThat(dials(d.tick(t.plus(config.maxDialBackoff())))).isEmpty();
    }

    @Test
    void bootstrapPeersAreNeverForgotten() {
        DiscoveryConfig config = DiscoveryConfig.defaults().withTargetLinks(1);
        Discovery d = discovery(config);
        PeerAddress boot = addr(key(), 6000);
        d.bootstrap(List.of(boot, addr(SELF, 6001)));
        assertThat(d.size()).isEqualTo(1);
        Instant t = T0;
        for (int i = 0; i < 4 * config.drop() * config.tolerance() * config.tolerance(); i++) {
            assertThat(dials(d.tick(t))).containsExactly(boot);
            d.dialFailed(boot, t);
            t = t.plus(config.maxDialBackoff());
        }
        assertThat(d.entry(boot.id()).orElseThrow().drops()).isGreaterThanOrEqualTo(config.drop() * config.tolerance());
    }

    /** Asks {@code d} with a fresh asker each time, so no rate limit applies. */
    private List<PeerAddress> advertised(Discovery d) {
        PublicKey asker = key();
        d.linkUp(asker, false);
        List<DiscoveryOutput> out = d.message(asker, body(new DiscoveryMessage.GetPeer()), T0);
        d.linkDown(asker);
        return ((DiscoveryMessage.Peer) sent(out, asker).get(0)).peers();
    }

    @Test
    void getPeerAnswersAreUniformWithoutRepeatsAndOnlyResponsive() {
        List<PeerAddress> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(responsive(7000 + i));
        }
        PeerAddress dropped = responsive(7100);
        store.recordDrop(dropped.id());
        PeerAddress missed = responsive(7101);
        store.recordPing(missed.id());
        store.recordPing(missed.id());
        PeerAddress unconfirmed = addr(key(), 7102);
        store.upsert(unconfirmed);
        store.upsert(new PeerAddress(ASKER, "10.9.9.9", 9));
        store.markSeen(ASKER, T0);
        Discovery d = discovery(DiscoveryConfig.defaults());
        d.linkUp(ASKER, false);

        Map<PeerAddress, Integer> counts = new HashMap<>();
        int rounds = 3000;
        Instant t = T0;
        for (int i = 0; i < rounds; i++) {
            t = t.plus(DiscoveryConfig.defaults().answerInterval());
            List<DiscoveryMessage> m = sent(d.message(ASKER, body(new DiscoveryMessage.GetPeer()), t), ASKER);
            List<PeerAddress> peers = ((DiscoveryMessage.Peer) m.get(0)).peers();
            assertThat(peers).hasSize(DiscoveryConfig.NPEER).doesNotHaveDuplicates().isSubsetOf(good);
            peers.forEach(a -> counts.merge(a, 1, Integer::sum));
        }
        // each of the 10 is expected 900 times (3000 x 3 / 10); a fair draw stays within 5 sigma (~125)
        assertThat(counts).hasSize(10);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(775, 1025));
    }

    @Test
    void getPeerAnswersAreRateLimitedPerPeer() {
        responsive(7200);
        Discovery d = discovery(DiscoveryConfig.defaults());
        d.linkUp(ASKER, false);
        Duration interval = DiscoveryConfig.defaults().answerInterval();
        assertThat(d.message(ASKER, body(new DiscoveryMessage.GetPeer()), T0)).hasSize(1);
        assertThat(d.message(ASKER, body(new DiscoveryMessage.GetPeer()), T0.plus(interval).minusMillis(1)))
                .isEmpty();
        assertThat(d.message(ASKER, body(new DiscoveryMessage.GetPeer()), T0.plus(interval))).hasSize(1);
    }

    @Test
    void bootstrapDialsAFewAtATimeAndBacksOffFailures() {
        DiscoveryConfig config = DiscoveryConfig.defaults();
        Discovery d = discovery(config);
        List<PeerAddress> boot = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boot.add(addr(key(), 8000 + i));
        }
        d.bootstrap(boot);
        List<PeerAddress> first = dials(d.tick(T0));
        assertThat(first).hasSize(config.maxDials()).doesNotHaveDuplicates().isSubsetOf(boot);
        assertThat(dials(d.tick(T0.plusSeconds(1)))).as("all dial slots busy").isEmpty();

        // a failure frees a slot for an address not yet tried; the failed one waits out its back-off
        PeerAddress failed = first.get(0);
        List<PeerAddress> next = dials(d.dialFailed(failed, T0.plusSeconds(2)));
        assertThat(next).hasSize(1).doesNotContainAnyElementsOf(first);
        // a link up frees another
        d.linkUp(first.get(1).id(), true);
        PeerAddress last = dials(d.tick(T0.plusSeconds(3))).get(0);
        assertThat(new HashSet<>(List.of(first.get(0), first.get(1), first.get(2), next.get(0), last)))
                .containsExactlyInAnyOrderElementsOf(boot);
        // dials never reported time out and count as failures; only then is the failed one retried
        Instant later = T0.plusSeconds(2).plus(config.dialBackoff());
        List<PeerAddress> retry = dials(d.tick(later));
        assertThat(retry).contains(failed).doesNotContain(first.get(1));
        assertThat(d.entry(first.get(2).id()).orElseThrow().pings()).isEqualTo(1);
    }

    @Test
    void peerAnswersAreBoundedSolicitedAndNeverAddUs() {
        DiscoveryConfig config = DiscoveryConfig.defaults().withMaxAddresses(6, 3);
        Discovery d = discovery(config);
        PublicKey source = key();
        d.linkUp(source, true);
        List<PeerAddress> offered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            offered.add(addr(key(), 9000 + i));
        }
        // unsolicited: ignored
        d.message(source, body(new DiscoveryMessage.Peer(offered.subList(0, 3))), T0);
        assertThat(d.size()).isZero();

        // solicited: only the first NPEER entries, never our own id
        assertThat(sent(d.tick(T0), source)).contains(new DiscoveryMessage.GetPeer());
        List<PeerAddress> withSelf = List.of(addr(SELF, 1), offered.get(0), offered.get(1), offered.get(2));
        List<DiscoveryOutput> out = d.message(source, body(new DiscoveryMessage.Peer(withSelf)), T0);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.entry(SELF)).isEmpty();
        assertThat(dials(out)).isNotEmpty().isSubsetOf(offered.get(0), offered.get(1));

        // one peer adds at most maxPerSource; a known peer's address is not rewritten by another
        Instant t = T0.plus(config.getPeerInterval());
        d.tick(t);
        PeerAddress hijack = new PeerAddress(offered.get(0).id(), "203.0.113.66", 1);
        d.message(source, body(new DiscoveryMessage.Peer(List.of(hijack, offered.get(3), offered.get(4)))), t);
        assertThat(d.entry(offered.get(0).id()).orElseThrow().address()).isEqualTo(offered.get(0));
        assertThat(d.size()).isEqualTo(config.maxPerSource());

        // the book never exceeds maxAddresses, however many peers add to it
        PublicKey previous = source;
        for (int round = 0; round < 5; round++) {
            PublicKey other = key();
            d.linkDown(previous);
            d.linkUp(other, true);
            previous = other;
            t = t.plus(config.getPeerInterval());
            assertThat(sent(d.tick(t), other)).contains(new DiscoveryMessage.GetPeer());
            List<PeerAddress> more = List.of(addr(key(), 9100 + round), addr(key(), 9200 + round));
            d.message(other, body(new DiscoveryMessage.Peer(more)), t);
        }
        assertThat(d.size()).isEqualTo(config.maxAddresses());
        assertThat(store.size()).isEqualTo(config.maxAddresses());
    }

    @Test
    void theBookSurvivesARestart() {
        Discovery d = discovery(DiscoveryConfig.defaults().withTargetLinks(1));
        PublicKey peer = key();
        d.linkUp(peer, false, "198.51.100.4");
        d.message(peer, body(new DiscoveryMessage.Ping(5, "peer.example", 9735)), T0);
        DiscoveryMessage.Ping p = ping(d.tick(T0), peer);
        d.message(peer, body(p.pong("peer.example", 9735)), T0.plusSeconds(1));
        d.tick(T0.plus(PERIOD)); // that ping goes unanswered
        d.tick(T0.plus(PERIOD).plus(PERIOD));
        AddressEntry before = d.entry(peer).orElseThrow();
        assertThat(before).isEqualTo(new AddressEntry(new PeerAddress(peer, "peer.example", 9735),
                T0.plusSeconds(1), 1, 0));

        // restart: a new Discovery over the same store
        Discovery again = discovery(DiscoveryConfig.defaults().withTargetLinks(1));
        assertThat(again.entry(peer)).contains(before);
        assertThat(again.size()).isEqualTo(1);
        assertThat(dials(again.tick(T0.plus(Duration.ofHours(1))))).containsExactly(before.address());
    }
}
