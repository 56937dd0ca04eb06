package org.giggossip.net.netty;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * User event fired when a connection has passed the BOLT 8 handshake and the
 * proof-of-work admission both ways (seed 003, section 2.3): from now on the
 * link carries frames, and {@code peer} is the authenticated identity.
 */
public record PeerAdmitted(PublicKey peer) {
    public PeerAdmitted {
        Objects.requireNonNull(peer, "peer");
    }
}
