package org.giggossip.net.noise;

import java.util.Objects;

/** What {@link Bolt8Transport#receive(byte[])} made of the bytes it was given. */
public sealed interface TransportRead {

    /** A length prefix was authentic: read {@code bodySize} more bytes (the message and its 16-byte tag). */
    record Length(int bodySize) implements TransportRead {}

    /** A whole message, decrypted and authentic. */
    record Message(byte[] plaintext) implements TransportRead {
        public Message {
            plaintext = plaintext.clone();
        }

        @Override
        public byte[] plaintext() {
            return plaintext.clone();
        }
    }

    /** The bytes were rejected; close the connection. */
    record Failed(TransportError error, String detail) implements TransportRead {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
