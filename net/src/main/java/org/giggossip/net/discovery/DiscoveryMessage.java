package org.giggossip.net.discovery;

import java.util.List;
import java.util.Objects;

/**
 * The four discovery messages carried in {@code MessageType.DISCOVERY} bodies
 * (seed 004, section 3); immutable values. GETPEER and PEER are Dave's; PING and
 * PONG are ours, because over TCP links a liveness probe need not ask for peers.
 */
public sealed interface DiscoveryMessage {

    /** "Send me some peers" (seed 004, section 3: GETPEER). */
    record GetPeer() implements DiscoveryMessage {}

    /**
     * The answer to a GETPEER: up to {@link DiscoveryCodec#MAX_PEERS} addresses of
     * responsive peers (seed 004, section 3: PEER); a node sends at most NPEER.
     */
    record Peer(List<PeerAddress> peers) implements DiscoveryMessage {
        public Peer {
            peers = List.copyOf(peers);
            if (peers.size() > DiscoveryCodec.MAX_PEERS) {
                throw new IllegalArgumentException("at most " + DiscoveryCodec.MAX_PEERS + " peers in a PEER");
            }
        }
    }

    /**
     * "Are you there?": a liveness probe, answered by a {@link Pong} with the same
     * nonce, and the sender's own listen address so the receiver can dial it back.
     *
     * @param nonce      random; the PONG echoes it, so a PONG answers one PING
     * @param listenHost the host the sender listens on, or "" for "the address you see me at"
     * @param listenPort the port the sender listens on, or 0 if it accepts no connections
     */
    record Ping(long nonce, String listenHost, int listenPort) implements DiscoveryMessage {
        public Ping {
            checkListen(listenHost, listenPort);
        }

        /** The answer to this ping, carrying the answerer's own listen address. */
        public Pong pong(String ourHost, int ourPort) {
            return new Pong(nonce, ourHost, ourPort);
        }
    }

    /** The answer to a {@link Ping}: its nonce, and the answerer's listen address (as in a PING). */
    record Pong(long nonce, String listenHost, int listenPort) implements DiscoveryMessage {
        public Pong {
            checkListen(listenHost, listenPort);
        }
    }

    private static void checkListen(String host, int port) {
        Objects.requireNonNull(host, "listenHost");
        if (!host.isEmpty()) {
            PeerAddress.hostProblem(host).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + port);
        }
    }
}
