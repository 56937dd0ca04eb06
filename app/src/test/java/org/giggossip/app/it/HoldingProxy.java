package org.giggossip.app.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 in front of a local HTTP service, for making a request meet an outage
 * at a chosen moment: the first request whose bytes contain a given path is held, not forwarded,
 * until {@link #fail()}, which closes its connection unanswered (as a service stopped right then
 * leaves it: "header parser received no bytes"). Everything else is forwarded; a connection the
 * service refuses is closed.
 */
final class HoldingProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final int upstream;
    private final String path;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    HoldingProxy(int upstream, String path) throws IOException {
        this.upstream = upstream;
        this.path = path;
        Thread.ofVirtual().name("holding-proxy").start(this::accept);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Waits until the request is held. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the held request's connection without an answer. */
    void fail() {
        failed.countDown();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket client) {
        Socket service;
        try {
            service = new Socket(InetAddress.getLoopbackAddress(), upstream);
        } catch (IOException e) {
            close(client); // the service is down
            return;
        }
        sockets.add(service);
        Thread.ofVirtual().start(() -> pump(service, client, false));
        pump(client, service, true);
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n = from.getInputStream().read(buf); n >= 0; n = from.getInputStream().read(buf)) {
                if (requests && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(path)
                        && armed.compareAndSet(true, false)) {
                    held.countDown();
                    failed.await(); // released by fail() or close()
                    close(from);
                    close(to);
                    return;
                }
                to.getOutputStream().write(buf, 0, n);
                to.getOutputStream().flush();
            }
        } catch (IOException e) {
            // a side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(to);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        failed.countDown();
        server.close();
        sockets.forEach(HoldingProxy::close);
    }
}
