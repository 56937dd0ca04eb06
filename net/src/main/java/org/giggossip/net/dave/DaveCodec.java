package org.giggossip.net.dave;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;

/**
 * Dave datagrams (dave-v1.md, Message) in the protobuf wire format, byte for byte
 * as Go's proto3 {@code proto.Marshal} writes {@code Msg}: fields in number order,
 * default values left out (so a bare GETPEER is zero bytes and an empty PEER is
 * {@code 08 01}), one length-delimited entry per peer.
 *
 * <p>Hand-written rather than generated, so that decoding checks every length
 * against its bound before it copies anything and never throws. Decoding follows
 * Go's proto3 rules where a sender could tell the difference: unknown fields and
 * known fields with another wire type are skipped, the last of a repeated scalar
 * wins, strings must be UTF-8, unknown groups are skipped if well-formed. What Go
 * accepts and we refuse is only what this node will not act on (see {@link #decode}):
 * an op number beyond DAT (proto3 enums are open in Go), and the sizes and addresses
 * the spec bounds.
 */
public final class DaveCodec {
    /** Most addresses in one datagram; a route is at most DISTANCE + 1 long and a PEER holds NPEER. */
    public static final int MAX_PEERS = 64;
    /** Size of prev, work and nonce when present. */
    public static final int HASH_SIZE = 32;

    private static final int OP = 1;
    private static final int PEERS = 2;
    private static final int PREV = 3;
    private static final int WORK = 4;
    private static final int NONCE = 5;
    private static final int VAL = 6;
    private static final int TAG = 7;
    private static final int VARINT = 0;
    private static final int LEN = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final byte[] EMPTY = new byte[0];

    private DaveCodec() {}

    /**
     * The datagram of {@code m}.
     *
     * @throws IllegalArgumentException if it would be larger than {@link DaveConfig#PACKET_SIZE}
     */
    public static byte[] encode(DaveMsg m) {
        List<byte[]> peers = new ArrayList<>(m.peers().size());
        int size = m.op().number == 0 ? 0 : 1 + varintSize(m.op().number);
        for (String p : m.peers()) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            peers.add(b);
            size += fieldSize(b.length);
        }
        byte[][] fields = {m.prev(), m.work(), m.nonce(), m.val(), m.tag()};
        for (byte[] f : fields) {
            size += f.length == 0 ? 0 : fieldSize(f.length);
        }
        if (size > DaveConfig.PACKET_SIZE) {
            throw new IllegalArgumentException("a " + m.op() + " of " + size + " bytes is larger than a datagram ("
                    + DaveConfig.PACKET_SIZE + ")");
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        if (m.op().number != 0) {
            putVarint(out, OP << 3 | VARINT);
            putVarint(out, m.op().number);
        }
        for (byte[] p : peers) {
            putBytes(out, PEERS, p);
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].length > 0) {
                putBytes(out, PREV + i, fields[i]);
            }
        }
        return out.array();
    }

    /**
     * The message in {@code datagram}, or why it is refused: larger than a datagram
     * ({@code TOO_LARGE}, before anything is parsed); not protobuf ({@code MALFORMED});
     * an op number beyond DAT ({@code OUT_OF_RANGE}); prev, nonce or work neither 0
     * nor 32 bytes, no 32-byte work in a SETDAT, GETDAT or DAT, a value over
     * {@link DaveConfig#VAL_SIZE} or a tag over {@link DaveConfig#TAG_SIZE} bytes
     * ({@code BAD_LENGTH}); more than {@link #MAX_PEERS} addresses ({@code TOO_MANY});
     * an address that is not Go's {@code netip.AddrPort} text ({@code INVALID_VALUE}).
     * Addresses are kept as sent, so a decoded datagram re-encodes to the same bytes
     * when it was written canonically. Never throws.
     */
    public static Decoded<DaveMsg> decode(byte[] datagram) {
        if (datagram == null) {
            return Decoded.err(Reason.MALFORMED, "no datagram");
        }
        if (datagram.length > DaveConfig.PACKET_SIZE) {
            return Decoded.err(Reason.TOO_LARGE,
                    "datagram of " + datagram.length + " bytes, at most " + DaveConfig.PACKET_SIZE);
        }
        Reader r = new Reader(datagram);
        int op = 0;
        List<String> peers = new ArrayList<>();
        byte[][] bytes = {EMPTY, EMPTY, EMPTY, EMPTY, EMPTY}; // prev, work, nonce, val, tag
        int[] max = {HASH_SIZE, HASH_SIZE, HASH_SIZE, DaveConfig.VAL_SIZE, DaveConfig.TAG_SIZE};
        String[] names = {"prev", "work", "nonce", "val", "tag"};
        while (r.pos < datagram.length) {
            long key = r.varint();
            if (r.failed) {
                return malformed(r, "bad field key");
            }
            long number = key >>> 3;
            int type = (int) (key & 7);
            if (number < 1 || number > Integer.MAX_VALUE) {
                return malformed(r, "field number " + number);
            }
            if (number == OP && type == VARINT) {
                long v = r.varint();
                if (r.failed) {
                    return malformed(r, "bad op varint");
                }
                op = (int) v; // Go reads an enum as int32(v); the last one wins
            } else if (number >= PEERS && number <= TAG && type == LEN) {
                int length = r.length();
                if (length < 0) {
                    return malformed(r, "field " + number + " runs past the end");
                }
                if (number == PEERS) {
                    if (peers.size() == MAX_PEERS) {
                        return Decoded.err(Reason.TOO_MANY, "more than " + MAX_PEERS + " addresses");
                    }
                    String text = utf8(datagram, r.pos, length);
                    if (text == null) {
                        return malformed(r, "address " + (peers.size() + 1) + " is not UTF-8");
                    }
                    if (AddrPort.parse(text) instanceof Decoded.Err<AddrPort> err) {
                        return Decoded.err(err.error().reason(), "peer " + (peers.size() + 1) + ": "
                                + err.error().detail());
                    }
                    peers.add(text);
                } else {
                    int i = (int) number - PREV;
                    if (length > max[i]) {
                        return Decoded.err(Reason.BAD_LENGTH, names[i] + " of " + length + " bytes, at most " + max[i]);
                    }
                    bytes[i] = Arrays.copyOfRange(datagram, r.pos, r.pos + length);
                }
                r.pos += length;
            } else if (type == START_GROUP) {
                if (!r.skipGroup(number)) {
                    return malformed(r, "bad group of field " + number);
                }
            } else if (!r.skip(type)) {
                return malformed(r, "cannot skip field " + number + " of wire type " + type);
            }
        }
        if (op < 0 || op >= DaveMsg.Op.values().length) {
            return Decoded.err(Reason.OUT_OF_RANGE, "unknown op " + op);
        }
        DaveMsg.Op kind = DaveMsg.Op.values()[op];
        for (int i = 0; i < 3; i++) {
            if (bytes[i].length != 0 && bytes[i].length != HASH_SIZE) {
                return Decoded.err(Reason.BAD_LENGTH, names[i] + " of " + bytes[i].length + " bytes, not 0 or 32");
            }
        }
        boolean keyed = kind == DaveMsg.Op.SETDAT || kind == DaveMsg.Op.GETDAT || kind == DaveMsg.Op.DAT;
        if (keyed && bytes[1].length != HASH_SIZE) {
            return Decoded.err(Reason.BAD_LENGTH, "a " + kind + " without a 32-byte work");
        }
        return Decoded.ok(new DaveMsg(kind, peers, bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]));
    }

    private static Decoded<DaveMsg> malformed(Reader r, String why) {
        return Decoded.err(Reason.MALFORMED, why + " at byte " + r.pos);
    }

    private static String utf8(byte[] b, int from, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A cursor over the datagram; every read checks the bytes left first. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private boolean failed;

        Reader(byte[] b) {
            this.b = b;
        }

        /** Go's {@code protowire.ConsumeVarint}: at most 10 bytes, the tenth at most 1; -1 and failed if not. */
        long varint() {
            long v = 0;
            for (int i = 0; i < 10; i++) {
                if (pos >= b.length) {
                    failed = true;
                    return -1;
                }
                int c = b[pos++] & 0xff;
                if (i == 9 && c > 1) {
                    failed = true;
                    return -1;
                }
                v |= (long) (c & 0x7f) << (7 * i);
                if (c < 0x80) {
                    return v;
                }
            }
            failed = true;
            return -1;
        }

        /** A length prefix that fits in the bytes left, or -1. */
        int length() {
            long n = varint();
            if (failed || n < 0 || n > b.length - pos) {
                return -1;
            }
            return (int) n;
        }

        boolean skip(int type) {
            switch (type) {
                case VARINT -> {
                    varint();
                    return !failed;
                }
                case 1 -> {
                    return advance(8);
                }
                case LEN -> {
                    int n = length();
                    return n >= 0 && advance(n);
                }
                case 5 -> {
                    return advance(4);
                }
                default -> {
                    return false; // an end group here has no start; 6 and 7 are reserved
                }
            }
        }

        /**
         * Skips a group whose start tag of field {@code number} was just read, as Go
         * skips an unknown group: every nested field well-formed, each end tag matching
         * its start. Nesting is bounded by the bytes left, so a stack of that size holds it.
         */
        boolean skipGroup(long number) {
            long[] open = new long[b.length - pos + 1];
            int depth = 0;
            open[depth++] = number;
            while (depth > 0) {
                long key = varint();
                if (failed) {
                    return false;
                }
                long n = key >>> 3;
                int type = (int) (key & 7);
                if (n < 1 || n > Integer.MAX_VALUE) {
                    return false;
                }
                if (type == START_GROUP) {
                    open[depth++] = n;
                } else if (type == END_GROUP) {
                    if (open[--depth] != n) {
                        return false;
                    }
                } else if (!skip(type)) {
                    return false;
                }
            }
            return true;
        }

        private boolean advance(int n) {
            if (n > b.length - pos) {
                return false;
            }
            pos += n;
            return true;
        }
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7fL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int fieldSize(int length) {
        return 1 + varintSize(length) + length;
    }

    private static void putVarint(ByteBuffer out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    private static void putBytes(ByteBuffer out, int field, byte[] b) {
        putVarint(out, field << 3 | LEN);
        putVarint(out, b.length);
        out.put(b);
    }
}
