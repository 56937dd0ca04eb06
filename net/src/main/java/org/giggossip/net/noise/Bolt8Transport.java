package org.giggossip.net.noise;

import java.util.Objects;

/**
 * A BOLT 8 session after its handshake ("Encrypting and Sending Messages",
 * "Receiving and Decrypting Messages"): each message goes out as
 * {@code encrypt(2-byte big-endian length) || MAC} (18 bytes), then
 * {@code encrypt(body) || MAC}; each direction rotates its key every 1000
 * encryptions.
 *
 * <p>Reading is sans-I/O: the host reads exactly {@link #expectedLength()} bytes
 * and passes them to {@link #receive(byte[])}, which alternates between a
 * {@link TransportRead.Length} and a {@link TransportRead.Message}. A message
 * longer than the limit given to {@link #limitMessageSize(int)} is refused from
 * its length prefix, before its body is read (docs/style.md 4). Hostile input never
 * throws; after a failure the session refuses everything.
 *
 * <p>Not thread-safe: owned by its connection's event loop.
 */
public final class Bolt8Transport {
    /** Bytes of the encrypted length prefix: 2 bytes and a 16-byte tag. */
    public static final int HEADER_SIZE = 2 + 16;
    /** Bytes of a tag. */
    public static final int TAG_SIZE = 16;
    /** The largest message BOLT 8 can carry. */
    public static final int MAX_MESSAGE_SIZE = 65535;

    private final CipherState sender;
    private final CipherState receiver;
    private final byte[] lengthBuffer = new byte[2];
    private int maxMessageSize = MAX_MESSAGE_SIZE;
    private int pendingBody = -1;
    private boolean broken;

    Bolt8Transport(byte[] ck, byte[] sk, byte[] rk) {
        this.sender = new CipherState(ck, sk);
        this.receiver = new CipherState(ck, rk);
    }

    /** For tests and hosts that resume from known keys: a session from its chaining, sending and receiving keys. */
    public static Bolt8Transport fromKeys(byte[] ck, byte[] sk, byte[] rk) {
        for (byte[] k : new byte[][] {ck, sk, rk}) {
            if (Objects.requireNonNull(k).length != 32) {
                throw new IllegalArgumentException("BOLT 8 keys are 32 bytes");
            }
        }
        return new Bolt8Transport(ck, sk, rk);
    }

    /** Refuses incoming messages longer than {@code limit} bytes (at most 65535) from their length prefix. */
    public Bolt8Transport limitMessageSize(int limit) {
        if (limit < 0 || limit > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("limit must be in [0, 65535]");
        }
        this.maxMessageSize = limit;
        return this;
    }

    /** Encrypts one message (at most 65535 bytes; more is our own bug and throws) for the wire. */
    public byte[] encrypt(byte[] message) {
        Objects.requireNonNull(message, "message");
        return encrypt(message, 0, message.length);
    }

    /** Encrypts {@code len} bytes of {@code message} from {@code off}. */
    public byte[] encrypt(byte[] message, int off, int len) {
        Objects.checkFromIndexSize(off, len, message.length);
        if (len > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("a BOLT 8 message holds at most 65535 bytes, got " + len);
        }
        byte[] out = new byte[HEADER_SIZE + len + TAG_SIZE];
        byte[] l = {(byte) (len >>> 8), (byte) len};
        sender.seal(l, 0, 2, out, 0);
        sender.seal(message, off, len, out, HEADER_SIZE);
        return out;
    }

    /** How many bytes {@link #receive(byte[])} expects next; 0 after a failure. */
    public int expectedLength() {
        if (broken) {
            return 0;
        }
        return pendingBody < 0 ? HEADER_SIZE : pendingBody + TAG_SIZE;
    }

    /** Whether the session has rejected input and accepts no more. */
    public boolean isBroken() {
        return broken;
    }

    /** Feeds exactly {@link #expectedLength()} bytes: a length prefix or a body. Never throws on {@code bytes}. */
    public TransportRead receive(byte[] bytes) {
        if (broken) {
            return new TransportRead.Failed(TransportError.BROKEN, "the session already failed");
        }
        TransportRead r = pendingBody < 0 ? readLength(bytes) : readBody(bytes);
        if (r instanceof TransportRead.Failed) {
            broken = true;
        }
        return r;
    }

    private TransportRead readLength(byte[] bytes) {
        if (bytes == null || bytes.length != HEADER_SIZE) {
            return new TransportRead.Failed(TransportError.LENGTH_READ_FAILED, sizeOf(bytes));
        }
        if (!receiver.open(bytes, 0, HEADER_SIZE, lengthBuffer, 0)) {
            return new TransportRead.Failed(TransportError.LENGTH_BAD_TAG, "");
        }
        int len = ((lengthBuffer[0] & 0xff) << 8) | (lengthBuffer[1] & 0xff);
        if (len > maxMessageSize) {
            return new TransportRead.Failed(TransportError.LENGTH_TOO_LARGE, len + " > " + maxMessageSize);
        }
        pendingBody = len;
        return new TransportRead.Length(len + TAG_SIZE);
    }

    private TransportRead readBody(byte[] bytes) {
        if (bytes == null || bytes.length != pendingBody + TAG_SIZE) {
            return new TransportRead.Failed(TransportError.BODY_READ_FAILED, sizeOf(bytes));
        }
        byte[] plain = new byte[pendingBody];
        if (!receiver.open(bytes, 0, bytes.length, plain, 0)) {
            return new TransportRead.Failed(TransportError.BODY_BAD_TAG, "");
        }
        pendingBody = -1;
        return new TransportRead.Message(plain);
    }

    private static String sizeOf(byte[] bytes) {
        return "got " + (bytes == null ? "no" : Integer.toString(bytes.length)) + " bytes";
    }
}
