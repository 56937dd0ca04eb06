package org.giggossip.net.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;

/** Test helpers for the limit handlers: channels from a chosen address, an admitted peer. */
final class Peers {
    private Peers() {}

    /** An {@link EmbeddedChannel} whose remote address is {@code ip:port}, registered and active. */
    static EmbeddedChannel from(String ip, int port, ChannelHandler... handlers) throws Exception {
        SocketAddress remote = new InetSocketAddress(ip, port);
        EmbeddedChannel ch = new EmbeddedChannel(false, false, handlers) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        ch.register();
        return ch;
    }

    /** Fires {@link PeerAdmitted} for a fresh identity, as the {@link AdmissionHandler} would. */
    static void admit(EmbeddedChannel ch) {
        ch.pipeline().fireUserEventTriggered(
            new PeerAdmitted(org.giggossip.core.crypto.PrivateKey.generate(new SecureRandom()).publicKey()));
    }
}
