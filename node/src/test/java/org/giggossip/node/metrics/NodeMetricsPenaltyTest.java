package org.giggossip.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.Test;

/** Rejected frames are counted by the penalty's severity and by its reason value, never by its detail. */
class NodeMetricsPenaltyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rejectedFramesAreCountedByReasonAndProofOfWorkFailuresByValue() {
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
            metrics.event(self, T0, new AppEvent.FrameRejected(peer, FrameKind.POW_BROADCAST,
                    Penalty.fatal(Reason.BAD_POW, "proof-of-work does not meet the required target")));
            metrics.event(self, T0, new AppEvent.FrameRejected(peer, FrameKind.POW_BROADCAST,
                    Penalty.major(Reason.WEAK_POW, "proof-of-work target weaker than required")));
            metrics.event(self, T0, new AppEvent.FrameRejected(peer, FrameKind.POW_BROADCAST,
                    Penalty.minor(Reason.STALE_TIMESTAMP, "a proof-of-work word in the detail counts for nothing")));
            metrics.event(self, T0, new AppEvent.FrameRejected(peer, FrameKind.REPLY,
                    Penalty.fatal(Reason.BAD_SIGNATURE, "bad settlement promise signature")));

            String s = metrics.scrape();
            assertThat(MetricsEndpointTest.value(s, "gg_node_frames_rejected_by_reason_total{reason=\"bad_pow\"}"))
                    .isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s,
                    "gg_node_frames_rejected_by_reason_total{reason=\"stale_timestamp\"}")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s,
                    "gg_node_frames_rejected_by_reason_total{reason=\"bad_signature\"}")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_frames_rejected_by_reason_total{reason=\"replay\"}"))
                    .isZero();
            assertThat(MetricsEndpointTest.value(s,
                    "gg_node_frames_rejected_total{kind=\"pow_broadcast\",penalty=\"fatal\"}")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s,
                    "gg_node_frames_rejected_total{kind=\"reply\",penalty=\"fatal\"}")).isEqualTo(1);
            assertThat(MetricsEndpointTest.value(s, "gg_node_pow_invalid_total")).isEqualTo(2);
            assertThat(s).doesNotContain("weaker than required").doesNotContain("settlement promise");
        }
    }
}
