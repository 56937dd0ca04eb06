package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §1: an admitted peer that goes silent for {@code idle} is closed; fake clock. */
class IdleTimeoutHandlerTest {
    private static final Duration IDLE = Duration.ofSeconds(30);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final Bolt8HandlersTest.Events events = new Bolt8HandlersTest.Events();

    private EmbeddedChannel admitted(Bolt8HandlersTest.Events ev) {
        EmbeddedChannel ch = new EmbeddedChannel(new IdleTimeoutHandler(IDLE, clock), ev);
        Peers.admit(ch);
        return ch;
    }

    /** Moves the fake clock and every given channel's scheduler together. */
    private void advance(long seconds, EmbeddedChannel... chs) {
        now = now.plusSeconds(seconds);
        for (EmbeddedChannel ch : chs) {
            ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
    }

    private static void read(EmbeddedChannel ch) {
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {7}));
        ((ByteBuf) ch.readInbound()).release();
    }

    @Test
    void aPeerThatKeepsTalkingStaysOpen() {
        EmbeddedChannel ch = admitted(events);
        for (int i = 0; i < 10; i++) {
            advance(20, ch);
            read(ch);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.events).noneMatch(ConnectionClosed.class::isInstance);
    }

    @Test
    void aSilentPeerIsClosedAfterIdle() {
        EmbeddedChannel ch = admitted(events);
        advance(20, ch);
        read(ch); // the timer fires at 30 s and re-arms for the 20 s left
        advance(29, ch);
        assertThat(ch.isOpen()).isTrue();
        advance(1, ch);
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.closed().reason()).isEqualTo("limits: nothing received for PT30S");
    }

    @Test
    void nothingIsTimedBeforeAdmission() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdleTimeoutHandler(IDLE, clock), events);
        advance(300, ch);
        assertThat(ch.isOpen()).as("the handshake deadline's job, not this one's").isTrue();
    }

    @Test
    void otherChannelsAreUnaffected() {
        Bolt8HandlersTest.Events otherEvents = new Bolt8HandlersTest.Events();
        EmbeddedChannel silent = admitted(events);
        EmbeddedChannel talking = admitted(otherEvents);
        for (int i = 0; i < 4; i++) {
            advance(10, silent, talking);
            read(talking);
        }
        assertThat(silent.isOpen()).isFalse();
        assertThat(talking.isOpen()).isTrue();
        assertThat(otherEvents.events).noneMatch(ConnectionClosed.class::isInstance);
    }
}
