package org.giggossip.net.voidphone;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;

/**
 * The bytes of the VoidPhone gossip API (seed 003, docs/specs/voidphone-gossip-api.md).
 * Every message is {@code size: u16 | type: u16 | body}, big-endian, where
 * {@code size} counts the whole message, header included.
 *
 * <p>Which messages are well-formed depends on who sent them: a module (client)
 * sends ANNOUNCE, NOTIFY and VALIDATION; the gossip module (server) sends only
 * NOTIFICATION. {@link #checkHeader} judges the 4-byte header alone, so a stream
 * reader refuses a malformed message before it waits for or allocates the body
 * (docs/style.md 4); {@link #decode} judges one complete message and never throws.
 */
public final class VoidPhoneCodec {
    /** Bytes of the header: size and type. */
    public static final int HEADER = 4;
    /** Largest message: what a u16 size can say. */
    public static final int MAX_SIZE = 0xFFFF;
    /** Size of the fixed part of ANNOUNCE and NOTIFICATION (header and 4 bytes of fields), and of NOTIFY and VALIDATION. */
    public static final int FIXED = 8;
    /** GOSSIP ANNOUNCE. */
    public static final int ANNOUNCE = 500;
    /** GOSSIP NOTIFY. */
    public static final int NOTIFY = 501;
    /** GOSSIP NOTIFICATION. */
    public static final int NOTIFICATION = 502;
    /** GOSSIP VALIDATION. */
    public static final int VALIDATION = 503;

    /** Who sent a message: it decides which types are allowed. */
    public enum Sender {
        /** A local module, the API's client: ANNOUNCE, NOTIFY, VALIDATION. */
        MODULE,
        /** The gossip module, the API's server: NOTIFICATION. */
        GOSSIP
    }

    private VoidPhoneCodec() {}

    /** The bytes of {@code m}, header included. */
    public static byte[] encode(ApiMessage m) {
        Objects.requireNonNull(m, "m");
        byte[] data = switch (m) {
            case ApiMessage.Announce a -> a.data();
            case ApiMessage.Notification n -> n.data();
            case ApiMessage.Notify n -> new byte[0];
            case ApiMessage.Validation v -> new byte[0];
        };
        ByteBuffer out = ByteBuffer.allocate(FIXED + data.length);
        out.putShort((short) out.capacity()).putShort((short) m.type());
        switch (m) {
            case ApiMessage.Announce a -> out.put((byte) a.ttl()).put((byte) 0).putShort((short) a.dataType());
            case ApiMessage.Notify n -> out.putShort((short) 0).putShort((short) n.dataType());
            case ApiMessage.Notification n -> out.putShort((short) n.messageId()).putShort((short) n.dataType());
            case ApiMessage.Validation v -> out.putShort((short) v.messageId()).putShort((short) (v.valid() ? 1 : 0));
        }
        return out.put(data).array();
    }

    /**
     * Whether a message with this header may follow from {@code from}, judged
     * before its body is read: empty if so, else why not. Refused: a size under
     * the 4-byte header ({@code BAD_LENGTH}); a type not of the API
     * ({@code UNKNOWN_KIND}); a type the sender does not send, such as a
     * NOTIFICATION from a module ({@code INVALID_VALUE}); NOTIFY or VALIDATION
     * not exactly 8 bytes, ANNOUNCE or NOTIFICATION under 8 ({@code BAD_LENGTH}).
     *
     * @param size the header's size field, 0 to 65535
     * @param type the header's type field, 0 to 65535
     */
    public static Optional<DecodeError> checkHeader(int size, int type, Sender from) {
        if (size < HEADER) {
            return error(Reason.BAD_LENGTH, "size " + size + " is less than the " + HEADER + "-byte header");
        }
        boolean exact;
        Sender sender;
        switch (type) {
            case ANNOUNCE -> {
                exact = false;
                sender = Sender.MODULE;
            }
            case NOTIFY, VALIDATION -> {
                exact = true;
                sender = Sender.MODULE;
            }
            case NOTIFICATION -> {
                exact = false;
                sender = Sender.GOSSIP;
            }
            default -> {
                return error(Reason.UNKNOWN_KIND, "unknown message type " + type);
            }
        }
        if (sender != from) {
            return error(Reason.INVALID_VALUE, (from == Sender.MODULE ? "a module" : "the gossip module")
                    + " does not send " + name(type));
        }
        if (exact ? size != FIXED : size < FIXED) {
            return error(Reason.BAD_LENGTH, name(type) + " of size " + size + ", " + (exact ? "must be " : "at least ")
                    + FIXED);
        }
        return Optional.empty();
    }

    /**
     * The message in {@code message}, which must be exactly one whole message from
     * {@code from}, or why it is refused: the reasons of {@link #checkHeader}, and
     * {@code BAD_LENGTH} when there are fewer than 4 bytes or the size field does
     * not match the length. Reserved fields are ignored; VALIDATION's valid bit is
     * {@code word & 1}. Never throws.
     */
    public static Decoded<ApiMessage> decode(byte[] message, Sender from) {
        if (message == null || message.length < HEADER) {
            return Decoded.err(Reason.BAD_LENGTH, (message == null ? 0 : message.length) + " bytes, less than a header");
        }
        if (message.length > MAX_SIZE) {
            return Decoded.err(Reason.TOO_LARGE, message.length + " bytes, at most " + MAX_SIZE);
        }
        ByteBuffer in = ByteBuffer.wrap(message);
        int size = Short.toUnsignedInt(in.getShort());
        int type = Short.toUnsignedInt(in.getShort());
        Optional<DecodeError> refused = checkHeader(size, type, from);
        if (refused.isPresent()) {
            return new Decoded.Err<>(refused.get());
        }
        if (size != message.length) {
            return Decoded.err(Reason.BAD_LENGTH, name(type) + " says size " + size + " but has " + message.length
                    + " bytes");
        }
        int first = Short.toUnsignedInt(in.getShort());
        int second = Short.toUnsignedInt(in.getShort());
        byte[] data = Arrays.copyOfRange(message, FIXED, size);
        ApiMessage m = switch (type) {
            case ANNOUNCE -> new ApiMessage.Announce(first >>> 8, second, data); // low byte of first is reserved
            case NOTIFY -> new ApiMessage.Notify(second);
            case NOTIFICATION -> new ApiMessage.Notification(first, second, data);
            default -> new ApiMessage.Validation(first, (second & 1) == 1);
        };
        return Decoded.ok(m);
    }

    /** The spec's name of a type number, for messages. */
    public static String name(int type) {
        return switch (type) {
            case ANNOUNCE -> "ANNOUNCE";
            case NOTIFY -> "NOTIFY";
            case NOTIFICATION -> "NOTIFICATION";
            case VALIDATION -> "VALIDATION";
            default -> "type " + type;
        };
    }

    private static Optional<DecodeError> error(Reason reason, String detail) {
        return Optional.of(new DecodeError(reason, detail));
    }
}
