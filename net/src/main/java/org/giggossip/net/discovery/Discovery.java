package org.giggossip.net.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty;
import org.giggossip.net.discovery.DiscoveryOutput.Dial;
import org.giggossip.net.discovery.DiscoveryOutput.Drop;
import org.giggossip.net.discovery.DiscoveryOutput.Penalise;
import org.giggossip.net.discovery.DiscoveryOutput.Send;

/**
 * One node's peer discovery and liveness as a sans-I/O state machine (seed 004,
 * section 3, over our authenticated links; docs/protocol.md §1, Discovery).
 *
 * <p>The host reports links with {@link #linkUp} and {@link #linkDown}, hands over
 * every {@code DISCOVERY} body with {@link #message}, reports failed dials with
 * {@link #dialFailed}, and calls {@link #tick} every second or so. Each call returns
 * what to do, in order. Time is passed in, randomness injected; hostile bodies never
 * throw. Not thread-safe: owned by the node's loop (docs/style.md 8).
 *
 * <p>Rules:
 * <ul>
 * <li><b>Liveness.</b> Every {@code pingPeriod} each linked peer gets a PING; a
 *     PING still unanswered at the next one is a miss. Only the PONG with the right
 *     nonce sets both counters to zero (seed 004: "both ping and drop counters are
 *     set to zero"); merely holding a link open does not.</li>
 * <li><b>Two-stage drop</b> (seed 004). A miss, or a failed dial, adds one ping;
 *     at {@code tolerance} pings the drop counter goes up and the pings start again.
 *     Stage one, the first drop: the peer is no longer advertised and its link is
 *     closed. Stage two, {@code drop * tolerance} drops: the peer is forgotten,
 *     unless it is a bootstrap peer (specs/dave-v1.md: "never dropped").</li>
 * <li><b>GETPEER</b> is answered with up to {@code npeer} peers drawn uniformly
 *     without repeats from the responsive ones (answered a ping, no drop, fewer than
 *     {@code tolerance} pings), never the asker; at most once per
 *     {@code answerInterval} per peer, extra ones ignored.</li>
 * <li><b>PEER</b> is taken only in answer to our GETPEER, and only its first
 *     {@code npeer} entries; it adds unknown peers (never ourselves, never a new
 *     address for a known peer) while the book is under {@code maxAddresses} and that
 *     peer has added fewer than {@code maxPerSource}.</li>
 * <li><b>A peer's own address</b> comes from its PING or PONG: the port it listens
 *     on, never the source port of its connection; an empty or wildcard host means the
 *     address the host saw it connect from.</li>
 * <li><b>PING</b> is answered on every link the host delivers from, known here yet or not.</li>
 * <li><b>Below {@code targetLinks}</b> we ask each new link's peer for peers with its
 *     first ping, and one random linked peer per {@code getPeerInterval}, and dial random
 *     known addresses, at most {@code maxDials} at once, backing off exponentially on
 *     addresses that fail.</li>
 * </ul>
 */
public final class Discovery {
    private final PublicKey self;
    private final DiscoveryConfig config;
    private final AddressStore store;
    private final RandomGenerator random;
    private final Map<PublicKey, Entry> book = new LinkedHashMap<>();
    private final Map<PublicKey, Link> links = new LinkedHashMap<>();
    private final Map<PublicKey, Pending> dialing = new LinkedHashMap<>();
    private final Map<PublicKey, Integer> learnedFrom = new HashMap<>();
    private Instant nextGetPeerAt = Instant.MIN;

    /** One address-book entry as the loop sees it; {@link AddressEntry} is its persisted part. */
    private static final class Entry {
        PeerAddress address;
        Instant lastSeen = Instant.EPOCH;
        int pings;
        int drops;
        boolean bootstrap;
        PublicKey source;
        int dialFailures;
        Instant nextDialAt = Instant.MIN;

        Entry(PeerAddress address) {
            this.address = address;
        }

        AddressEntry snapshot() {
            return new AddressEntry(address, lastSeen, pings, drops);
        }
    }

    /** One admitted link. */
    private static final class Link {
        final String remoteHost;
        Instant nextPingAt = Instant.MIN;
        boolean awaiting;
        long nonce;
        int missed;
        boolean askedPeers;
        boolean introduced;
        Instant lastAnswered;

        Link(String remoteHost) {
            this.remoteHost = remoteHost;
        }
    }

    private record Pending(PeerAddress address, Instant started) {}

    /**
     * Discovery for node {@code self}, over the entries {@code store} holds now (up to
     * {@code maxAddresses}); {@code random} picks peers and ping nonces.
     */
    public Discovery(PublicKey self, DiscoveryConfig config, AddressStore store, RandomGenerator random) {
        this.self = Objects.requireNonNull(self, "self");
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        for (AddressEntry stored : store.loadAll()) {
            if (book.size() >= config.maxAddresses()) {
                break;
            }
            if (!stored.address().id().equals(self)) {
                Entry e = new Entry(stored.address());
                e.lastSeen = stored.lastSeen();
                e.pings = stored.pings();
                e.drops = stored.drops();
                book.put(stored.address().id(), e);
            }
        }
    }

    /**
     * Adds the configured bootstrap peers (even beyond {@code maxAddresses}); they are never
     * forgotten (specs/dave-v1.md, Behaviour) and are dialed from the next tick.
     */
    public void bootstrap(List<PeerAddress> peers) {
        for (PeerAddress a : peers) {
            if (a.id().equals(self)) {
                continue;
            }
            Entry e = book.computeIfAbsent(a.id(), id -> new Entry(a));
            e.address = a;
            e.bootstrap = true;
            store.upsert(a);
        }
    }

    /** A link to {@code peer} was admitted; as {@link #linkUp(PublicKey, boolean, String)} with no remote host. */
    public List<DiscoveryOutput> linkUp(PublicKey peer, boolean outbound) {
        return linkUp(peer, outbound, "");
    }

    /**
     * A link to {@code peer} was admitted, which we dialed ({@code outbound}) or
     * accepted; {@code remoteHost} is the IP it connects from ("" if unknown), used when
     * its PING or PONG leaves the host empty. It is pinged at the next tick.
     */
    public List<DiscoveryOutput> linkUp(PublicKey peer, boolean outbound, String remoteHost) {
        if (peer.equals(self)) {
            return List.of();
        }
        links.putIfAbsent(peer, new Link(Objects.requireNonNull(remoteHost, "remoteHost")));
        Pending p = dialing.remove(peer);
        Entry e = book.get(peer);
        if (p != null && outbound && e != null) {
            e.dialFailures = 0;
            e.nextDialAt = Instant.MIN;
        }
        return List.of();
    }

    /** The link to {@code peer} closed. */
    public List<DiscoveryOutput> linkDown(PublicKey peer) {
        links.remove(peer);
        return List.of();
    }

    /** Dialing {@code address} failed (refused, timed out, wrong identity): a miss, and a back-off. */
    public List<DiscoveryOutput> dialFailed(PeerAddress address, Instant now) {
        List<DiscoveryOutput> out = new ArrayList<>();
        failDial(address, now);
        dial(now, out);
        return out;
    }

    /**
     * One {@code DISCOVERY} body from a peer the host holds an admitted link to. A PING is
     * answered on every link, also one whose {@link #linkUp} has not reached us yet (the host
     * reports links and messages on different paths): an unanswered ping is how the peer
     * decides we are gone. The rest needs the link's state and waits for {@link #linkUp}.
     */
    public List<DiscoveryOutput> message(PublicKey peer, byte[] body, Instant now) {
        Link link = links.get(peer);
        DiscoveryCodec.Decoded decoded = DiscoveryCodec.decode(body);
        if (link == null) {
            return decoded instanceof DiscoveryCodec.Decoded.Ok(DiscoveryMessage.Ping p) && !peer.equals(self)
                    ? List.of(send(peer, p.pong(config.listenHost(), config.listenPort())))
                    : List.of();
        }
        return switch (decoded) {
            case DiscoveryCodec.Decoded.Malformed m ->
                    List.of(new Penalise(peer, Penalty.fatal(Penalty.Reason.UNDECODABLE, m.reason())));
            case DiscoveryCodec.Decoded.Ok ok -> switch (ok.message()) {
                case DiscoveryMessage.GetPeer g -> answer(peer, link, now);
                case DiscoveryMessage.Peer p -> learn(peer, link, p, now);
                case DiscoveryMessage.Ping p -> {
                    learnListen(peer, link, p.listenHost(), p.listenPort());
                    yield List.of(send(peer, p.pong(config.listenHost(), config.listenPort())));
                }
                case DiscoveryMessage.Pong p -> {
                    if (link.awaiting && p.nonce() == link.nonce) {
                        link.awaiting = false;
                        link.missed = 0;
                        learnListen(peer, link, p.listenHost(), p.listenPort());
                        Entry e = book.get(peer);
                        if (e != null) {
                            e.pings = 0;
                            e.drops = 0;
                            e.lastSeen = now;
                            store.markSeen(peer, now);
                        }
                    }
                    yield List.of();
                }
            };
        };
    }

    /** The periodic step: pings and misses, overdue dials, GETPEER and dials when below the target. */
    public List<DiscoveryOutput> tick(Instant now) {
        List<DiscoveryOutput> out = new ArrayList<>();
        Set<PublicKey> introduced = new java.util.HashSet<>();
        for (Map.Entry<PublicKey, Link> le : List.copyOf(links.entrySet())) {
            PublicKey peer = le.getKey();
            Link link = le.getValue();
            if (now.isBefore(link.nextPingAt)) {
                continue;
            }
            if (link.awaiting && miss(peer, link, now, out)) {
                continue;
            }
            link.nonce = random.nextLong();
            link.awaiting = true;
            link.nextPingAt = now.plus(config.pingPeriod());
            out.add(send(peer, new DiscoveryMessage.Ping(link.nonce, config.listenHost(), config.listenPort())));
            if (!link.introduced && links.size() < config.targetLinks()) {
                // a new neighbour introduces its own at once: nodes sharing a peer meet within a ping period
                link.introduced = true;
                link.askedPeers = true;
                introduced.add(peer);
                out.add(send(peer, new DiscoveryMessage.GetPeer()));
            }
        }
        for (Pending p : List.copyOf(dialing.values())) {
            if (!now.isBefore(p.started().plus(config.dialTimeout()))) {
                failDial(p.address(), now);
            }
        }
        if (links.size() < config.targetLinks() && !links.isEmpty() && !now.isBefore(nextGetPeerAt)) {
            PublicKey asked = pick(new ArrayList<>(links.keySet()), 1).get(0);
            links.get(asked).askedPeers = true;
            nextGetPeerAt = now.plus(config.getPeerInterval());
            if (!introduced.contains(asked)) {
                out.add(send(asked, new DiscoveryMessage.GetPeer()));
            }
        }
        dial(now, out);
        return out;
    }

    /** The entry for {@code id}, if known. */
    public Optional<AddressEntry> entry(PublicKey id) {
        return Optional.ofNullable(book.get(id)).map(Entry::snapshot);
    }

    /** How many addresses the book holds. */
    public int size() {
        return book.size();
    }

    /** The peers we hold links to. */
    public Set<PublicKey> links() {
        return Collections.unmodifiableSet(links.keySet());
    }

    /** A missed ping on {@code link}; true if the link was dropped. */
    private boolean miss(PublicKey peer, Link link, Instant now, List<DiscoveryOutput> out) {
        link.missed++;
        Entry e = book.get(peer);
        if (e != null) {
            countMiss(e);
        }
        if (link.missed >= config.tolerance()) {
            links.remove(peer);
            if (e != null) {
                e.nextDialAt = now.plus(config.dialBackoff()); // not redialed in the same breath
            }
            out.add(new Drop(peer, link.missed + " pings unanswered"));
            return true;
        }
        return false;
    }

    /** The two-stage drop (seed 004, section 3) for one unanswered ping or failed dial. */
    private void countMiss(Entry e) {
        PublicKey id = e.address.id();
        e.pings++;
        store.recordPing(id);
        if (e.pings < config.tolerance()) {
            return;
        }
        e.pings = 0;
        e.drops++;
        store.recordDrop(id);
        if (e.drops >= config.drop() * config.tolerance() && !e.bootstrap) {
            forget(e);
        }
    }

    private void forget(Entry e) {
        PublicKey id = e.address.id();
        book.remove(id);
        store.remove(id);
        if (e.source != null) {
            learnedFrom.computeIfPresent(e.source, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    private void failDial(PeerAddress address, Instant now) {
        dialing.remove(address.id());
        Entry e = book.get(address.id());
        if (e == null || !e.address.equals(address)) {
            return;
        }
        e.dialFailures++;
        Duration wait = config.dialBackoff().multipliedBy(1L << Math.min(e.dialFailures - 1, 20));
        e.nextDialAt = now.plus(wait.compareTo(config.maxDialBackoff()) > 0 ? config.maxDialBackoff() : wait);
        countMiss(e);
    }

    private void dial(Instant now, List<DiscoveryOutput> out) {
        int slots = Math.min(config.maxDials() - dialing.size(),
                config.targetLinks() - links.size() - dialing.size());
        if (slots <= 0) {
            return;
        }
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : book.values()) {
            PublicKey id = e.address.id();
            if (!links.containsKey(id) && !dialing.containsKey(id) && !now.isBefore(e.nextDialAt)) {
                candidates.add(e);
            }
        }
        for (Entry e : pick(candidates, slots)) {
            dialing.put(e.address.id(), new Pending(e.address, now));
            out.add(new Dial(e.address));
        }
    }

    private List<DiscoveryOutput> answer(PublicKey asker, Link link, Instant now) {
        if (link.lastAnswered != null && now.isBefore(link.lastAnswered.plus(config.answerInterval()))) {
            return List.of();
        }
        link.lastAnswered = now;
        List<PeerAddress> responsive = new ArrayList<>();
        for (Entry e : book.values()) {
            if (!e.address.id().equals(asker) && e.lastSeen.isAfter(Instant.EPOCH) && e.drops == 0
                    && e.pings < config.tolerance()) {
                responsive.add(e.address);
            }
        }
        return List.of(send(asker, new DiscoveryMessage.Peer(pick(responsive, config.npeer()))));
    }

    private List<DiscoveryOutput> learn(PublicKey from, Link link, DiscoveryMessage.Peer peer, Instant now) {
        if (!link.askedPeers) {
            return List.of();
        }
        link.askedPeers = false;
        List<PeerAddress> offered = peer.peers();
        for (PeerAddress a : offered.subList(0, Math.min(offered.size(), config.npeer()))) {
            if (a.id().equals(self) || book.containsKey(a.id()) || PeerAddress.isWildcard(a.host())) {
                continue;
            }
            int added = learnedFrom.getOrDefault(from, 0);
            if (book.size() >= config.maxAddresses() || added >= config.maxPerSource()) {
                break;
            }
            Entry e = new Entry(a);
            e.source = from;
            book.put(a.id(), e);
            learnedFrom.put(from, added + 1);
            store.upsert(a);
        }
        List<DiscoveryOutput> out = new ArrayList<>();
        dial(now, out);
        return out;
    }

    /** Records where a linked peer says it listens; the peer is the authority on its own address. */
    private void learnListen(PublicKey peer, Link link, String host, int port) {
        String h = host.isEmpty() || PeerAddress.isWildcard(host) ? link.remoteHost : host;
        if (port == 0 || PeerAddress.hostProblem(h).isPresent()) {
            return;
        }
        PeerAddress a = new PeerAddress(peer, h, port);
        Entry e = book.get(peer);
        if (e == null && book.size() >= config.maxAddresses()) {
            return;
        }
        if (e == null) {
            book.put(peer, new Entry(a));
        } else if (e.address.equals(a)) {
            return;
        } else {
            e.address = a;
        }
        store.upsert(a);
    }

    private static Send send(PublicKey peer, DiscoveryMessage m) {
        return new Send(peer, DiscoveryCodec.encode(m));
    }

    /** Up to {@code n} of {@code from}, uniformly at random without repeats (a partial Fisher-Yates shuffle). */
    private <T> List<T> pick(List<T> from, int n) {
        List<T> a = new ArrayList<>(from);
        int k = Math.min(n, a.size());
        for (int i = 0; i < k; i++) {
            Collections.swap(a, i, i + random.nextInt(a.size() - i));
        }
        return List.copyOf(a.subList(0, k));
    }
}
