package org.giggossip.net.noise;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reassembles a {@link Bolt8Transport}'s incoming byte stream, cut anywhere by
 * TCP, into whole messages: it buffers exactly {@link Bolt8Transport#expectedLength()}
 * bytes at a time, so it never holds more than one message plus its tags
 * (the length limit is checked on the prefix, before the body's buffer is
 * allocated; docs/style.md 4). Sans-I/O; not thread-safe.
 */
public final class Bolt8Reader {
    private final Bolt8Transport transport;
    private byte[] pending;
    private int filled;
    private TransportRead.Failed failure;

    public Bolt8Reader(Bolt8Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.pending = new byte[Bolt8Transport.HEADER_SIZE];
    }

    /** What the bytes fed so far amount to: the messages they completed, and the failure that ended the stream, if any. */
    public record Batch(List<byte[]> messages, TransportRead.Failed failure) {
        public Batch {
            messages = List.copyOf(messages);
        }

        /** Whether the stream was rejected; the connection must close. */
        public boolean failed() {
            return failure != null;
        }
    }

    /** Feeds {@code len} bytes of {@code chunk} from {@code off}; never throws on their content. */
    public Batch feed(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        List<byte[]> messages = new ArrayList<>();
        int end = off + len;
        int at = off;
        while (failure == null && at < end) {
            int n = Math.min(pending.length - filled, end - at);
            System.arraycopy(chunk, at, pending, filled, n);
            filled += n;
            at += n;
            if (filled < pending.length) {
                break;
            }
            switch (transport.receive(pending)) {
                case TransportRead.Length length -> pending = new byte[length.bodySize()];
                case TransportRead.Message message -> {
                    messages.add(message.plaintext());
                    pending = new byte[Bolt8Transport.HEADER_SIZE];
                }
                case TransportRead.Failed failed -> failure = failed;
            }
            filled = 0;
        }
        return new Batch(messages, failure);
    }

    /** {@link #feed(byte[], int, int)} of a whole array. */
    public Batch feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }
}
