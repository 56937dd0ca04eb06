package org.giggossip.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateBody;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.WireLimits;
import org.junit.jupiter.api.Test;

/** The outbox of replies for peers whose link is down: order, expiry, and every cap. */
class OutboxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");
    private static final Signer SETTLER = Signer.of(PrivateKey.generate(RANDOM), RANDOM);
    private static final Certificate SETTLER_CERT = Certificate.sign(CertificateBody.of(1, SETTLER.publicKey(),
            Map.of("role", "settler"), T0, T0.plus(Duration.ofDays(365)), SETTLER.publicKey(), ""), SETTLER);
    /** Caps small enough to reach: 4 frames a peer, 10 in all, and the smallest byte caps allowed. */
    private static final Outbox.Limits SMALL = new Outbox.Limits(4, WireLimits.MAX_FRAME_BYTES, 10,
            2L * WireLimits.MAX_FRAME_BYTES, Duration.ofMinutes(10));

    private final PublicKey customer = PrivateKey.generate(RANDOM).publicKey();
    private final PublicKey other = PrivateKey.generate(RANDOM).publicKey();

    /** A reply whose settlement promise expires at {@code expiresAt}; {@code n} tells replies apart. */
    static ReplyFrame reply(int n, Instant expiresAt) {
        byte[] payload = new byte[] {(byte) n, (byte) (n >> 8), 1, 2};
        SettlementPromise promise = SettlementPromise.sign(new SettlementPromiseBody(SETTLER_CERT,
                Hash32.of(filled(n, 0x33)), SettlementPromise.hashOfEncryptedReplyPayload(payload),
                Hash32.of(filled(n, 0x44)), 2000, 15_000_000, expiresAt, "lnbcrt150u1pjob", java.util.Optional.empty()), SETTLER);
        return new ReplyFrame(payload, promise, new byte[8], "lnbcrt20n1pnet");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        return b;
    }

    private static List<Frame> drain(Outbox box, PublicKey peer) {
        List<Frame> out = new ArrayList<>();
        for (var h = box.first(peer); h.isPresent(); h = box.first(peer)) {
            out.add(h.get().frame());
            box.remove(peer);
        }
        return out;
    }

    private static Outbox.Holding hold(Outbox box, PublicKey peer, ReplyFrame r, Instant now) {
        return box.hold(peer, r, FrameCodec.encode(r), r.settlementPromise().body().expiresAt(), now);
    }

    @Test
    void onlyRepliesAreHeldAndForTheirPromisesValidity() {
        Instant expires = T0.plusSeconds(90);
        assertThat(Outbox.validity(reply(1, expires))).contains(expires);
        AskDeclinedFrame declined = new AskDeclinedFrame(AskId.random(RANDOM), DeclineReason.OVERLOADED, "busy");
        assertThat(Outbox.validity(declined)).isEmpty();
    }

    @Test
    void aPeersRepliesAreKeptInTheirOrderUntilItLinksAgain() {
        Outbox box = new Outbox(Outbox.Limits.defaults());
        List<Frame> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReplyFrame r = reply(i, T0.plusSeconds(120));
            sent.add(r);
            assertThat(hold(box, customer, r, T0.plusSeconds(i)).dropped()).isEmpty();
        }
        hold(box, other, reply(9, T0.plusSeconds(120)), T0);
        assertThat(box.holds(customer)).isTrue();
        assertThat(box.messages()).isEqualTo(4);
        assertThat(drain(box, customer)).containsExactlyElementsOf(sent);
        assertThat(box.holds(customer)).isFalse();
        assertThat(box.messages()).isEqualTo(1);
    }

    @Test
    void aReplyIsDroppedWhenItsValidityEndsAndTheOthersKeepTheirOrder() {
        Outbox box = new Outbox(Outbox.Limits.defaults());
        ReplyFrame early = reply(1, T0.plusSeconds(30));
        ReplyFrame late = reply(2, T0.plusSeconds(300));
        ReplyFrame later = reply(3, T0.plusSeconds(400));
        hold(box, customer, late, T0);
        hold(box, customer, early, T0);
        hold(box, customer, later, T0);
        assertThat(box.expire(T0.plusSeconds(29))).isEmpty();
        List<Outbox.Dropped> expired = box.expire(T0.plusSeconds(30));
        assertThat(expired).extracting(d -> d.held().frame()).containsExactly(early);
        assertThat(expired).extracting(Outbox.Dropped::why).containsOnly(Outbox.Drop.EXPIRED);
        assertThat(box.bytes()).isEqualTo(FrameCodec.encode(late).length + FrameCodec.encode(later).length);
        assertThat(drain(box, customer)).containsExactly(late, later);
    }

    @Test
    void aReplyIsHeldNoLongerThanTheLongestHoldWhateverItsPromiseSays() {
        Outbox box = new Outbox(new Outbox.Limits(4, WireLimits.MAX_FRAME_BYTES, 10, 2L * WireLimits.MAX_FRAME_BYTES,
                Duration.ofMinutes(2)));
        Outbox.Holding h = hold(box, customer, reply(1, T0.plus(Duration.ofDays(30))), T0);
        assertThat(h.held().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(box.expire(T0.plus(Duration.ofMinutes(2)))).hasSize(1);
        assertThat(box.messages()).isZero();
        assertThat(box.bytes()).isZero();
        assertThat(box.peers()).isEmpty();
    }

    @Test
    void aPeersCapInFramesPushesOutItsOldestFirst() {
        Outbox box = new Outbox(SMALL);
        List<ReplyFrame> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replies.add(reply(i, T0.plusSeconds(120)));
        }
        List<Outbox.Dropped> dropped = new ArrayList<>();
        for (ReplyFrame r : replies) {
            dropped.addAll(hold(box, customer, r, T0).dropped());
        }
        assertThat(dropped).extracting(d -> d.held().frame()).containsExactly(replies.get(0), replies.get(1));
        assertThat(dropped).extracting(Outbox.Dropped::why).containsOnly(Outbox.Drop.PEER_CAP);
        assertThat(drain(box, customer)).containsExactlyElementsOf(replies.subList(2, 6));
    }

    @Test
    void aPeersCapInBytesPushesOutItsOldestFirst() {
        ReplyFrame r = reply(1, T0.plusSeconds(120));
        int size = FrameCodec.encode(r).length;
        // room for exactly two of these replies a peer, in bytes; many more in frames
        Outbox box = new Outbox(new Outbox.Limits(100, Math.max(WireLimits.MAX_FRAME_BYTES, 2L * size),
                1000, 100L * WireLimits.MAX_FRAME_BYTES, Duration.ofMinutes(10)));
        long perPeer = Math.max(WireLimits.MAX_FRAME_BYTES, 2L * size);
        int fit = (int) (perPeer / size);
        List<ReplyFrame> replies = new ArrayList<>();
        List<Outbox.Dropped> dropped = new ArrayList<>();
        for (int i = 0; i < fit + 3; i++) {
            ReplyFrame next = reply(i, T0.plusSeconds(120));
            replies.add(next);
            dropped.addAll(hold(box, customer, next, T0).dropped());
        }
        assertThat(box.bytes()).isLessThanOrEqualTo(perPeer);
        assertThat(dropped).isNotEmpty().allSatisfy(d -> assertThat(d.why()).isEqualTo(Outbox.Drop.PEER_CAP));
        assertThat(dropped).extracting(d -> d.held().frame())
                .containsExactlyElementsOf(replies.subList(0, dropped.size()));
        assertThat(drain(box, customer)).containsExactlyElementsOf(replies.subList(dropped.size(), replies.size()));
    }

    /**
     * A hostile peer makes us reply over and over and never links again: what it costs stays within
     * its peer cap, and the one reply held for an honest peer survives when several such peers fill
     * the total cap (the peer holding the most loses first: only as many hostile peers as the total
     * cap in frames, each holding as little as the honest one, could push it out).
     */
    @Test
    void peersThatMakeUsReplyAndLeaveCostBoundedMemoryAndCannotPushOutAnHonestPeersReply() {
        Outbox box = new Outbox(SMALL);
        ReplyFrame honest = reply(0, T0.plusSeconds(600));
        hold(box, customer, honest, T0);
        PublicKey hostile = PrivateKey.generate(RANDOM).publicKey();
        for (int i = 1; i <= 1000; i++) {
            hold(box, hostile, reply(i, T0.plusSeconds(600)), T0.plusMillis(i));
            assertThat(box.messages()).isLessThanOrEqualTo(1 + SMALL.perPeerMessages());
        }
        // more hostile identities, each holding a full peer's worth: the total caps hold
        for (int p = 0; p < 5; p++) {
            PublicKey h = PrivateKey.generate(RANDOM).publicKey();
            for (int i = 0; i < SMALL.perPeerMessages(); i++) {
                hold(box, h, reply(2000 + p * 10 + i, T0.plusSeconds(600)), T0.plusSeconds(2 + p));
                assertThat(box.messages()).isLessThanOrEqualTo(SMALL.totalMessages());
                assertThat(box.bytes()).isLessThanOrEqualTo(SMALL.totalBytes());
            }
        }
        assertThat(box.first(customer)).hasValueSatisfying(h -> assertThat(h.frame()).isEqualTo(honest));
    }

    @Test
    void theTotalCapPushesOutTheOldestOfThePeerHoldingTheMost() {
        Outbox box = new Outbox(new Outbox.Limits(8, WireLimits.MAX_FRAME_BYTES, 10, 2L * WireLimits.MAX_FRAME_BYTES,
                Duration.ofMinutes(10)));
        List<ReplyFrame> greedy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            greedy.add(reply(i, T0.plusSeconds(120)));
            hold(box, other, greedy.getLast(), T0);
        }
        ReplyFrame first = reply(100, T0.plusSeconds(120));
        ReplyFrame second = reply(101, T0.plusSeconds(120));
        ReplyFrame third = reply(102, T0.plusSeconds(120));
        assertThat(hold(box, customer, first, T0).dropped()).isEmpty();
        assertThat(hold(box, customer, second, T0).dropped()).isEmpty();
        Outbox.Holding h = hold(box, customer, third, T0);
        assertThat(h.dropped()).singleElement().satisfies(d -> {
            assertThat(d.why()).isEqualTo(Outbox.Drop.TOTAL_CAP);
            assertThat(d.held().peer()).isEqualTo(other);
            assertThat(d.held().frame()).isEqualTo(greedy.getFirst());
        });
        assertThat(box.messages()).isEqualTo(10);
        assertThat(drain(box, customer)).containsExactly(first, second, third);
    }

    @Test
    void capsThatCannotHoldTheLargestFrameAreRefused() {
        assertThatThrownBy(() -> new Outbox.Limits(4, WireLimits.MAX_FRAME_BYTES - 1, 10,
                10L * WireLimits.MAX_FRAME_BYTES, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outbox.Limits(4, WireLimits.MAX_FRAME_BYTES, 3,
                10L * WireLimits.MAX_FRAME_BYTES, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outbox.Limits(4, WireLimits.MAX_FRAME_BYTES, 10, 10L * WireLimits.MAX_FRAME_BYTES,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
