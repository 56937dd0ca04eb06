package org.giggossip.net.noise;

import java.util.Objects;

/** What a {@link Bolt8Handshake} step produced: bytes to send, a finished session, or a failure. */
public sealed interface HandshakeResult {

    /** Send these bytes to the peer and wait for its next act. */
    record Send(byte[] bytes) implements HandshakeResult {
        public Send {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * The handshake is done: send {@code bytes} (Act Three for the initiator, empty
     * for the responder), then use {@code transport}. {@code remoteStatic} is the
     * peer's authenticated 33-byte static key.
     */
    record Complete(byte[] bytes, Bolt8Transport transport, byte[] remoteStatic) implements HandshakeResult {
        public Complete {
            bytes = bytes.clone();
            Objects.requireNonNull(transport, "transport");
            remoteStatic = remoteStatic.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public byte[] remoteStatic() {
            return remoteStatic.clone();
        }
    }

    /** The handshake failed; close the connection. {@code detail} is for a log line. */
    record Failed(HandshakeError error, String detail) implements HandshakeResult {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return detail.isEmpty() ? error.name() : error.name() + " " + detail;
        }
    }
}
