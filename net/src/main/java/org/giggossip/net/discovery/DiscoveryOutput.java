package org.giggossip.net.discovery;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty;

/** What a {@link Discovery} step asks of its host, in order. */
public sealed interface DiscoveryOutput {

    /** Send this body to the peer as a {@code MessageType.DISCOVERY} message. */
    record Send(PublicKey peer, byte[] body) implements DiscoveryOutput {
        public Send {
            Objects.requireNonNull(peer, "peer");
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The body, decoded (for tests and logs). */
        public DiscoveryMessage message() {
            return ((DiscoveryCodec.Decoded.Ok) DiscoveryCodec.decode(body)).message();
        }
    }

    /**
     * Connect to this address (we are below the target number of links); report the
     * link with {@link Discovery#linkUp} or the failure with {@link Discovery#dialFailed}.
     */
    record Dial(PeerAddress address) implements DiscoveryOutput {
        public Dial {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Close the link to this peer, which stopped answering pings; {@code reason} is for a log line. */
    record Drop(PublicKey peer, String reason) implements DiscoveryOutput {
        public Drop {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The peer misbehaved (an undecodable message: {@link Penalty.Reason#UNDECODABLE}); the host
     * closes the link when the penalty {@link Penalty#disconnects()}, which every one here does.
     */
    record Penalise(PublicKey peer, Penalty penalty) implements DiscoveryOutput {
        public Penalise {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(penalty, "penalty");
        }
    }
}
