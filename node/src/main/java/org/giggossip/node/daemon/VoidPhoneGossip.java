package org.giggossip.node.daemon;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.voidphone.GossipApiServer;
import org.giggossip.net.voidphone.ItemGossip;
import org.giggossip.net.voidphone.ItemGossipConfig;
import org.giggossip.net.voidphone.ItemGossipLoop;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.NodeConfig;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.HostTrace;

/**
 * A daemon's VoidPhone gossip (seed 003; docs/voidphone.md): the {@link ItemGossip} of
 * the {@code [gossip]} {@code cache_size} and {@code degree} on its own thread,
 * spreading ITEM messages over the node's links, and the API server on {@code api_address} for local modules.
 */
final class VoidPhoneGossip implements HostListener, AutoCloseable {
    private final ItemGossipLoop loop;
    private final GossipApiServer server;

    /**
     * Starts the spreading and the API; call before the host links to anyone.
     *
     * @throws IllegalStateException if {@code api_address} cannot be bound, with the reason
     */
    VoidPhoneGossip(EngineHost host, NodeConfig.Gossip config, Clock clock, SecureRandom random) {
        this.loop = new ItemGossipLoop(new ItemGossip(ItemGossipConfig.of(config.cacheSize(), config.degree()),
                random), clock, host.name()).transport(ItemGossipLoop.Transport.of(host.links()));
        HostPort api = config.apiAddress();
        try {
            this.server = GossipApiServer.start(new InetSocketAddress(api.host(), api.port()), loop,
                    GossipApiServer.Options.defaults());
        } catch (IllegalStateException e) {
            loop.close();
            throw new IllegalStateException("cannot start the VoidPhone gossip API ([gossip] api_address): "
                    + e.getMessage(), e);
        }
        loop.deliverTo(server);
        host.handle(MessageType.ITEM, loop::message);
        host.addListener(this);
    }

    /** Where the API listens. */
    InetSocketAddress address() {
        return server.address();
    }

    /** The spreading's counters. */
    ItemGossip.Stats stats() {
        return loop.stats();
    }

    @Override
    public void trace(PublicKey node, Instant at, HostTrace trace) {
        if (trace instanceof HostTrace.Link link) {
            if (link.up()) {
                loop.linkUp(link.peer());
            } else {
                loop.linkDown(link.peer(), link.detail());
            }
        }
    }

    @Override
    public void close() {
        server.close();
        loop.close();
    }
}
