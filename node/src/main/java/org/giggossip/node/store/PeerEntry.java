package org.giggossip.node.store;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * One address-book entry (seed 004, section 3: peer discovery and liveness).
 *
 * @param nodeId   the peer's x-only identity key
 * @param host     host name or IP literal it listens on
 * @param port     its port, 1 to 65535
 * @param lastSeen when it last answered or connected
 * @param pings    pings sent since it last answered (reset when seen)
 * @param drops    times it was dropped for not answering (the two-stage drop)
 */
public record PeerEntry(PublicKey nodeId, String host, int port, Instant lastSeen, int pings, int drops) {
    /** Checks for nulls. */
    public PeerEntry {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** The peer as {@code pubkey@host:port}. */
    public String address() {
        return nodeId.hex() + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
