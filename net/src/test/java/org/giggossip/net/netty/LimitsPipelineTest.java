package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.noise.Bolt8Handshake;
import org.junit.jupiter.api.Test;

/**
 * The limit handlers in a real responder pipeline (issue 4, deliverables 1 and 7), in
 * docs/style.md 11's order: connection cap, handshake, admission, handshake deadline, idle
 * timeout, rate limit, application. EmbeddedChannels back to back, a fake clock, no sleeps.
 */
class LimitsPipelineTest {
    private static final AdmissionPolicy POLICY = AdmissionPolicy.ofDifficulty(64, Duration.ofSeconds(10));
    private final SecureRandom random = new SecureRandom();
    private final PrivateKey alice = PrivateKey.generate(random);
    private final PrivateKey bob = PrivateKey.generate(random);
    private final ConnectionLimiter limiter = new ConnectionLimiter();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final Bolt8HandlersTest.Events bobEvents = new Bolt8HandlersTest.Events();

    private EmbeddedChannel bobChannel() {
        return new EmbeddedChannel(
            new ConnectionLimitHandler(limiter),
            new Bolt8HandshakeHandler(Bolt8Handshake.responder(bob, random), 1000),
            new AdmissionHandler(Role.RESPONDER, bob.publicKey(), POLICY, random, clock, AdmissionHandlerTest.NOW),
            new HandshakeDeadlineHandler(),
            new IdleTimeoutHandler(Duration.ofSeconds(30), clock),
            new RateLimitHandler(5, 10_000, clock),
            bobEvents);
    }

    private EmbeddedChannel aliceChannel() {
        return new EmbeddedChannel(
            new Bolt8HandshakeHandler(Bolt8Handshake.initiator(alice, bob.publicKey(), random), 1000),
            new AdmissionHandler(Role.INITIATOR, alice.publicKey(), POLICY, random, clock, AdmissionHandlerTest.NOW));
    }

    private void advance(long seconds, EmbeddedChannel ch) {
        now = now.plusSeconds(seconds);
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void anAdmittedPeerOutlivesTheDeadlineAndIsThenHeldToIdleAndRate() {
        EmbeddedChannel a = aliceChannel();
        EmbeddedChannel b = bobChannel();
        AdmissionHandlerTest.pump(a, b);
        assertThat(bobEvents.events).containsExactly(new PeerAdmitted(alice.publicKey()));
        assertThat(b.pipeline().get(HandshakeDeadlineHandler.class)).isNull();
        assertThat(limiter.total()).isEqualTo(1);

        advance(20, b); // past the 10 s deadline, within the 30 s idle time
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {42}));
        AdmissionHandlerTest.pump(a, b);
        ByteBuf got = b.readInbound();
        assertThat(got.readableBytes()).isOne();
        got.release();
        assertThat(b.isOpen()).isTrue();

        advance(30, b);
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).isEqualTo("limits: nothing received for PT30S");
        assertThat(limiter.total()).isZero();
    }

    @Test
    void aFloodAfterAdmissionIsClosed() {
        EmbeddedChannel a = aliceChannel();
        EmbeddedChannel b = bobChannel();
        AdmissionHandlerTest.pump(a, b);
        for (int i = 0; i < 6; i++) {
            a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
        }
        AdmissionHandlerTest.pump(a, b);
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).startsWith("limits: peer exceeded 5 frames/s");
        for (ByteBuf m; (m = b.readInbound()) != null; ) {
            m.release();
        }
    }

    @Test
    void aSlowlorisHandshakeIsClosedAtTenSeconds() {
        EmbeddedChannel b = bobChannel();
        byte[] act1 = Bolt8Handshake.initiator(alice, bob.publicKey(), random).start();
        for (int i = 0; i < 9; i++) {
            b.writeInbound(Unpooled.wrappedBuffer(new byte[] {act1[i]}));
            advance(1, b);
            assertThat(b.isOpen()).isTrue();
        }
        b.writeInbound(Unpooled.wrappedBuffer(new byte[] {act1[9]}));
        advance(1, b);
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).isEqualTo("limits: handshake and admission not done within PT10S");
        assertThat(limiter.total()).isZero();
    }

    @Test
    void aPeerThatHandshakesButNeverAdmitsIsClosedByTheDeadline() {
        EmbeddedChannel a = new EmbeddedChannel(
            new Bolt8HandshakeHandler(Bolt8Handshake.initiator(alice, bob.publicKey(), random), 1000));
        EmbeddedChannel b = bobChannel();
        AdmissionHandlerTest.pump(a, b);
        advance(11, b);
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.events).anyMatch(ConnectionClosed.class::isInstance);
    }
}
