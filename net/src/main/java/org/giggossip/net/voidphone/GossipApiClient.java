package org.giggossip.net.voidphone;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.voidphone.VoidPhoneCodec.Sender;

/**
 * A small blocking client of the VoidPhone gossip API (seed 003) over one TCP
 * connection: for tests, the {@code gg gossip} commands, and programs that embed a
 * module. Sends may come from any thread; {@link #next} from one thread at a time.
 * A read that times out keeps the bytes it has, so the stream stays in step.
 */
public final class GossipApiClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[VoidPhoneCodec.MAX_SIZE];
    private int have;

    private GossipApiClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to the API at {@code api}.
     *
     * @throws IOException if the connection cannot be made within {@code timeout}
     */
    public static GossipApiClient connect(InetSocketAddress api, Duration timeout) throws IOException {
        Objects.requireNonNull(api, "api");
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(api, (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            return new GossipApiClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends GOSSIP ANNOUNCE: spread {@code data} of {@code dataType} for {@code ttl} hops (0 = unlimited). */
    public void announce(int ttl, int dataType, byte[] data) throws IOException {
        send(new ApiMessage.Announce(ttl, dataType, data));
    }

    /** Sends GOSSIP NOTIFY: subscribes this connection to {@code dataType} for as long as it is open. */
    public void subscribe(int dataType) throws IOException {
        send(new ApiMessage.Notify(dataType));
    }

    /** Sends GOSSIP VALIDATION for the notification {@code messageId}. */
    public void validate(int messageId, boolean valid) throws IOException {
        send(new ApiMessage.Validation(messageId, valid));
    }

    /** Sends any message, well-formed by construction. */
    public void send(ApiMessage m) throws IOException {
        byte[] bytes = VoidPhoneCodec.encode(m);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /**
     * The next NOTIFICATION, or empty if none arrived within {@code timeout}.
     *
     * @throws EOFException if the server closed the connection
     * @throws IOException  on a socket error or a malformed message from the server
     */
    public Optional<ApiMessage.Notification> next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int need = VoidPhoneCodec.HEADER;
            if (have >= VoidPhoneCodec.HEADER) {
                int size = (buf[0] & 0xFF) << 8 | buf[1] & 0xFF;
                int type = (buf[2] & 0xFF) << 8 | buf[3] & 0xFF;
                Optional<DecodeError> refused = VoidPhoneCodec.checkHeader(size, type, Sender.GOSSIP);
                if (refused.isPresent()) {
                    throw new IOException("malformed message from the server: " + refused.get());
                }
                need = size;
            }
            if (have >= need) {
                byte[] message = java.util.Arrays.copyOf(buf, need);
                have = 0;
                return switch (VoidPhoneCodec.decode(message, Sender.GOSSIP)) {
                    case Decoded.Ok<ApiMessage> ok -> Optional.of((ApiMessage.Notification) ok.value());
                    case Decoded.Err<ApiMessage> err -> throw new IOException("malformed message from the server: "
                            + err.error());
                };
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.clamp(left / 1_000_000, 1, Integer.MAX_VALUE));
            int n;
            try {
                n = in.read(buf, have, need - have);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (n < 0) {
                throw new EOFException("the gossip API closed the connection");
            }
            have += n;
        }
    }

    /** Closes the connection (the server forgets this connection's subscriptions). */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
