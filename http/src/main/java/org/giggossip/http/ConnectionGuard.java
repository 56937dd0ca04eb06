package org.giggossip.http;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;

/**
 * Per-connection rules Jetty has no setting for: a client must send a whole request within the
 * read timeout of connecting or of its previous answer, however slowly it trickles bytes (the
 * idle timeout only bounds the silence between two of them), else it is closed; and one remote
 * address holds at most so many connections (the next ones are closed at once).
 */
final class ConnectionGuard implements Connection.Listener {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    private final Duration readTimeout;
    private final int perAddress;
    private final ScheduledExecutorService scheduler;
    private final Map<Connection, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionGuard(Duration readTimeout, int perAddress, ScheduledExecutorService scheduler) {
        this.readTimeout = readTimeout;
        this.perAddress = perAddress;
        this.scheduler = scheduler;
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
        expectRequest(c);
    }

    @Override
    public void onClosed(Connection c) {
        requestRead(c);
        InetAddress address = counted.remove(c);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Starts the clock: {@code c} must send a whole request within the read timeout. */
    void expectRequest(Connection c) {
        ScheduledFuture<?> task = scheduler.schedule(() -> {
            if (deadlines.remove(c) != null) {
                LOG.log(Level.DEBUG, "closing a connection that did not send a request within " + readTimeout);
                c.getEndPoint().close();
            }
        }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = deadlines.put(c, task);
        if (old != null) {
            old.cancel(false);
        }
    }

    /** Stops the clock: {@code c}'s request is in. */
    void requestRead(Connection c) {
        ScheduledFuture<?> task = deadlines.remove(c);
        if (task != null) {
            task.cancel(false);
        }
    }
}
