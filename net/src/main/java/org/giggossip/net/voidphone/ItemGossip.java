package org.giggossip.net.voidphone;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.validation.Penalty;

/**
 * The spreading of VoidPhone items (seed 003; docs/specs/voidphone-gossip-api.md §6), sans I/O: inputs are
 * local announcements, ITEM bodies from links, the local subscribers' count and
 * validations, and link changes; every input answers the {@link ItemOutput}s
 * for its host to carry out, in order. One thread owns an instance (not
 * thread-safe); time comes in as {@code now}.
 *
 * <p>The rules:
 * <ul>
 * <li><b>Content id and de-duplication.</b> An item's id is SHA-256 over its data type (u16,
 *     big-endian) and data; the TTL is not part of it. The first copy seen (announced here or
 *     received) is handled; every later one, from any peer, is dropped ({@code DUPLICATE}) while
 *     the id is among the last {@link ItemGossipConfig#seenSize()} seen.</li>
 * <li><b>TTL.</b> An ITEM frame's ttl counts the hops the item may still travel, the hop that
 *     carried it included. A module's ANNOUNCE with ttl {@code t} is sent to the neighbours
 *     with ttl {@code t}; a node that receives ttl 1 delivers it but forwards it no further;
 *     ttl {@code t > 1} is forwarded as {@code t - 1}; 0 is unlimited and forwarded as 0 (the
 *     seen set ends its travel). So ttl 1 reaches the announcing node's neighbours only,
 *     ttl 2 their neighbours too.</li>
 * <li><b>Degree.</b> Each node sends an item to {@link ItemGossipConfig#degree()} of its
 *     linked peers, chosen uniformly without repeats, never a peer it came from (all of
 *     them when fewer are linked).</li>
 * <li><b>Local items</b> are delivered to the local subscribers and spread at once: the module
 *     that announced them vouches for them. A module announcing an item that a peer sent and
 *     that awaits validation vouches for it too: it is spread (with the announced ttl), and
 *     not notified again.</li>
 * <li><b>Items from peers</b> are delivered to the local subscribers of their type
 *     ({@link ItemOutput.Deliver}) and kept, awaiting validation, in a cache of
 *     {@link ItemGossipConfig#cacheSize()} items, the oldest evicted first. The first
 *     validation as valid spreads the item; once every subscriber notified has validated it
 *     as invalid it is dropped, not spread, and counts against the peer that sent it.</li>
 * <li><b>No subscriber.</b> An item from a peer that no local module subscribes to is neither
 *     kept nor spread ({@code NO_SUBSCRIBER}): a node spreads only what one of its own modules
 *     vouched for, so an item travels only through nodes that understand its type.</li>
 * <li><b>Penalties.</b> A malformed ITEM body closes the link at once (every node encodes
 *     correctly). Each invalid item is a {@link ItemOutput.Penalise}; the
 *     {@link ItemGossipConfig#maxInvalid()}-th within {@link ItemGossipConfig#invalidWindow()}
 *     asks for the link to be closed, and so does every further one while the earlier ones
 *     count (a peer that redials is closed again at its next invalid item).</li>
 * </ul>
 */
public final class ItemGossip {
    /** Peers whose invalid items are remembered; the longest-quiet is forgotten first. */
    static final int MAX_PENALISED_PEERS = 4_096;

    private final ItemGossipConfig config;
    private final RandomGenerator random;
    private final List<PublicKey> peers = new ArrayList<>();
    private final Set<ByteBuffer> seen = new LinkedHashSet<>();
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private final Map<ByteBuffer, Long> pendingByContent = new HashMap<>();
    private final LinkedHashMap<PublicKey, ArrayDeque<Instant>> invalid = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PublicKey, ArrayDeque<Instant>> eldest) {
            return size() > MAX_PENALISED_PEERS;
        }
    };
    private long nextId = 1;
    private long delivered;
    private long sent;
    private long duplicates;
    private long invalidItems;
    private long unsubscribed;
    private long evicted;

    /** An item from a peer awaiting its validation. {@code subscribers} is -1 until known. */
    private static final class Pending {
        final ItemFrame frame;
        final ByteBuffer contentId;
        final PublicKey from;
        /** Peers that sent it to us (the first is {@code from}): they have it, so it is not sent to them. */
        final Set<PublicKey> holders = new LinkedHashSet<>();
        int subscribers = -1;
        int invalid;

        Pending(ItemFrame frame, ByteBuffer contentId, PublicKey from) {
            this.frame = frame;
            this.contentId = contentId;
            this.from = from;
            holders.add(from);
        }
    }

    /** Counters since start, and the sizes of the cache and the seen set now. */
    public record Stats(long delivered, long sent, long duplicates, long invalid, long unsubscribed, long evicted,
            int pending, int seen) {
    }

    /**
     * @param random chooses the peers of each hop; a {@link java.security.SecureRandom} in a node, so
     *               that peers cannot predict who gets an item
     */
    public ItemGossip(ItemGossipConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A local module announces an item ({@code ttl} as in the ANNOUNCE: hops, 0 = unlimited):
     * delivered to the local subscribers and sent to {@code degree} peers. A repeat of an item
     * already seen answers nothing.
     *
     * @throws IllegalArgumentException for a ttl or type out of range or data over {@link ItemFrame#MAX_DATA}
     */
    public List<ItemOutput> announce(int ttl, int dataType, byte[] data, Instant now) {
        ItemFrame frame = new ItemFrame(ttl, dataType, data);
        List<ItemOutput> out = new ArrayList<>();
        ByteBuffer id = contentId(frame);
        if (!remember(id)) {
            Long waiting = pendingByContent.get(id);
            if (waiting != null) {
                // a module here announces what a peer sent us: it vouches for it, as a validation would
                Pending p = remove(waiting);
                spread(frame.encode(), p.holders, out);
            }
            return out;
        }
        delivered++;
        out.add(new ItemOutput.Deliver(nextId++, dataType, data));
        spread(frame.encode(), Set.of(), out);
        return out;
    }

    /** An ITEM body from {@code peer}'s link. */
    public List<ItemOutput> onItem(PublicKey peer, byte[] body, Instant now) {
        Objects.requireNonNull(peer, "peer");
        List<ItemOutput> out = new ArrayList<>();
        Optional<ItemFrame> decoded = ItemFrame.decode(body);
        if (decoded.isEmpty()) {
            out.add(new ItemOutput.Dropped(peer, ItemOutput.Reason.MALFORMED));
            out.add(new ItemOutput.Penalise(peer, Penalty.fatal(Penalty.Reason.UNDECODABLE,
                    "a body of " + (body == null ? 0 : body.length) + " bytes is not an ITEM frame")));
            return out;
        }
        ItemFrame frame = decoded.get();
        ByteBuffer content = contentId(frame);
        if (!remember(content)) {
            duplicates++;
            Long waiting = pendingByContent.get(content);
            if (waiting != null) {
                pending.get(waiting).holders.add(peer);
            }
            out.add(new ItemOutput.Dropped(peer, ItemOutput.Reason.DUPLICATE));
            return out;
        }
        long id = nextId++;
        pending.put(id, new Pending(frame, content, peer));
        pendingByContent.put(content, id);
        if (pending.size() > config.cacheSize()) {
            Pending gone = remove(pending.keySet().iterator().next());
            evicted++;
            out.add(new ItemOutput.Dropped(gone.from, ItemOutput.Reason.EVICTED));
        }
        delivered++;
        out.add(new ItemOutput.Deliver(id, frame.dataType(), frame.data()));
        return out;
    }

    /** The host delivered item {@code itemId} to {@code subscribers} local modules. */
    public List<ItemOutput> delivered(long itemId, int subscribers, Instant now) {
        List<ItemOutput> out = new ArrayList<>();
        Pending p = pending.get(itemId);
        if (p == null) {
            return out; // a local item, or already spread or evicted
        }
        p.subscribers = Math.max(0, subscribers);
        if (p.subscribers == 0) {
            remove(itemId);
            unsubscribed++;
            out.add(new ItemOutput.Dropped(p.from, ItemOutput.Reason.NO_SUBSCRIBER));
        } else if (p.invalid >= p.subscribers) {
            reject(itemId, p, now, out);
        }
        return out;
    }

    /** A local subscriber validated item {@code itemId}. Unknown, stale and repeated verdicts answer nothing. */
    public List<ItemOutput> validated(long itemId, boolean valid, Instant now) {
        List<ItemOutput> out = new ArrayList<>();
        Pending p = pending.get(itemId);
        if (p == null) {
            return out;
        }
        if (valid) {
            remove(itemId);
            int ttl = p.frame.ttl();
            if (ttl != 1) {
                spread(p.frame.withTtl(ttl == 0 ? 0 : ttl - 1).encode(), p.holders, out);
            }
            return out;
        }
        p.invalid++;
        if (p.subscribers >= 0 && p.invalid >= p.subscribers) {
            reject(itemId, p, now, out);
        }
        return out;
    }

    /** A link to {@code peer} is up: it is a candidate for spreading. */
    public List<ItemOutput> peerUp(PublicKey peer) {
        if (!peers.contains(peer)) {
            peers.add(Objects.requireNonNull(peer, "peer"));
        }
        return List.of();
    }

    /** The link to {@code peer} is down. Its pending items stay: their validation may still spread them. */
    public List<ItemOutput> peerDown(PublicKey peer) {
        peers.remove(peer);
        return List.of();
    }

    /** The linked peers, in the order they came up. */
    public List<PublicKey> peers() {
        return List.copyOf(peers);
    }

    /** Counters and sizes. */
    public Stats stats() {
        return new Stats(delivered, sent, duplicates, invalidItems, unsubscribed, evicted, pending.size(),
                seen.size());
    }

    /** SHA-256 over the data type (u16) and the data. */
    public static byte[] contentId(int dataType, byte[] data) {
        return Sha256.hash(new byte[] {(byte) (dataType >>> 8), (byte) dataType}, data);
    }

    private static ByteBuffer contentId(ItemFrame frame) {
        return ByteBuffer.wrap(contentId(frame.dataType(), frame.data()));
    }

    /** Takes a pending item out of the cache. */
    private Pending remove(long itemId) {
        Pending p = pending.remove(itemId);
        pendingByContent.remove(p.contentId, itemId); // a newer copy may hold the id if the seen set forgot it
        return p;
    }

    /** Adds a content id to the seen set; false when it was there. */
    private boolean remember(ByteBuffer id) {
        if (!seen.add(id)) {
            return false;
        }
        if (seen.size() > config.seenSize()) {
            Iterator<ByteBuffer> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void reject(long itemId, Pending p, Instant now, List<ItemOutput> out) {
        remove(itemId);
        invalidItems++;
        out.add(new ItemOutput.Dropped(p.from, ItemOutput.Reason.INVALID));
        ArrayDeque<Instant> strikes = invalid.computeIfAbsent(p.from, k -> new ArrayDeque<>());
        Instant since = now.minus(config.invalidWindow());
        while (!strikes.isEmpty() && !strikes.peekFirst().isAfter(since)) {
            strikes.pollFirst();
        }
        strikes.addLast(now);
        while (strikes.size() > config.maxInvalid()) {
            strikes.pollFirst(); // bounded: only the last maxInvalid matter
        }
        Penalty.Severity severity = strikes.size() >= config.maxInvalid() ? Penalty.Severity.FATAL
                : Penalty.Severity.MINOR;
        out.add(new ItemOutput.Penalise(p.from, new Penalty(Penalty.Reason.INVALID_ITEM, severity, "data type "
                + p.frame.dataType() + " (" + strikes.size() + " of " + config.maxInvalid() + " within "
                + config.invalidWindow() + ")")));
    }

    /** Sends {@code body} to {@code degree} peers chosen uniformly without repeats, never to one in {@code except}. */
    private void spread(byte[] body, Set<PublicKey> except, List<ItemOutput> out) {
        List<PublicKey> candidates = new ArrayList<>(peers);
        candidates.removeAll(except);
        int n = Math.min(config.degree(), candidates.size());
        for (int i = 0; i < n; i++) { // a partial Fisher-Yates shuffle: the first n are a uniform sample
            int j = i + random.nextInt(candidates.size() - i);
            PublicKey chosen = candidates.get(j);
            candidates.set(j, candidates.get(i));
            candidates.set(i, chosen);
            sent++;
            out.add(new ItemOutput.Send(chosen, body));
        }
    }
}
