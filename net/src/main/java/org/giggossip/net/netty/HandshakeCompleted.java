package org.giggossip.net.netty;

/**
 * User event fired down the pipeline when the BOLT 8 handshake is done; the
 * session handlers are installed by then. {@code remoteStatic} is the peer's
 * authenticated 33-byte key.
 */
public record HandshakeCompleted(byte[] remoteStatic) {
    public HandshakeCompleted {
        remoteStatic = remoteStatic.clone();
    }

    @Override
    public byte[] remoteStatic() {
        return remoteStatic.clone();
    }
}
