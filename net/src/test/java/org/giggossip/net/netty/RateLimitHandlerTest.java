package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §1, "Hostile peers": per-peer token buckets on frames and bytes close an abuser; fake clock. */
class RateLimitHandlerTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final Bolt8HandlersTest.Events events = new Bolt8HandlersTest.Events();

    private EmbeddedChannel channel(int frames, int bytes, Bolt8HandlersTest.Events ev) {
        return new EmbeddedChannel(new RateLimitHandler(frames, bytes, clock), ev);
    }

    /** Sends one frame of {@code size} bytes; true if it reached the application. */
    private static boolean send(EmbeddedChannel ch, int size) {
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[size]));
        ByteBuf got = ch.readInbound();
        if (got == null) {
            return false;
        }
        got.release();
        return true;
    }

    @Test
    void aPeerWithinTheRateIsServedIndefinitely() {
        EmbeddedChannel ch = channel(10, 1000, events);
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 10; i++) {
                assertThat(send(ch, 100)).isTrue();
            }
            now = now.plusSeconds(1);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.events).isEmpty();
    }

    @Test
    void tooManyFramesCloseTheConnection() {
        EmbeddedChannel ch = channel(10, 1000, events);
        for (int i = 0; i < 10; i++) {
            assertThat(send(ch, 1)).isTrue();
        }
        assertThat(send(ch, 1)).isFalse();
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.closed().reason()).isEqualTo("limits: peer exceeded 10 frames/s or 1000 bytes/s");
    }

    @Test
    void tooManyBytesCloseTheConnection() {
        EmbeddedChannel ch = channel(10, 1000, events);
        assertThat(send(ch, 600)).isTrue();
        assertThat(send(ch, 600)).isFalse();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theBucketsRefillWithTime() {
        EmbeddedChannel ch = channel(10, 1000, events);
        for (int i = 0; i < 10; i++) {
            assertThat(send(ch, 1)).isTrue();
        }
        now = now.plusMillis(100); // one frame's worth
        assertThat(send(ch, 1)).isTrue();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void otherPeersAreUnaffected() {
        Bolt8HandlersTest.Events otherEvents = new Bolt8HandlersTest.Events();
        EmbeddedChannel flooder = channel(5, 1000, events);
        EmbeddedChannel polite = channel(5, 1000, otherEvents);
        for (int i = 0; i < 6; i++) {
            send(flooder, 1);
        }
        assertThat(flooder.isOpen()).isFalse();
        for (int i = 0; i < 5; i++) {
            assertThat(send(polite, 1)).isTrue();
        }
        assertThat(polite.isOpen()).isTrue();
        assertThat(otherEvents.events).isEmpty();
    }
}
