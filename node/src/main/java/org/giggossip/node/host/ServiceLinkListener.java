package org.giggossip.node.host;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.discovery.DiscoveryCodec;
import org.giggossip.net.discovery.DiscoveryMessage;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;

/**
 * The listener of bare {@link Links} that carry only a {@link LinkService} (a
 * settler node without an engine, an enrolment before the node's host exists):
 * SERVICE messages go to the service, a fault it reports closes the link;
 * a DISCOVERY PING is answered (a full node pings every link and closes one whose
 * pings go unanswered), the rest of DISCOVERY, GOSSIP and ITEM (VoidPhone items),
 * which a full node at the other end sends on every link, are dropped; any other
 * type closes the link.
 */
public final class ServiceLinkListener implements LinkListener {
    private volatile LinkService service;
    private volatile Links links;

    /** A listener for {@code service}. */
    public ServiceLinkListener(LinkService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** A listener whose service is set later ({@link #serve}), once it can send over the links. */
    public ServiceLinkListener() {}

    /** The service to carry; set before the links listen or dial. */
    public void serve(LinkService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The links this listens to, for closing a faulty peer's link; set once they exist. */
    public void links(Links links) {
        this.links = Objects.requireNonNull(links, "links");
    }

    @Override
    public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {
        LinkService s = service;
        if (s != null) {
            s.linkUp(peer);
        }
    }

    @Override
    public void linkDown(PublicKey peer, String reason) {
        LinkService s = service;
        if (s != null) {
            s.linkDown(peer, reason);
        }
    }

    @Override
    public void message(PublicKey peer, MessageType type, byte[] body) {
        if (type == MessageType.DISCOVERY) {
            Links l = links;
            if (l != null
                    && DiscoveryCodec.decode(body) instanceof DiscoveryCodec.Decoded.Ok(DiscoveryMessage.Ping p)) {
                l.send(peer, MessageType.DISCOVERY, DiscoveryCodec.encode(p.pong("", 0))); // alive, not listening
            }
            return;
        }
        if (type == MessageType.GOSSIP || type == MessageType.ITEM) {
            // the peer is a full node, which runs discovery and relays gossip and items on every link it has:
            // not for a bare service link, and no fault of the peer's (the link's rate limits still hold)
            return;
        }
        if (type != MessageType.SERVICE) {
            close(peer, "link: " + type + " messages are not served here");
            return;
        }
        LinkService s = service;
        if (s == null) {
            close(peer, "service: not serving yet");
            return;
        }
        s.message(peer, body).ifPresent(reason -> close(peer, reason));
    }

    private void close(PublicKey peer, String reason) {
        Links l = links;
        if (l != null) {
            l.disconnect(peer, reason);
        }
    }
}
