package org.giggossip.net.link;

import java.net.InetSocketAddress;
import org.giggossip.core.crypto.PublicKey;

/**
 * What {@link Links} reports. Calls come from Netty's I/O threads, in order
 * per link; a listener hands them to its own event loop and returns at once.
 */
public interface LinkListener {

    /** Ignores everything: for links that only have to exist (key probes, load generators). */
    LinkListener NONE = new LinkListener() {
        @Override
        public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {}

        @Override
        public void linkDown(PublicKey peer, String reason) {}

        @Override
        public void message(PublicKey peer, MessageType type, byte[] body) {}
    };

    /** A link to {@code peer} passed the BOLT 8 handshake and the admission and now carries messages. */
    void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound);

    /** The link to {@code peer} closed; {@code reason} says why. */
    void linkDown(PublicKey peer, String reason);

    /** A message of a known type, its size within the type's limit, from an admitted peer. */
    void message(PublicKey peer, MessageType type, byte[] body);
}
