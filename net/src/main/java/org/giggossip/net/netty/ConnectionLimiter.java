package org.giggossip.net.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts open connections, in total and per remote IP, for all channels of a
 * node (a cap on connections: docs/protocol.md §1, "Hostile peers"). One instance is shared by
 * every {@link ConnectionLimitHandler}; its methods are synchronized because the
 * channels live on different event loops. No listener runs under the lock.
 */
public final class ConnectionLimiter {
    /** Default cap on all connections: 125, as Bitcoin Core's inbound default. */
    public static final int DEFAULT_MAX_TOTAL = 125;
    /** Default cap on connections from one IP address: 4. */
    public static final int DEFAULT_MAX_PER_IP = 4;

    private final int maxTotal;
    private final int maxPerIp;
    private final Map<String, Integer> perIp = new HashMap<>();
    private int total;

    /**
     * @param maxTotal the most connections at once, positive
     * @param maxPerIp the most connections from one address at once, positive
     */
    public ConnectionLimiter(int maxTotal, int maxPerIp) {
        if (maxTotal < 1 || maxPerIp < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxTotal + ", " + maxPerIp);
        }
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    /** With {@link #DEFAULT_MAX_TOTAL} and {@link #DEFAULT_MAX_PER_IP}. */
    public ConnectionLimiter() {
        this(DEFAULT_MAX_TOTAL, DEFAULT_MAX_PER_IP);
    }

    /**
     * Takes a slot for a connection from {@code remote}.
     *
     * @return empty if taken (release it with {@link #release}), else why not
     */
    public synchronized Optional<String> tryAcquire(SocketAddress remote) {
        String ip = key(remote);
        if (total >= maxTotal) {
            return Optional.of("limits: " + maxTotal + " connections already open");
        }
        int n = perIp.getOrDefault(ip, 0);
        if (n >= maxPerIp) {
            return Optional.of("limits: " + maxPerIp + " connections already open from " + ip);
        }
        perIp.put(ip, n + 1);
        total++;
        return Optional.empty();
    }

    /** Gives back a slot taken by {@link #tryAcquire} for the same address. */
    public synchronized void release(SocketAddress remote) {
        String ip = key(remote);
        Integer n = perIp.get(ip);
        if (n == null) {
            throw new IllegalStateException("no connection held for " + ip);
        }
        if (n == 1) {
            perIp.remove(ip);
        } else {
            perIp.put(ip, n - 1);
        }
        total--;
    }

    /** Connections open now. */
    public synchronized int total() {
        return total;
    }

    /** Connections open now from {@code remote}'s IP. */
    public synchronized int from(SocketAddress remote) {
        return perIp.getOrDefault(key(remote), 0);
    }

    /** The IP without the port, so that many ports of one host share a count. */
    private static String key(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
