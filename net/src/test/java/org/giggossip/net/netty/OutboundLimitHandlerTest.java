package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundLimitHandler} with a peer that does not read: an {@link EmbeddedChannel}
 * whose writes stay queued while {@code stalled}, as on a socket whose peer's window is full.
 */
class OutboundLimitHandlerTest {
    private static final int LOW = 1000;
    private static final int HIGH = 4000;

    /** An EmbeddedChannel that keeps flushed bytes in its outbound buffer while stalled. */
    static final class StalledChannel extends EmbeddedChannel {
        boolean stalled = true;

        StalledChannel(io.netty.channel.ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }
    }

    private final Bolt8HandlersTest.Events events = new Bolt8HandlersTest.Events();
    private final StalledChannel ch = new StalledChannel(new OutboundLimitHandler(Duration.ofSeconds(5)), events);

    {
        OutboundLimitHandler.bound(ch, LOW, HIGH);
    }

    private static ByteBuf kb() {
        return Unpooled.wrappedBuffer(new byte[1000]);
    }

    @Test
    void sendsAreRefusedAboveTheHighMarkAndTakenAgainBelowTheLow() {
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (OutboundLimitHandler.offer(ch, kb())) {
                accepted++;
            }
        }
        // 1000-byte messages, each counted with Netty's per-entry overhead: the fourth
        // or fifth passes 4000 bytes queued and turns the channel unwritable
        assertThat(accepted).isBetween(4, 5);
        assertThat(ch.isWritable()).isFalse();
        ByteBuf refused = kb();
        assertThat(OutboundLimitHandler.offer(ch, refused)).isFalse();
        assertThat(refused.refCnt()).as("a refused message is released").isZero();

        ch.stalled = false; // the peer reads
        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        assertThat(OutboundLimitHandler.offer(ch, kb())).isTrue();
        int delivered = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            delivered++;
        }
        assertThat(delivered).isEqualTo(accepted + 1);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aPeerNotReadingForTooLongIsClosedWithTheReason() {
        while (OutboundLimitHandler.offer(ch, kb())) {
            // fill the queue
        }
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.closed().reason()).isEqualTo("limits: peer not reading for PT5S");
        assertThat(OutboundLimitHandler.offer(ch, kb())).isFalse();
    }

    @Test
    void aPeerThatCatchesUpInTimeIsKept() {
        while (OutboundLimitHandler.offer(ch, kb())) {
            // fill the queue
        }
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ch.stalled = false;
        ch.flush();
        ch.stalled = true;
        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        assertThat(events.events).noneMatch(ConnectionClosed.class::isInstance);
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            b.release();
        }
    }
}
