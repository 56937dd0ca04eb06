package org.giggossip.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.node.host.HostTrace;
import org.giggossip.node.host.Outbox;
import org.junit.jupiter.api.Test;

/** Issue 17: replies held for peers whose link is down are counted: held, delivered, dropped by reason, and now. */
class NodeMetricsOutboxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void heldRepliesAreCountedWhenHeldDeliveredAndDroppedAndTheOutboxShowsWhatIsHeldNow() {
        try (Links links = Links.builder(PrivateKey.generate(RANDOM), new LinkListener() {
            @Override
            public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {}

            @Override
            public void linkDown(PublicKey peer, String reason) {}

            @Override
            public void message(PublicKey peer, MessageType type, byte[] body) {}
        })
                .config(LinkConfig.defaults()).random(RANDOM).clock(InstantSource.system())
                .solver(AdmissionSolver.of(new PowSolver(1, InstantSource.system()))).build()) {
            NodeMetrics metrics = new NodeMetrics(links, T0);
            PublicKey self = PrivateKey.generate(RANDOM).publicKey();
            PublicKey peer = PrivateKey.generate(RANDOM).publicKey();
            // the metrics read only the kind and size of a frame: any frame will do
            var frame = new AskDeclinedFrame(AskId.random(RANDOM), DeclineReason.OVERLOADED, "busy");
            for (int i = 0; i < 4; i++) {
                metrics.trace(self, T0, new HostTrace.FrameHeld(peer, FrameKind.REPLY, 1000, frame, T0));
            }
            metrics.trace(self, T0, new HostTrace.HeldFrameSent(peer, FrameKind.REPLY, 1000, frame,
                    Duration.ofSeconds(2)));
            metrics.trace(self, T0, new HostTrace.HeldFrameDropped(peer, FrameKind.REPLY, 1000, frame,
                    Outbox.Drop.EXPIRED));
            metrics.trace(self, T0, new HostTrace.HeldFrameDropped(peer, FrameKind.REPLY, 1000, frame,
                    Outbox.Drop.PEER_CAP));

            String s = metrics.scrape();
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_held_total")).isEqualTo(4);
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_delivered_total")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_dropped_total{reason=\"expired\"}")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_dropped_total{reason=\"peer_cap\"}"))
                    .isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_dropped_total{reason=\"total_cap\"}")).isZero();
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_frames")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_outbox_bytes")).isEqualTo(1000);
        }
    }
}
