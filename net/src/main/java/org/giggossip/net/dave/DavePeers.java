package org.giggossip.net.dave;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A Dave node's peer table (dave-v1.md, peer table and liveness): per address the
 * time it was last heard from, its ping counter and its drop counter. Bootstrap
 * peers are never removed. Bounded to {@code maxPeers}; addresses beyond are not
 * added. Of those, at most {@code maxUnheard} may be addresses learned from a PEER
 * and never heard from: a flood of PEERs listing made-up addresses would otherwise
 * fill the table with peers that never answer, and keep real ones out until
 * liveness removes them {@code (drop * tolerance + 1) * (tolerance + 1)} periods
 * later. Beyond the cap the oldest unheard address goes first. Random choices are
 * uniform and without repeats. Not thread-safe.
 */
public final class DavePeers {
    /** Default most addresses learned from PEERs and not yet heard from. */
    public static final int MAX_UNHEARD = 64;

    private final int maxPeers;
    private final int maxUnheard;
    private final RandomGenerator random;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    /** Addresses learned from PEERs and never heard from, oldest first. */
    private final Set<String> unheard = new LinkedHashSet<>();

    /** One peer's counters. */
    private static final class Peer {
        Instant seen;
        int pings;
        int drops;
        final boolean bootstrap;

        Peer(Instant seen, boolean bootstrap) {
            this.seen = seen;
            this.bootstrap = bootstrap;
        }
    }

    /** A table of at most {@code maxPeers} (bootstrap peers beyond it still fit), {@link #MAX_UNHEARD} unheard. */
    public DavePeers(int maxPeers, RandomGenerator random) {
        this(maxPeers, MAX_UNHEARD, random);
    }

    /** A table of at most {@code maxPeers}, of them at most {@code maxUnheard} learned and never heard from. */
    public DavePeers(int maxPeers, int maxUnheard, RandomGenerator random) {
        if (maxPeers < 0 || maxUnheard < 0) {
            throw new IllegalArgumentException("maxPeers and maxUnheard must not be negative");
        }
        this.maxPeers = maxPeers;
        this.maxUnheard = maxUnheard;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Adds a bootstrap peer, never removed; never heard from, so the first tick pings it. */
    public void bootstrap(String addr) {
        peers.putIfAbsent(addr, new Peer(Instant.EPOCH, true));
    }

    /** A datagram came from {@code addr}: seen now, counters reset; added if unknown and there is room. */
    public void seen(String addr, Instant now) {
        Peer p = peers.get(addr);
        if (p == null) {
            if (peers.size() >= maxPeers) {
                return;
            }
            p = new Peer(now, false);
            peers.put(addr, p);
        }
        p.seen = now;
        p.pings = 0;
        p.drops = 0;
        unheard.remove(addr);
    }

    /**
     * An address learned from a PEER: added if unknown and there is room, as never heard from
     * (pinged soon); when {@code maxUnheard} such addresses are already waiting, the oldest of
     * them is removed to make room.
     */
    public void learn(String addr) {
        if (peers.containsKey(addr) || maxUnheard == 0) {
            return;
        }
        if (unheard.size() >= maxUnheard) {
            String oldest = unheard.iterator().next();
            unheard.remove(oldest);
            peers.remove(oldest);
        }
        if (peers.size() < maxPeers) {
            peers.put(addr, new Peer(Instant.EPOCH, false));
            unheard.add(addr);
        }
    }

    /**
     * One liveness step: picks one random peer silent for longer than {@code silence}, adds a
     * ping to it and returns it (the caller sends it a GETPEER); then every peer with more than
     * {@code tolerance} pings gets a drop and its pings reset, and every non-bootstrap peer with
     * more than {@code maxDrops} drops is removed.
     */
    public List<String> tick(Instant now, Duration silence, int tolerance, int maxDrops) {
        Instant before = now.minus(silence);
        List<String> ping = pick(1, a -> peers.get(a).seen.isBefore(before), Set.of());
        ping.forEach(a -> peers.get(a).pings++);
        peers.values().removeIf(p -> {
            if (p.pings > tolerance) {
                p.drops++;
                p.pings = 0;
            }
            return p.drops > maxDrops && !p.bootstrap;
        });
        unheard.retainAll(peers.keySet());
        return ping;
    }

    /** Up to {@code n} peers with ping and drop counters at most 1, not in {@code exclude}. */
    public List<String> responsive(int n, Set<String> exclude) {
        return pick(n, a -> peers.get(a).pings <= 1 && peers.get(a).drops <= 1, exclude);
    }

    /** Up to {@code n} peers not in {@code exclude}. */
    public List<String> any(int n, Set<String> exclude) {
        return pick(n, a -> true, exclude);
    }

    /** Whether {@code addr} is in the table. */
    public boolean contains(String addr) {
        return peers.containsKey(addr);
    }

    /** The addresses in the table, in the order they were added. */
    public List<String> addresses() {
        return List.copyOf(peers.keySet());
    }

    /** How many addresses were learned from PEERs and never heard from. */
    public int unheard() {
        return unheard.size();
    }

    /** The ping counter of {@code addr}, or -1 if not in the table. */
    public int pings(String addr) {
        Peer p = peers.get(addr);
        return p == null ? -1 : p.pings;
    }

    /** The drop counter of {@code addr}, or -1 if not in the table. */
    public int drops(String addr) {
        Peer p = peers.get(addr);
        return p == null ? -1 : p.drops;
    }

    /** Up to {@code n} of the peers matching {@code ok} and not excluded, uniformly without repeats (partial Fisher-Yates). */
    private List<String> pick(int n, Predicate<String> ok, Set<String> exclude) {
        List<String> a = new ArrayList<>();
        for (String addr : peers.keySet()) {
            if (!exclude.contains(addr) && ok.test(addr)) {
                a.add(addr);
            }
        }
        int k = Math.min(Math.max(n, 0), a.size());
        for (int i = 0; i < k; i++) {
            Collections.swap(a, i, i + random.nextInt(a.size() - i));
        }
        return List.copyOf(a.subList(0, k));
    }
}
