package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1: handshake, admission, typed messages, one link per peer. */
class LinksTest {
    /** A bound on waits for another thread (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkConfig CONFIG = LinkConfig.defaults()
            .withAdmission(AdmissionPolicy.ofDifficulty(256, Duration.ofSeconds(5)));
    private final PowSolver solver = new PowSolver(1, InstantSource.system());
    private final List<Links> all = new java.util.ArrayList<>();

    /** What a node's listener saw, in order. */
    record Seen(String what, PublicKey peer, MessageType type, byte[] body) {}

    final class Node implements LinkListener {
        final PrivateKey key;
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        final Links links;
        final InetSocketAddress address;

        Node() {
            this(PrivateKey.generate(RANDOM), CONFIG);
        }

        /** A node with {@code key} (another process of the same node: a restart) and {@code config}. */
        Node(PrivateKey key, LinkConfig config) {
            this.key = key;
            links = Links.builder(key, this)
                    .config(config).random(RANDOM).clock(InstantSource.system()).solver(AdmissionSolver.of(solver))
                    .build();
            all.add(links);
            address = links.listen(new InetSocketAddress("127.0.0.1", 0));
        }

        PublicKey id() {
            return key.publicKey();
        }

        @Override
        public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {
            seen.add(new Seen("up", peer, null, null));
        }

        @Override
        public void linkDown(PublicKey peer, String reason) {
            seen.add(new Seen("down:" + reason, peer, null, null));
        }

        @Override
        public void message(PublicKey peer, MessageType type, byte[] body) {
            seen.add(new Seen("message", peer, type, body));
        }

        Seen next() throws InterruptedException {
            Seen s = seen.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("an event within 10 s").isNotNull();
            return s;
        }
    }

    @AfterEach
    void close() {
        all.forEach(Links::close);
    }

    /** The builder names a missing solver; everything else has a default (configuration, randomness, clock, loops). */
    @Test
    void theBuilderNeedsOnlyAKeyAListenerAndASolver() {
        PrivateKey key = PrivateKey.generate(RANDOM);
        assertThatThrownBy(() -> Links.builder(key, LinkListener.NONE).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("solver");
        try (Links links = Links.builder(key, LinkListener.NONE)
                .solver(AdmissionSolver.of(new PowSolver(1, InstantSource.system()))).build()) {
            assertThat(links.self()).isEqualTo(key.publicKey());
            assertThat(links.listen(new InetSocketAddress("127.0.0.1", 0)).getPort()).isPositive();
        }
    }

    @Test
    void twoNodesLinkAndExchangeTypedMessages() throws Exception {
        Node a = new Node();
        Node b = new Node();
        assertThat(a.links.connect(b.id(), b.address).get(10, TimeUnit.SECONDS)).isEqualTo(b.id());
        assertThat(a.next()).extracting(Seen::what, Seen::peer).containsExactly("up", b.id());
        assertThat(b.next()).extracting(Seen::what, Seen::peer).containsExactly("up", a.id());

        assertThat(a.links.send(b.id(), MessageType.GOSSIP, new byte[] {1, 2, 3})).isTrue();
        Seen got = b.next();
        assertThat(got.type()).isEqualTo(MessageType.GOSSIP);
        assertThat(got.body()).containsExactly(1, 2, 3);
        assertThat(b.links.send(a.id(), MessageType.DISCOVERY, new byte[0])).isTrue();
        assertThat(a.next().type()).isEqualTo(MessageType.DISCOVERY);
        assertThat(a.links.peers()).containsExactly(b.id());

        a.links.disconnect(b.id(), "test says goodbye");
        assertThat(a.next().what()).isEqualTo("down:test says goodbye");
        assertThat(b.next().what()).startsWith("down:");
        assertThat(a.links.peers()).isEmpty();
    }

    @Test
    void countersSplitLinksByDirectionMessagesByTypeAndClosesByCause() throws Exception {
        Node a = new Node();
        Node b = new Node();
        a.links.connect(b.id(), b.address).get(10, TimeUnit.SECONDS);
        a.next();
        b.next();
        assertThat(a.links.links(true)).isEqualTo(1);
        assertThat(a.links.links(false)).isZero();
        assertThat(b.links.links(false)).isEqualTo(1);
        assertThat(a.links.opened(true)).isEqualTo(1);
        assertThat(b.links.opened(false)).isEqualTo(1);

        a.links.send(b.id(), MessageType.GOSSIP, new byte[] {1});
        a.links.send(b.id(), MessageType.GOSSIP, new byte[] {2});
        a.links.send(b.id(), MessageType.ITEM, new byte[] {3});
        for (int i = 0; i < 3; i++) {
            b.next();
        }
        assertThat(a.links.sent(MessageType.GOSSIP)).isEqualTo(2);
        assertThat(a.links.sent(MessageType.ITEM)).isEqualTo(1);
        assertThat(b.links.received(MessageType.GOSSIP)).isEqualTo(2);
        assertThat(b.links.received(MessageType.ITEM)).isEqualTo(1);
        assertThat(b.links.received(MessageType.DISCOVERY)).isZero();

        a.links.disconnect(b.id(), "protocol: three strikes");
        a.next();
        b.next();
        assertThat(a.links.closed(CloseCause.PROTOCOL)).isEqualTo(1);
        assertThat(b.links.closed(CloseCause.PEER)).isEqualTo(1);
        assertThat(a.links.links(true)).isZero();

        // a dial to the wrong key never becomes a link: the responder fails the handshake
        a.links.connect(PrivateKey.generate(RANDOM).publicKey(), b.address).handle((ok, e) -> null)
                .get(10, TimeUnit.SECONDS);
        await("b counts the failed handshake").atMost(WAIT).until(() -> b.links.failed(CloseCause.HANDSHAKE) > 0);
        assertThat(b.links.failed(CloseCause.HANDSHAKE)).isEqualTo(1);
        assertThat(b.links.closed(CloseCause.HANDSHAKE)).isZero();
        assertThat(b.links.opened(false)).isEqualTo(1);
    }

    @Test
    void aLinkShowsItsDirectionWhenItCameUpAndHowOftenThePeerRelinked() throws Exception {
        Node a = new Node();
        Node b = new Node();
        java.time.Instant before = java.time.Instant.now();
        a.links.connect(b.id(), b.address).get(10, TimeUnit.SECONDS);
        a.next();
        b.next();
        LinkInfo dialled = a.links.link(b.id()).orElseThrow();
        LinkInfo accepted = b.links.link(a.id()).orElseThrow();
        assertThat(dialled.outbound()).isTrue();
        assertThat(accepted.outbound()).isFalse();
        assertThat(dialled.since()).isAfterOrEqualTo(before.minusMillis(1)).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(dialled.reconnects()).isZero();
        assertThat(accepted.reconnects()).isZero();
        assertThat(dialled.remote().getPort()).isEqualTo(b.address.getPort());

        // the relinked link's since must be a later instant than the first one's
        await("the clock to pass the first link's since").atMost(WAIT).pollInterval(Duration.ofMillis(1))
                .until(() -> java.time.Instant.now().isAfter(dialled.since()));
        a.links.disconnect(b.id(), "test: relink");
        a.next();
        b.next();
        assertThat(a.links.link(b.id())).isEmpty();
        // b dials back this time: the direction follows the new link on both sides
        b.links.connect(a.id(), a.address).get(10, TimeUnit.SECONDS);
        a.next();
        b.next();
        LinkInfo again = a.links.link(b.id()).orElseThrow();
        assertThat(again.outbound()).isFalse();
        assertThat(again.since()).isAfter(dialled.since());
        assertThat(again.reconnects()).isEqualTo(1);
        LinkInfo againB = b.links.link(a.id()).orElseThrow();
        assertThat(againB.outbound()).isTrue();
        assertThat(againB.reconnects()).isEqualTo(1);
        assertThat(a.links.linkInfos()).containsExactly(again);
    }

    @Test
    void dialingTheWrongKeyFailsTheHandshakeWithAReason() {
        Node a = new Node();
        Node b = new Node();
        PublicKey impostor = PrivateKey.generate(RANDOM).publicKey();
        assertThatThrownBy(() -> a.links.connect(impostor, b.address).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LinkException.class);
        assertThat(a.links.peers()).isEmpty();
        assertThat(b.links.peers()).isEmpty();
    }

    @Test
    void dialingBothWaysAtOnceLeavesOneLink() throws Exception {
        Node a = new Node();
        Node b = new Node();
        var ab = a.links.connect(b.id(), b.address);
        var ba = b.links.connect(a.id(), a.address);
        ab.get(10, TimeUnit.SECONDS);
        ba.get(10, TimeUnit.SECONDS);
        // one "up" each, and the surviving link carries messages both ways
        assertThat(a.next().what()).isEqualTo("up");
        assertThat(b.next().what()).isEqualTo("up");
        await("the duplicate connection to close at both ends").atMost(WAIT)
                .until(() -> a.links.stats().connections() <= 1 && b.links.stats().connections() <= 1);
        assertThat(a.links.stats().connections()).isEqualTo(1);
        assertThat(b.links.stats().connections()).isEqualTo(1);
        assertThat(a.links.send(b.id(), MessageType.GOSSIP, new byte[] {7})).isTrue();
        assertThat(b.next().body()).containsExactly(7);
        assertThat(b.links.send(a.id(), MessageType.GOSSIP, new byte[] {8})).isTrue();
        assertThat(a.next().body()).containsExactly(8);
        assertThat(a.seen).isEmpty();
        assertThat(b.seen).isEmpty();
    }

    @Test
    void theDuplicateRuleKeepsTheLowerIdsDialInARaceAndTheNewerLinkOtherwise() {
        Duration race = Duration.ofSeconds(10);
        Duration quick = Duration.ofMillis(300);
        Duration late = race.multipliedBy(2).plusMillis(1);
        // a simultaneous dial: the link dialled by the lower id, whichever end decides and whatever came first
        assertThat(Links.keepNewer(true, true, false, quick, race)).isTrue();
        assertThat(Links.keepNewer(true, false, true, quick, race)).isFalse();
        assertThat(Links.keepNewer(false, false, true, quick, race)).isTrue();
        assertThat(Links.keepNewer(false, true, false, quick, race)).isFalse();
        // each link seen from both ends (our "outbound" is their "inbound", our "lower" their "higher"):
        // the two ends keep the same link
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean newOut : new boolean[] {true, false}) {
                for (Duration age : List.of(quick, late)) {
                    assertThat(Links.keepNewer(lower, newOut, !newOut, age, race))
                            .as("lower=%s newOutbound=%s age=%s", lower, newOut, age)
                            .isEqualTo(Links.keepNewer(!lower, !newOut, newOut, age, race));
                }
            }
        }
        // dialled the same way: the dialler holds no old link any more; the newer one is its only link
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean out : new boolean[] {true, false}) {
                assertThat(Links.keepNewer(lower, out, out, quick, race)).isTrue();
                assertThat(Links.keepNewer(lower, out, out, Duration.ZERO, race)).isTrue();
            }
        }
        // an old link the peer dialled around long after it: the peer lost the old one
        assertThat(Links.keepNewer(true, false, true, late, race)).isTrue();
        assertThat(Links.keepNewer(false, true, false, late, race)).isTrue();
    }

    /** The enrolment shape: a node links, closes, and links again from a new port before we saw the close. */
    @Test
    void aSecondLinkDialledTheSameWayReplacesTheFirstAndIsTheOneThatWorks() throws Exception {
        Node hub = new Node();
        Node spoke = new Node();
        spoke.links.connect(hub.id(), hub.address).get(10, TimeUnit.SECONDS);
        assertThat(hub.next().what()).isEqualTo("up");
        assertThat(spoke.next().what()).isEqualTo("up");
        // the same node from a second set of links (another process of it), while the first link is up
        Node again = new Node(spoke.key, CONFIG);
        assertThat(again.links.connect(hub.id(), hub.address).get(10, TimeUnit.SECONDS)).isEqualTo(hub.id());
        assertThat(again.next().what()).isEqualTo("up");
        assertThat(spoke.next().what()).startsWith("down:");
        assertThat(hub.links.peers()).containsExactly(spoke.id());
        assertThat(hub.links.send(spoke.id(), MessageType.GOSSIP, new byte[] {9})).isTrue();
        assertThat(again.next().body()).containsExactly(9);
        assertThat(hub.seen).as("the peer stayed up at the hub: no down, no second up").isEmpty();
        assertThat(hub.links.failed(CloseCause.DUPLICATE)).isZero();
    }

    /**
     * A peer that restarted (or whose old connection died unseen) dials us while we still hold the old link,
     * one we dialled with the lower id: the new link replaces it, instead of being refused until the old
     * one times out.
     */
    @Test
    void aPeerDiallingAgainLongAfterOurLinkToItReplacesTheStaleLink() throws Exception {
        LinkConfig quick = new LinkConfig(CONFIG.admission(), Duration.ofMillis(500), CONFIG.idle(),
                CONFIG.maxConnections(), CONFIG.maxPerIp(), CONFIG.framesPerSecond(), CONFIG.bytesPerSecond(),
                CONFIG.outboundHighWater(), CONFIG.outboundLowWater());
        Node x = new Node(PrivateKey.generate(RANDOM), quick);
        Node y = new Node(PrivateKey.generate(RANDOM), quick);
        Node low = x.id().compareTo(y.id()) < 0 ? x : y;
        Node high = low == x ? y : x;
        low.links.connect(high.id(), high.address).get(10, TimeUnit.SECONDS);
        assertThat(low.next().what()).isEqualTo("up");
        assertThat(high.next().what()).isEqualTo("up");
        // the time under test, not a wait for an event: the dial below must come after a simultaneous
        // dial's window (two handshake deadlines) has passed
        Thread.sleep(1_200);
        Node restarted = new Node(high.key, quick);
        assertThat(restarted.links.connect(low.id(), low.address).get(10, TimeUnit.SECONDS)).isEqualTo(low.id());
        assertThat(restarted.next().what()).isEqualTo("up");
        // the old process's link goes once low has put the new link in its place (the two ends of an
        // admission finish at slightly different times, so "up" at the restarted end is not enough)
        assertThat(high.next().what()).startsWith("down:");
        assertThat(low.links.send(high.id(), MessageType.GOSSIP, new byte[] {5})).isTrue();
        assertThat(restarted.next().body()).containsExactly(5);
        assertThat(low.links.peers()).containsExactly(high.id());
    }

    @Test
    void twoDialsToOnePeerShareOneConnection() throws Exception {
        Node a = new Node();
        Node b = new Node();
        var first = a.links.connect(b.id(), b.address);
        var second = a.links.connect(b.id(), b.address);
        assertThat(second).isSameAs(first);
        first.get(10, TimeUnit.SECONDS);
        assertThat(a.next().what()).isEqualTo("up");
        assertThat(b.next().what()).isEqualTo("up");
        assertThat(a.links.stats().connections()).isEqualTo(1);
        assertThat(b.links.stats().admitted()).isEqualTo(1);
    }

    @Test
    void anOversizedBodyIsOurBugAndNeverSent() throws Exception {
        Node a = new Node();
        Node b = new Node();
        a.links.connect(b.id(), b.address).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> a.links.send(b.id(), MessageType.DISCOVERY,
                new byte[MessageType.DISCOVERY.maxBody() + 1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over its limit");
        assertThat(a.links.send(PrivateKey.generate(RANDOM).publicKey(), MessageType.GOSSIP, new byte[1])).isFalse();
    }

    @Test
    void closesAtOurOwnShutdownAreDebugWhileThePeerLogsItsLinkClosingAtInfo() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Links.class.getName());
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Level level = jul.getLevel();
        jul.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(capture);
        try {
            Node a = new Node();
            Node b = new Node();
            a.links.connect(b.id(), b.address).get(10, TimeUnit.SECONDS);
            a.links.close();
            await("both ends to log their link's close").atMost(WAIT)
                    .until(() -> records.stream().anyMatch(r -> r.getMessage().endsWith(": node shutting down"))
                            && records.stream().anyMatch(r -> r.getMessage().endsWith(": closed by the peer")));
            assertThat(records).filteredOn(r -> r.getMessage().endsWith(": node shutting down")).hasSize(1)
                    .allMatch(r -> r.getLevel() == java.util.logging.Level.FINE);
            assertThat(records).filteredOn(r -> r.getMessage().endsWith(": closed by the peer")).hasSize(1)
                    .allMatch(r -> r.getLevel() == java.util.logging.Level.INFO);
        } finally {
            jul.removeHandler(capture);
            jul.setLevel(level);
        }
    }
}
