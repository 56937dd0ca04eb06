package org.giggossip.app.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a local port, for cutting a node's link at a chosen moment
 * without stopping either end: {@link #swallow} stops forwarding what the dialling side sends (it is
 * read and dropped, as bytes lost with a link that dies), and {@link #cut} closes every connection
 * through the proxy. New connections are forwarded again as before.
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final int upstream;
    /** The swallow flags of the connections open now: {@link #swallow} applies to them only. */
    private final List<AtomicBoolean> swallowing = new CopyOnWriteArrayList<>();
    private final AtomicLong swallowed = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    LinkProxy(int upstream) throws IOException {
        this.upstream = upstream;
        Thread.ofVirtual().name("link-proxy").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Drops, from now on, what the dialling side sends on the connections open now (until they are
     * {@linkplain #cut}: dropped bytes break their encrypted streams for good); new ones are forwarded.
     */
    void swallow() {
        swallowing.forEach(f -> f.set(true));
    }

    /** Bytes dropped so far. */
    long swallowed() {
        return swallowed.get();
    }

    /** Closes every connection through the proxy now. */
    void cut() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closed already
            }
        }
        sockets.clear();
        swallowing.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out;
                try {
                    out = new Socket(InetAddress.getLoopbackAddress(), upstream);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                sockets.add(in);
                sockets.add(out);
                AtomicBoolean swallow = new AtomicBoolean();
                swallowing.add(swallow);
                Thread.ofVirtual().start(() -> pipe(in, out, swallow));
                Thread.ofVirtual().start(() -> pipe(out, in, null));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to}, dropping what comes while {@code swallow} (if any) is set. */
    private void pipe(Socket from, Socket to, AtomicBoolean swallow) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
            for (int n; (n = i.read(buf)) >= 0; ) {
                if (swallow != null && swallow.get()) {
                    swallowed.addAndGet(n);
                    continue;
                }
                o.write(buf, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
