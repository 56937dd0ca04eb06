package org.giggossip.net.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.util.Hex;
import org.giggossip.net.netty.KeyProbeHandler;

/**
 * Asks a node's p2p port for its static key ({@link KeyProbeHandler}), so that a
 * peer written as a bare {@code host:port}, as the VoidPhone configuration writes
 * its {@code bootstrapper} (seed 003), can be dialled over BOLT 8, which needs
 * the responder's key up front.
 *
 * <p>The answer is not authenticated: whoever sits between us and that address
 * can answer with its own key (trust on first use, like ssh's first connection).
 * The node says so in its log and tells the operator to write
 * {@code pubkey@host:port} to pin the key. After the answer, the link itself is
 * as safe as any other: BOLT 8 proves the peer holds the key it gave.
 */
public final class KeyProbe {
    private KeyProbe() {}

    /**
     * The key the node at {@code address} announces.
     *
     * @throws IOException with the reason when it cannot be reached, does not answer within
     *                     {@code timeout}, or answers anything but a valid key
     */
    public static PublicKey fetch(InetSocketAddress address, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            socket.getOutputStream().write(KeyProbeHandler.REQUEST);
            socket.getOutputStream().flush();
            byte[] answer = readAnswer(socket.getInputStream());
            String text = new String(answer, StandardCharsets.US_ASCII);
            if (!text.startsWith(KeyProbeHandler.RESPONSE_PREFIX) || !text.endsWith("\n")) {
                throw new IOException(address + " is not a gig-gossip node (unexpected answer to the key probe)");
            }
            String hex = text.substring(KeyProbeHandler.RESPONSE_PREFIX.length(), text.length() - 1);
            return Hex.tryDecode(hex).flatMap(PublicKey::parse)
                    .orElseThrow(() -> new IOException(address + " answered the key probe with an invalid key"));
        } catch (SocketTimeoutException e) {
            throw new IOException(address + " did not answer the key probe within " + timeout.toMillis() + " ms", e);
        }
    }

    /** Reads exactly the answer's length, never more (a hostile node cannot make us buffer). */
    private static byte[] readAnswer(InputStream in) throws IOException {
        byte[] answer = new byte[KeyProbeHandler.RESPONSE_SIZE];
        int got = 0;
        while (got < answer.length) {
            int n = in.read(answer, got, answer.length - got);
            if (n < 0) {
                throw new IOException("the connection closed after " + got + " bytes of the key probe's answer");
            }
            got += n;
        }
        return answer;
    }
}
