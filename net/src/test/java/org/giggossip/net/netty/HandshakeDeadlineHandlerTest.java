package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §1, step 2: silent and slowloris peers are closed at an absolute deadline; no sleeps. */
class HandshakeDeadlineHandlerTest {
    private final Bolt8HandlersTest.Events events = new Bolt8HandlersTest.Events();

    private EmbeddedChannel channel(Bolt8HandlersTest.Events ev) {
        return new EmbeddedChannel(new HandshakeDeadlineHandler(), ev);
    }

    private static void advance(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void aPeerThatSendsNothingIsClosedAtTheDefaultDeadline() {
        EmbeddedChannel ch = channel(events);
        advance(ch, 9);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.closed().reason()).contains("handshake and admission not done within PT10S");
    }

    @Test
    void aSlowlorisPeerCannotPushTheDeadlineBack() {
        EmbeddedChannel ch = channel(events);
        for (int i = 0; i < 9; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
            advance(ch, 1);
            assertThat(ch.isOpen()).isTrue();
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        advance(ch, 1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.closed().reason()).startsWith("limits:");
        ch.finishAndReleaseAll();
    }

    @Test
    void anAdmittedPeerIsNotClosedAndTheHandlerLeaves() {
        EmbeddedChannel ch = channel(events);
        advance(ch, 5);
        Peers.admit(ch);
        assertThat(ch.pipeline().get(HandshakeDeadlineHandler.class)).isNull();
        advance(ch, 60);
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.events).noneMatch(ConnectionClosed.class::isInstance);
    }

    @Test
    void theDeadlineIsConfigurableAndOtherChannelsAreUnaffected() {
        Bolt8HandlersTest.Events otherEvents = new Bolt8HandlersTest.Events();
        EmbeddedChannel quick = new EmbeddedChannel(new HandshakeDeadlineHandler(Duration.ofSeconds(2)), events);
        EmbeddedChannel other = channel(otherEvents);
        advance(quick, 2);
        advance(other, 2);
        assertThat(quick.isOpen()).isFalse();
        assertThat(other.isOpen()).isTrue();
        assertThat(otherEvents.events).isEmpty();
    }

    @Test
    void aNonPositiveDeadlineIsRefused() {
        assertThatThrownBy(() -> new HandshakeDeadlineHandler(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
