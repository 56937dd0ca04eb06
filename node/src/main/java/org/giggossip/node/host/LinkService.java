package org.giggossip.node.host;

import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;

/**
 * A service carried by the {@link MessageType#SERVICE} messages of a node's
 * links: the settler and wallet a node serves ({@link ServiceEndpoint}) or uses
 * ({@link RemoteServices}). Told of every link up and down, given every SERVICE
 * message. Called on Netty's I/O threads, in order per link: return quickly.
 */
public interface LinkService {

    /** How a service sends a SERVICE message body to a linked peer; false when there is no link or it is full. */
    @FunctionalInterface
    interface Sender {
        boolean send(PublicKey peer, byte[] body);
    }

    /** A link to {@code peer} is up. */
    void linkUp(PublicKey peer);

    /** The link to {@code peer} closed. */
    void linkDown(PublicKey peer, String reason);

    /**
     * A SERVICE message from {@code peer}.
     *
     * @return the reason to close the peer's link (garbage, a message it may not send), or empty
     */
    Optional<String> message(PublicKey peer, byte[] body);

    /** Sends SERVICE messages over {@code links}. */
    static Sender sender(Links links) {
        return (peer, body) -> links.send(peer, MessageType.SERVICE, body);
    }
}
