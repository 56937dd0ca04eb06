package org.giggossip.net.voidphone;

import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.util.Hex;

/**
 * One message of the VoidPhone gossip API (seed 003, docs/specs/voidphone-gossip-api.md,
 * Messages): an immutable value whose factories check every field's range, so any
 * instance encodes ({@link VoidPhoneCodec#encode}). Byte arrays are copied in and out.
 */
public sealed interface ApiMessage
        permits ApiMessage.Announce, ApiMessage.Notify, ApiMessage.Notification, ApiMessage.Validation {

    /** Largest data of an ANNOUNCE or NOTIFICATION: the u16 size less the 8 bytes of header and fields. */
    int MAX_DATA = VoidPhoneCodec.MAX_SIZE - 8;

    /** The message's type number on the wire (500 to 503). */
    int type();

    /**
     * GOSSIP ANNOUNCE (500), module to gossip: spread {@code data} of {@code dataType}.
     *
     * @param ttl      u8: hops the item may travel, 0 = unlimited
     * @param dataType u16: the data type, chosen by the modules
     * @param data     at most {@link #MAX_DATA} bytes
     */
    record Announce(int ttl, int dataType, byte[] data) implements ApiMessage {
        public Announce {
            checkRange("ttl", ttl, 0xFF);
            checkRange("data type", dataType, 0xFFFF);
            data = checkData(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int type() {
            return VoidPhoneCodec.ANNOUNCE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Announce a && a.ttl == ttl && a.dataType == dataType && Arrays.equals(a.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ttl, dataType, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Announce[ttl=" + ttl + ", dataType=" + dataType + ", data=" + Hex.encode(data) + "]";
        }
    }

    /**
     * GOSSIP NOTIFY (501), module to gossip: subscribe this connection to {@code dataType}.
     *
     * @param dataType u16
     */
    record Notify(int dataType) implements ApiMessage {
        public Notify {
            checkRange("data type", dataType, 0xFFFF);
        }

        @Override
        public int type() {
            return VoidPhoneCodec.NOTIFY;
        }
    }

    /**
     * GOSSIP NOTIFICATION (502), gossip to module: an item for a subscriber.
     *
     * @param messageId u16: names the item in the VALIDATION that answers it, on this connection only
     * @param dataType  u16
     * @param data      at most {@link #MAX_DATA} bytes
     */
    record Notification(int messageId, int dataType, byte[] data) implements ApiMessage {
        public Notification {
            checkRange("message id", messageId, 0xFFFF);
            checkRange("data type", dataType, 0xFFFF);
            data = checkData(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int type() {
            return VoidPhoneCodec.NOTIFICATION;
        }

        /** The VALIDATION that answers this notification. */
        public Validation validation(boolean valid) {
            return new Validation(messageId, valid);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Notification n && n.messageId == messageId && n.dataType == dataType
                    && Arrays.equals(n.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, dataType, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Notification[messageId=" + messageId + ", dataType=" + dataType + ", data=" + Hex.encode(data)
                    + "]";
        }
    }

    /**
     * GOSSIP VALIDATION (503), module to gossip: whether the notified item is well-formed.
     *
     * @param messageId u16: the id of the NOTIFICATION answered
     * @param valid     the lowest bit of the last u16 (the other 15 bits are reserved)
     */
    record Validation(int messageId, boolean valid) implements ApiMessage {
        public Validation {
            checkRange("message id", messageId, 0xFFFF);
        }

        @Override
        public int type() {
            return VoidPhoneCodec.VALIDATION;
        }
    }

    private static void checkRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }

    private static byte[] checkData(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("data of " + data.length + " bytes, at most " + MAX_DATA);
        }
        return data.clone();
    }
}
