package org.giggossip.net.link;

import java.time.Duration;
import java.util.Objects;
import org.giggossip.net.admission.AdmissionPolicy;

/**
 * The limits of one node's links (docs/protocol.md §1: the handshake deadline, the
 * keep-alive and "Hostile peers").
 *
 * @param admission         the per-connection proof of work both sides solve (seed 003, 2.3)
 * @param handshakeDeadline time from TCP accept to admission
 * @param idle              an admitted link silent this long is closed (keep-alive is the discovery ping)
 * @param maxConnections    links and pending connections, in and out
 * @param maxPerIp          inbound connections from one address
 * @param framesPerSecond   messages a peer may send per second, on average
 * @param bytesPerSecond    bytes a peer may send per second, on average
 * @param outboundHighWater bytes queued for a peer above which sends are refused (backpressure)
 * @param outboundLowWater  bytes queued below which sends are taken again
 */
public record LinkConfig(AdmissionPolicy admission, Duration handshakeDeadline, Duration idle, int maxConnections,
        int maxPerIp, int framesPerSecond, int bytesPerSecond, int outboundHighWater, int outboundLowWater) {
    public LinkConfig {
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(handshakeDeadline, "handshakeDeadline");
        Objects.requireNonNull(idle, "idle");
        if (maxConnections < 1 || maxPerIp < 1 || framesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("connection and rate limits must be positive");
        }
        if (outboundLowWater < 1 || outboundHighWater <= outboundLowWater) {
            throw new IllegalArgumentException("need 0 < outboundLowWater < outboundHighWater");
        }
    }

    /** Defaults for a daemon: 2^16 expected admission attempts, 10 s to admit, 90 s idle, 128 links, 8 per address. */
    public static LinkConfig defaults() {
        return new LinkConfig(AdmissionPolicy.ofDifficulty(1 << 16, Duration.ofSeconds(10)), Duration.ofSeconds(10),
                Duration.ofSeconds(90), 128, 8, 200, 2_000_000, 1 << 20, 1 << 19);
    }

    /** A copy with another admission policy. */
    public LinkConfig withAdmission(AdmissionPolicy policy) {
        return new LinkConfig(policy, handshakeDeadline, idle, maxConnections, maxPerIp, framesPerSecond,
                bytesPerSecond, outboundHighWater, outboundLowWater);
    }
}
