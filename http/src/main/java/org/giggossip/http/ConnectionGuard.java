package org.giggossip.http;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;

/**
 * Per-connection rules Jetty has no setting for. A client must send a whole request within the
 * read timeout, however regularly it trickles bytes (the idle timeout only bounds the silence
 * between two of them), else it is closed: the clock runs from the connection's opening for its
 * first request, and from the first byte of each later one, so that an idle kept-alive
 * connection is left to the idle timeout. A clock is checked every quarter of the timeout, so a
 * slow client is closed between one and one and a quarter timeouts after its clock started.
 * And one remote address holds at most so many connections (the next ones are closed at once).
 */
final class ConnectionGuard implements Connection.Listener {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    /** The read clock of one connection; written by its request's thread and the ticker. */
    private static final class Clock {
        /** When its request began (System.nanoTime), or 0 while it is between requests. */
        volatile long started;
        /** Its request is in and being answered: the clock is off. */
        volatile boolean answering;
        /** Its bytes in at the last look. */
        volatile long bytesIn;
    }

    private final long readTimeoutNanos;
    private final int perAddress;
    private final ScheduledExecutorService scheduler;
    private final Map<Connection, Clock> clocks = new ConcurrentHashMap<>();
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionGuard(Duration readTimeout, int perAddress, ScheduledExecutorService scheduler) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.perAddress = perAddress;
        this.scheduler = scheduler;
        long tick = Math.max(50, readTimeout.toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection c) {
        if (c instanceof SslConnection) {
            return; // the HTTP connection inside it is the one guarded
        }
        SocketAddress remote = c.getEndPoint().getRemoteSocketAddress();
        InetAddress address = remote instanceof InetSocketAddress i ? i.getAddress() : null;
        if (address != null) {
            int n = open.merge(address, 1, Integer::sum);
            counted.put(c, address);
            if (n > perAddress) {
                LOG.log(Level.DEBUG, "closing a connection from " + address.getHostAddress() + ": over "
                        + perAddress + " from one address");
                scheduler.execute(() -> c.getEndPoint().close());
                return;
            }
        }
        Clock clock = new Clock();
        clock.started = System.nanoTime(); // a client connects to send a request
        clocks.put(c, clock);
    }

    @Override
    public void onClosed(Connection c) {
        clocks.remove(c);
        InetAddress address = counted.remove(c);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    /** {@code c}'s request is in: its clock stops until its answer is done. */
    void requestRead(Connection c) {
        Clock clock = clocks.get(c);
        if (clock != null) {
            clock.answering = true;
        }
    }

    /** {@code c} was answered: its clock starts again with the first byte of its next request. */
    void answered(Connection c) {
        Clock clock = clocks.get(c);
        if (clock != null) {
            clock.bytesIn = c.getBytesIn();
            clock.started = 0;
            clock.answering = false;
        }
    }

    private void tick() {
        long now = System.nanoTime();
        clocks.forEach((c, clock) -> {
            if (clock.answering) {
                return;
            }
            long bytes = c.getBytesIn();
            if (clock.started == 0 && bytes != clock.bytesIn) {
                clock.started = now;
            }
            clock.bytesIn = bytes;
            if (clock.started != 0 && now - clock.started >= readTimeoutNanos) {
                LOG.log(Level.DEBUG, "closing a connection that did not send a whole request within "
                        + Duration.ofNanos(readTimeoutNanos));
                clocks.remove(c);
                c.getEndPoint().close();
            }
        });
    }
}
