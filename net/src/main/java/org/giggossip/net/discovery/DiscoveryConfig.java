package org.giggossip.net.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link Discovery}. NPEER, TOLERANCE and DROP are Dave v1's
 * (specs/dave-v1.md, Constants); the rest are ours, because our links are TCP and
 * not UDP datagrams.
 *
 * @param npeer           addresses given in a PEER (Dave NPEER = 3)
 * @param tolerance       unanswered pings that count one drop (Dave TOLERANCE = 2); the first drop
 *                        stops the peer being advertised and closes its link
 * @param drop            a peer is forgotten at {@code drop * tolerance} drops (Dave DROP = 4)
 * @param pingPeriod      how often each linked peer is pinged: a third of the links' 90 s idle close
 *                        ({@code LinkConfig.idle}), so the ping is the keep-alive
 * @param targetLinks     links we try to keep; below it we ask for peers and dial
 * @param maxDials        dials in flight at once
 * @param dialTimeout     a dial not reported by then counts as failed
 * @param dialBackoff     wait after the first failed dial to an address, doubled per failure
 * @param maxDialBackoff  the longest wait
 * @param getPeerInterval least time between two GETPEERs we send
 * @param answerInterval  least time between two GETPEERs we answer from one peer
 * @param maxAddresses    entries the address book holds at most
 * @param maxPerSource    entries one peer's PEER answers may add
 * @param listenHost      the host we advertise in PING and PONG, or "" for "as you see me"
 * @param listenPort      the port we advertise, or 0 if we accept no connections
 */
public record DiscoveryConfig(int npeer, int tolerance, int drop, Duration pingPeriod, int targetLinks,
        int maxDials, Duration dialTimeout, Duration dialBackoff, Duration maxDialBackoff,
        Duration getPeerInterval, Duration answerInterval, int maxAddresses, int maxPerSource,
        String listenHost, int listenPort) {
    /** Dave v1 NPEER (specs/dave-v1.md). */
    public static final int NPEER = 3;
    /** Dave v1 TOLERANCE (specs/dave-v1.md). */
    public static final int TOLERANCE = 2;
    /** Dave v1 DROP (specs/dave-v1.md). */
    public static final int DROP = 4;

    /** Checks ranges; throws {@link IllegalArgumentException} with the reason. */
    public DiscoveryConfig {
        Objects.requireNonNull(listenHost, "listenHost");
        for (Duration d : new Duration[] {pingPeriod, dialTimeout, dialBackoff, maxDialBackoff, getPeerInterval,
            answerInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
        if (npeer < 1 || npeer > DiscoveryCodec.MAX_PEERS) {
            throw new IllegalArgumentException("npeer must be 1 to " + DiscoveryCodec.MAX_PEERS);
        }
        if (tolerance < 1 || drop < 1 || targetLinks < 1 || maxDials < 1 || maxPerSource < 1
                || maxAddresses < maxPerSource) {
            throw new IllegalArgumentException("counts must be positive and maxPerSource <= maxAddresses");
        }
        if (!listenHost.isEmpty()) {
            PeerAddress.hostProblem(listenHost).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
    }

    /**
     * Defaults for a daemon: Dave's NPEER, TOLERANCE and DROP; a 30 s ping; 8 links, 3 dials
     * at once, 20 s dial timeout, back-off 30 s doubling to 1 h; one GETPEER per 10 s, one
     * answer per peer per 10 s; 1,000 addresses, 50 per source; not listening.
     */
    public static DiscoveryConfig defaults() {
        return new DiscoveryConfig(NPEER, TOLERANCE, DROP, Duration.ofSeconds(30), 8, 3, Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000,
                50, "", 0);
    }

    /** A copy advertising this listen address. */
    public DiscoveryConfig withListen(String host, int port) {
        return new DiscoveryConfig(npeer, tolerance, drop, pingPeriod, targetLinks, maxDials, dialTimeout,
                dialBackoff, maxDialBackoff, getPeerInterval, answerInterval, maxAddresses, maxPerSource, host, port);
    }

    /** A copy with another target number of links. */
    public DiscoveryConfig withTargetLinks(int links) {
        return new DiscoveryConfig(npeer, tolerance, drop, pingPeriod, links, maxDials, dialTimeout,
                dialBackoff, maxDialBackoff, getPeerInterval, answerInterval, maxAddresses, maxPerSource,
                listenHost, listenPort);
    }

    /** A copy pinging every linked peer every {@code period}. */
    public DiscoveryConfig withPingPeriod(Duration period) {
        return new DiscoveryConfig(npeer, tolerance, drop, period, targetLinks, maxDials, dialTimeout,
                dialBackoff, maxDialBackoff, getPeerInterval, answerInterval, maxAddresses, maxPerSource,
                listenHost, listenPort);
    }

    /** A copy with another address-book cap. */
    public DiscoveryConfig withMaxAddresses(int max, int perSource) {
        return new DiscoveryConfig(npeer, tolerance, drop, pingPeriod, targetLinks, maxDials, dialTimeout,
                dialBackoff, maxDialBackoff, getPeerInterval, answerInterval, max, perSource, listenHost, listenPort);
    }
}
