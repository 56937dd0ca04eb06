package org.giggossip.net.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;

/**
 * The wire form of {@link DiscoveryMessage}s, each the body of one
 * {@code MessageType.DISCOVERY} link message. Integers are big-endian; a host is
 * ASCII (letters, digits, {@code . - _ :}).
 * <pre>
 * GETPEER: 0x01                                                               1 byte
 * PEER:    0x02 | count (1, at most MAX_PEERS) | count x entry
 *          entry: id (32, x-only key) | hostLen (1, 1..253) | host | port (2, 1..65535)
 * PING:    0x03 | nonce (8) | listenPort (2, 0 = not listening) | hostLen (1, 0..253) | host
 * PONG:    0x04 | the same fields as PING; the nonce is the PING's
 * </pre>
 * A PING's or PONG's empty host means "dial me at the address you see me at".
 * Decoding checks every length against the bytes that remain before it reads or
 * allocates (docs/style.md 4), rejects trailing bytes, and never throws.
 */
public final class DiscoveryCodec {
    /** Type byte of a GETPEER. */
    public static final byte GETPEER = 0x01;
    /** Type byte of a PEER. */
    public static final byte PEER = 0x02;
    /** Type byte of a PING. */
    public static final byte PING = 0x03;
    /** Type byte of a PONG. */
    public static final byte PONG = 0x04;
    /** Most entries a PEER may carry on the wire: 16 x 288 bytes fit the 8,192-byte DISCOVERY body. */
    public static final int MAX_PEERS = 16;
    /** Largest encoded message: a PEER of MAX_PEERS entries with the longest hosts. */
    public static final int MAX_SIZE = 2 + MAX_PEERS * (PublicKey.SIZE + 1 + PeerAddress.MAX_HOST_LENGTH + 2);

    private DiscoveryCodec() {}

    /** The bytes of a message. */
    public static byte[] encode(DiscoveryMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (message) {
            case DiscoveryMessage.GetPeer g -> out.write(GETPEER);
            case DiscoveryMessage.Peer p -> {
                out.write(PEER);
                out.write(p.peers().size());
                for (PeerAddress a : p.peers()) {
                    out.writeBytes(a.id().bytes());
                    writeHost(out, a.host());
                    writePort(out, a.port());
                }
            }
            case DiscoveryMessage.Ping p -> writeProbe(out, PING, p.nonce(), p.listenHost(), p.listenPort());
            case DiscoveryMessage.Pong p -> writeProbe(out, PONG, p.nonce(), p.listenHost(), p.listenPort());
        }
        return out.toByteArray();
    }

    private static void writeProbe(ByteArrayOutputStream out, byte type, long nonce, String host, int port) {
        out.write(type);
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(nonce).array());
        writePort(out, port);
        writeHost(out, host);
    }

    private static void writeHost(ByteArrayOutputStream out, String host) {
        byte[] b = host.getBytes(StandardCharsets.US_ASCII);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static void writePort(ByteArrayOutputStream out, int port) {
        out.write(port >>> 8);
        out.write(port);
    }

    /** The result of decoding: a message, or why the bytes are not one. */
    public sealed interface Decoded {
        /** Well-formed bytes. */
        record Ok(DiscoveryMessage message) implements Decoded {}

        /** Bytes that are not a discovery message; {@code reason} is for a log line. */
        record Malformed(String reason) implements Decoded {}
    }

    /** Thrown inside the decoder only, and turned into {@link Decoded.Malformed} at its one boundary. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Decodes one body; never throws on its content. */
    public static Decoded decode(byte[] body) {
        if (body == null || body.length == 0) {
            return new Decoded.Malformed("empty discovery message");
        }
        if (body.length > MAX_SIZE) {
            return new Decoded.Malformed("discovery message of " + body.length + " bytes, at most " + MAX_SIZE);
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            DiscoveryMessage m = switch (in.get()) {
                case GETPEER -> new DiscoveryMessage.GetPeer();
                case PEER -> readPeer(in);
                case PING -> {
                    long nonce = readLong(in);
                    int port = readU16(in);
                    yield new DiscoveryMessage.Ping(nonce, readHost(in, true), port);
                }
                case PONG -> {
                    long nonce = readLong(in);
                    int port = readU16(in);
                    yield new DiscoveryMessage.Pong(nonce, readHost(in, true), port);
                }
                default -> throw new Bad("unknown discovery message type " + (body[0] & 0xff));
            };
            if (in.hasRemaining()) {
                throw new Bad(in.remaining() + " trailing bytes after discovery message type " + body[0]);
            }
            return new Decoded.Ok(m);
        } catch (Bad e) {
            return new Decoded.Malformed(e.getMessage());
        }
    }

    private static DiscoveryMessage.Peer readPeer(ByteBuffer in) throws Bad {
        int count = readU8(in);
        if (count > MAX_PEERS) {
            throw new Bad("PEER with " + count + " entries, at most " + MAX_PEERS);
        }
        List<PeerAddress> peers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            need(in, PublicKey.SIZE);
            byte[] id = new byte[PublicKey.SIZE];
            in.get(id);
            Optional<PublicKey> key = PublicKey.parse(id);
            if (key.isEmpty()) {
                throw new Bad("PEER entry " + i + ": not a valid x-only public key");
            }
            String host = readHost(in, false);
            int port = readU16(in);
            if (port == 0) {
                throw new Bad("PEER entry " + i + ": port 0");
            }
            peers.add(new PeerAddress(key.get(), host, port));
        }
        return new DiscoveryMessage.Peer(peers);
    }

    private static String readHost(ByteBuffer in, boolean mayBeEmpty) throws Bad {
        int length = readU8(in);
        if (length == 0 && mayBeEmpty) {
            return "";
        }
        if (length > PeerAddress.MAX_HOST_LENGTH) {
            throw new Bad("host of " + length + " bytes, at most " + PeerAddress.MAX_HOST_LENGTH);
        }
        need(in, length);
        byte[] b = new byte[length];
        in.get(b);
        String host = new String(b, StandardCharsets.US_ASCII);
        Optional<String> problem = PeerAddress.hostProblem(host);
        if (problem.isPresent()) {
            throw new Bad(problem.get());
        }
        return host;
    }

    private static void need(ByteBuffer in, int n) throws Bad {
        if (in.remaining() < n) {
            throw new Bad("truncated: need " + n + " bytes, " + in.remaining() + " left");
        }
    }

    private static int readU8(ByteBuffer in) throws Bad {
        need(in, 1);
        return in.get() & 0xff;
    }

    private static int readU16(ByteBuffer in) throws Bad {
        need(in, 2);
        return in.getShort() & 0xffff;
    }

    private static long readLong(ByteBuffer in) throws Bad {
        need(in, Long.BYTES);
        return in.getLong();
    }
}
