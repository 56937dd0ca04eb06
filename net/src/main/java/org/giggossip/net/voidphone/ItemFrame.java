package org.giggossip.net.voidphone;

import java.util.Arrays;
import java.util.Optional;
import org.giggossip.net.link.MessageType;

/**
 * The body of an {@link MessageType#ITEM} message: one VoidPhone item travelling
 * between nodes (docs/specs/voidphone-gossip-api.md §6; seed 003 leaves the
 * peer-to-peer protocol to each implementation). Immutable; the data is copied in and out.
 *
 * <pre>
 * ttl       u8    hops the item may still travel, counting the hop that carries it; 0 = unlimited
 * dataType  u16   big-endian, the VoidPhone data type
 * data      rest  0 to {@link #MAX_DATA} bytes, what one ANNOUNCE or NOTIFICATION of the API carries
 * </pre>
 *
 * @param ttl      0 to 255
 * @param dataType 0 to 65,535
 */
public record ItemFrame(int ttl, int dataType, byte[] data) {
    /** Bytes before the data. */
    public static final int HEADER = 3;
    /**
     * The largest data an item holds: the API's ({@link ApiMessage#MAX_DATA}), so every item a
     * node accepts can be notified to its modules (the ITEM body limit leaves room to spare).
     */
    public static final int MAX_DATA = ApiMessage.MAX_DATA;

    /** Checks the field ranges and copies the data. */
    public ItemFrame {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " is not a u8");
        }
        if (dataType < 0 || dataType > 0xFFFF) {
            throw new IllegalArgumentException("data type " + dataType + " is not a u16");
        }
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("item data of " + data.length + " bytes is over " + MAX_DATA);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The wire body. */
    public byte[] encode() {
        byte[] out = new byte[HEADER + data.length];
        out[0] = (byte) ttl;
        out[1] = (byte) (dataType >>> 8);
        out[2] = (byte) dataType;
        System.arraycopy(data, 0, out, HEADER, data.length);
        return out;
    }

    /** The same item with another ttl, as forwarded. */
    public ItemFrame withTtl(int newTtl) {
        return new ItemFrame(newTtl, dataType, data);
    }

    /** Decodes a body; empty when it is shorter than the header or its data is over {@link #MAX_DATA}. Never throws. */
    public static Optional<ItemFrame> decode(byte[] body) {
        if (body == null || body.length < HEADER || body.length > HEADER + MAX_DATA) {
            return Optional.empty();
        }
        int type = (body[1] & 0xFF) << 8 | body[2] & 0xFF;
        return Optional.of(new ItemFrame(body[0] & 0xFF, type, Arrays.copyOfRange(body, HEADER, body.length)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemFrame f && f.ttl == ttl && f.dataType == dataType && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * ttl + dataType) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ItemFrame[ttl=" + ttl + ", dataType=" + dataType + ", " + data.length + " bytes]";
    }
}
