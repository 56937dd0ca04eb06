package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.Target;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.noise.Bolt8Handshake;
import org.junit.jupiter.api.Test;

/** Handshake, then proof-of-work admission, on {@link EmbeddedChannel}s back to back; a fake clock. */
class AdmissionHandlerTest {
    private static final AdmissionPolicy POLICY = AdmissionPolicy.ofDifficulty(64, Duration.ofSeconds(10));

    private final SecureRandom random = new SecureRandom();
    private final PrivateKey alice = PrivateKey.generate(random);
    private final PrivateKey bob = PrivateKey.generate(random);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final Bolt8HandlersTest.Events aliceEvents = new Bolt8HandlersTest.Events();
    private final Bolt8HandlersTest.Events bobEvents = new Bolt8HandlersTest.Events();

    /** Solves at once, on the calling thread. */
    static final AdmissionSolver NOW = (payload, target, deadline) ->
        CompletableFuture.completedFuture(OptionalLong.of(solve(payload, target)));

    static long solve(byte[] payload, Target target) {
        PowHasher h = new PowHasher();
        h.setPayload(payload);
        long n = 0;
        while (!h.meets(n, target)) {
            n++;
        }
        return n;
    }

    private EmbeddedChannel aliceChannel(ChannelHandler... after) {
        EmbeddedChannel ch = new EmbeddedChannel(
            new Bolt8HandshakeHandler(Bolt8Handshake.initiator(alice, bob.publicKey(), random), 1000));
        ch.pipeline().addLast(after);
        ch.pipeline().addLast(aliceEvents);
        return ch;
    }

    private EmbeddedChannel bobChannel() {
        return new EmbeddedChannel(new Bolt8HandshakeHandler(Bolt8Handshake.responder(bob, random), 1000),
            new AdmissionHandler(Role.RESPONDER, bob.publicKey(), POLICY, random, clock, NOW), bobEvents);
    }

    /** Moves bytes both ways until neither side has anything to send. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            a.runPendingTasks();
            b.runPendingTasks();
            moved = move(a, b) | move(b, a);
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            if (to.isOpen()) {
                to.writeInbound(buf);
                moved = true;
            } else {
                buf.release(); // the connection is gone
            }
        }
        return moved;
    }

    @Test
    void bothSidesAreAdmittedAndThenFramesFlow() {
        EmbeddedChannel a = aliceChannel(
            new AdmissionHandler(Role.INITIATOR, alice.publicKey(), POLICY, random, clock, NOW));
        EmbeddedChannel b = bobChannel();
        pump(a, b);
        assertThat(aliceEvents.events).containsExactly(new PeerAdmitted(bob.publicKey()));
        assertThat(bobEvents.events).containsExactly(new PeerAdmitted(alice.publicKey()));
        assertThat((Object) b.readInbound()).as("admission frames stay inside").isNull();

        a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {42}));
        pump(a, b);
        ByteBuf got = b.readInbound();
        assertThat(ByteBufUtil.getBytes(got)).containsExactly(42);
        got.release();
        assertThat(a.isOpen() && b.isOpen()).isTrue();
    }

    @Test
    void aPeerThatNeverAnswersIsClosedAtTheDeadline() {
        EmbeddedChannel a = aliceChannel(); // handshakes, then says nothing
        EmbeddedChannel b = bobChannel();
        pump(a, b);
        assertThat(b.isOpen()).isTrue();
        now = now.plus(POLICY.timeout()).plusSeconds(1);
        b.advanceTimeBy(11, TimeUnit.SECONDS);
        b.runScheduledPendingTasks();
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).startsWith("admission: LATE");
    }

    @Test
    void aFrameInsteadOfAdmissionIsAViolation() {
        EmbeddedChannel a = aliceChannel();
        EmbeddedChannel b = bobChannel();
        pump(a, b);
        a.writeOutbound(Unpooled.wrappedBuffer("hello".getBytes()));
        pump(a, b);
        assertThat((Object) b.readInbound()).isNull();
        assertThat(b.isOpen()).isFalse();
        assertThat(bobEvents.closed().reason()).startsWith("admission: MALFORMED");
    }

    @Test
    void aSolverThatRunsOutOfTimeCloses() {
        AdmissionSolver expired = (p, t, d) -> CompletableFuture.completedFuture(OptionalLong.empty());
        EmbeddedChannel a = aliceChannel(
            new AdmissionHandler(Role.INITIATOR, alice.publicKey(), POLICY, random, clock, expired));
        EmbeddedChannel b = bobChannel();
        pump(a, b);
        assertThat(a.isOpen()).isFalse();
        assertThat(aliceEvents.closed().reason()).contains("not found in time");
    }
}
