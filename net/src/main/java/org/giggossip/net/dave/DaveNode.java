package org.giggossip.net.dave;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.giggossip.core.util.Hex;
import org.giggossip.net.dave.DaveOutput.Dropped;
import org.giggossip.net.dave.DaveOutput.Found;
import org.giggossip.net.dave.DaveOutput.Reason;
import org.giggossip.net.dave.DaveOutput.Received;
import org.giggossip.net.dave.DaveOutput.Send;
import org.giggossip.net.dave.DaveOutput.Stored;

/**
 * The protocol logic of one Dave node (seed 004, dave-v1.md) as a sans-I/O state
 * machine. The host decodes each datagram and hands it to {@link #onDatagram},
 * calls {@link #onTick} every {@link DaveConfig#period}, and carries out the
 * returned {@link DaveOutput}s in order (encode and send each {@link Send}). Time
 * comes in with each call; randomness is injected; the work check is a function
 * given at construction (the strength: leading zero bytes of work, or negative
 * when the check fails). Hostile datagrams are counted and dropped, never thrown.
 * Not thread-safe: owned by the host's loop.
 *
 * <p>Behaviour of that version, on the wire unchanged: the peer table and
 * liveness of {@link DavePeers}; GETPEER answered with up to {@code npeer}
 * responsive peers, never the asker; the sender appended to the route of every
 * SETDAT and GETDAT; SETDAT stored from {@code workToStore} and forwarded from
 * {@code workMinFanout} while the route is shorter than {@code distance}; GETDAT
 * answered with a DAT to the route, else forwarded while the route is shorter than
 * {@code distance}.
 *
 * <p>Better than that version: a token bucket per source address
 * ({@code perSourcePerSecond}); routes longer than {@code distance} or with an
 * address twice are dropped; one GETDAT sends DATs to at most
 * {@code maxDatAnswers} addresses, all on its route (the origin and the sender
 * first); a DAT is kept only when we asked for its work (for the host or while
 * forwarding its GETDAT) or it is strong enough to store; a PEER adds at most
 * {@code npeer} addresses; the store is bounded ({@link DaveStore}); nothing larger
 * than {@link DaveConfig#PACKET_SIZE} is sent.
 *
 * <p>Our extension, lookup by prev ({@link #getByPrev}): a DAT whose value can be
 * named in advance (a preimage by its payment hash) carries that name, a 32-byte
 * key, in {@code prev}, a field the original hashes into the work but never
 * interprets. A GETDAT whose work matches no held work but matches the prev of
 * held DATs is answered with up to {@link #MAX_PREV_ANSWERS} of them (the most
 * recently stored first), and a DAT is kept for a wanted key when its work or its
 * prev is that key. On the wire nothing changes: an unmodified node holds no DAT
 * with that work, so it forwards the GETDAT as any other, and the DATs coming back
 * are ordinary DATs. A DAT matched by prev proves nothing about its value (anyone
 * may mine a DAT with any prev), so whoever asks checks the value itself.
 */
public final class DaveNode {
    /** Longest address text accepted ({@code [v6%zone]:port} fits). */
    static final int MAX_ADDRESS = 64;
    /** Most peers in the table. */
    static final int MAX_PEERS = 1024;
    /** Most source addresses with a rate bucket; the least recently used goes beyond. */
    static final int MAX_BUCKETS = 4096;
    /** Most works we wait for at once. */
    static final int MAX_WANTED = 4096;
    /** How many periods we wait for a DAT after asking. */
    static final int WANT_PERIODS = 64;
    /** Most DATs one GETDAT is answered with by prev. */
    public static final int MAX_PREV_ANSWERS = 2;
    /**
     * Most DATs kept for one wanted key by prev while we wait: anyone may mine DATs with a
     * given prev, so an open ask must not let a cheap flood into the store.
     */
    static final int MAX_PREV_DATS = 8;

    private final String self;
    private final DaveConfig config;
    private final ToIntFunction<DaveMsg> strength;
    private final DavePeers peers;
    private final DaveStore store;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_BUCKETS;
        }
    };
    /**
     * Key (hex) we asked for, to when we keep waiting; {@code local} when the host asked,
     * {@code byPrev} when the host asked by prev, {@code viaPrev} DATs kept for it by prev.
     */
    private final Map<String, Want> wanted = new LinkedHashMap<>();
    private final EnumMap<Reason, Long> dropped = new EnumMap<>(Reason.class);
    private long datagrams;
    private long sent;

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private record Want(Instant until, boolean local, boolean byPrev, int viaPrev) {
    }

    /**
     * A node at {@code self} (its own address as peers see it, never added to its table or sent to;
     * "" if unknown) with {@code bootstrap} peers (never removed); {@code strength} is the work check
     * of a SETDAT or DAT ({@code DaveWork::check}); {@code random} picks peers.
     */
    public DaveNode(String self, DaveConfig config, List<String> bootstrap, ToIntFunction<DaveMsg> strength,
            RandomGenerator random) {
        this.self = Objects.requireNonNull(self, "self");
        this.config = Objects.requireNonNull(config, "config");
        this.strength = Objects.requireNonNull(strength, "strength");
        this.peers = new DavePeers(MAX_PEERS, random);
        this.store = new DaveStore(config.storeBytes(), config.period());
        for (String b : bootstrap) {
            if (validAddress(b) && !b.equals(self)) {
                peers.bootstrap(b);
            }
        }
    }

    /** Handles one decoded datagram from {@code from} (the host's text of the source address). */
    public List<DaveOutput> onDatagram(String from, DaveMsg msg, Instant now) {
        List<DaveOutput> out = new ArrayList<>();
        datagrams++;
        if (from == null || !validAddress(from) || from.equals(self)) {
            return drop(out, String.valueOf(from), Reason.BAD_ADDRESS);
        }
        if (!allow(from, now)) {
            return drop(out, from, Reason.RATE);
        }
        if (msg == null) {
            return drop(out, from, Reason.BAD_FIELDS);
        }
        peers.seen(from, now);
        switch (msg.op()) {
            case GETPEER -> send(out, from, DaveMsg.peer(peers.responsive(config.npeer(), Set.of(from, self))));
            case PEER -> {
                List<String> list = msg.peers();
                for (int i = 0; i < Math.min(list.size(), config.npeer()); i++) {
                    String a = list.get(i);
                    if (validAddress(a) && !a.equals(self)) {
                        peers.learn(a);
                    }
                }
            }
            case SETDAT -> setdat(out, from, msg, now);
            case GETDAT -> getdat(out, from, msg, now);
            case DAT -> dat(out, from, msg, now);
        }
        return out;
    }

    /** One heartbeat: pings one silent peer, counts drops, removes dead peers, forgets old asks. */
    public List<DaveOutput> onTick(Instant now) {
        List<DaveOutput> out = new ArrayList<>();
        Duration silence = config.period().multipliedBy(config.tolerance());
        for (String a : peers.tick(now, silence, config.tolerance(), config.drop() * config.tolerance())) {
            send(out, a, DaveMsg.getPeer());
        }
        wanted.values().removeIf(w -> !w.until.isAfter(now));
        return out;
    }

    /**
     * A SETDAT from the host: stored if strong enough, sent to {@code fanoutSetdat} random peers
     * (they add us to its route). Dropped (not thrown) if malformed or its work check fails.
     */
    public List<DaveOutput> set(DaveMsg setdat, Instant now) {
        List<DaveOutput> out = new ArrayList<>();
        if (setdat.op() != DaveMsg.Op.SETDAT || !validFields(setdat)) {
            return drop(out, "", Reason.BAD_FIELDS);
        }
        int s = strength(out, "", setdat);
        if (s < 0) {
            return out;
        }
        DaveMsg m = setdat.withPeers(List.of());
        if (s >= config.workToStore() && store.put(m, s, now)) {
            out.add(new Stored(m));
        }
        for (String a : peers.any(config.fanoutSetdat(), Set.of(self))) {
            send(out, a, m);
        }
        return out;
    }

    /**
     * A GETDAT from the host: {@link Found} at once if held, else sent to {@code fanoutGetdat}
     * random peers; a DAT coming back later gives one {@link Found}.
     */
    public List<DaveOutput> get(byte[] work, Instant now) {
        List<DaveOutput> out = new ArrayList<>();
        if (work == null || work.length != 32) {
            return drop(out, "", Reason.BAD_FIELDS);
        }
        Optional<DaveMsg> held = store.get(work);
        if (held.isPresent()) {
            out.add(new Found(held.get()));
            return out;
        }
        want(work, now, true, false);
        for (String a : peers.any(config.fanoutGetdat(), Set.of(self))) {
            send(out, a, DaveMsg.getDat(work, List.of()));
        }
        return out;
    }

    /**
     * A lookup by prev from the host (our extension, see the class comment): a {@link Found}
     * at once for each held DAT whose prev is {@code key} (at most {@link #MAX_PREV_ANSWERS},
     * the most recently stored first), and a GETDAT for {@code key} to {@code fanoutGetdat}
     * random peers in any case, since others may hold newer DATs; each new DAT coming back
     * whose prev (or work) is {@code key} gives one more {@link Found}, at most
     * {@link #MAX_PREV_DATS} per ask. The host checks each value.
     */
    public List<DaveOutput> getByPrev(byte[] key, Instant now) {
        List<DaveOutput> out = new ArrayList<>();
        if (key == null || key.length != 32) {
            return drop(out, "", Reason.BAD_FIELDS);
        }
        for (DaveMsg held : store.byPrev(key, MAX_PREV_ANSWERS)) {
            out.add(new Found(held));
        }
        want(key, now, true, true);
        for (String a : peers.any(config.fanoutGetdat(), Set.of(self))) {
            send(out, a, DaveMsg.getDat(key, List.of()));
        }
        return out;
    }

    /** The peer table (read it, do not hold on to it across calls). */
    public DavePeers peers() {
        return peers;
    }

    /** The store (read it, do not hold on to it across calls). */
    public DaveStore store() {
        return store;
    }

    /** Datagrams dropped, by reason. */
    public Map<Reason, Long> dropped() {
        return Map.copyOf(dropped);
    }

    /** Datagrams handed to {@link #onDatagram}. */
    public long datagrams() {
        return datagrams;
    }

    /** {@link Send}s produced. */
    public long sent() {
        return sent;
    }

    private void setdat(List<DaveOutput> out, String from, DaveMsg msg, Instant now) {
        List<String> route = routed(out, from, msg);
        int s = route == null ? -1 : strength(out, from, msg);
        if (s < 0) {
            return;
        }
        DaveMsg m = msg.withPeers(route);
        out.add(new Received(from, m));
        DaveMsg bare = m.withPeers(List.of());
        boolean fresh = !store.contains(bare.work());
        if (s >= config.workToStore() && store.put(bare, s, now)) {
            out.add(new Stored(bare));
            if (fresh) {
                answered(out, match(bare), bare, true); // what we wait for may come as a SETDAT too
            }
        }
        if (s >= config.workMinFanout() && route.size() < config.distance()) {
            forward(out, m, route, config.fanoutSetdat());
        }
    }

    private void getdat(List<DaveOutput> out, String from, DaveMsg msg, Instant now) {
        List<String> route = routed(out, from, msg);
        if (route == null) {
            return;
        }
        List<DaveMsg> held = store.get(msg.work()).map(List::of)
                .orElseGet(() -> store.byPrev(msg.work(), MAX_PREV_ANSWERS));
        if (!held.isEmpty()) {
            // the origin (who asked) and the sender (who surely exists) first, then the rest of the route;
            // maxDatAnswers datagrams in all, shared out among the DATs
            Set<String> to = new LinkedHashSet<>();
            to.add(route.get(0));
            to.add(from);
            to.addAll(route);
            long each = Math.max(1, config.maxDatAnswers() / held.size());
            for (DaveMsg h : held) {
                DaveMsg dat = DaveWork.dat(h);
                to.stream().filter(a -> !a.equals(self)).limit(each).forEach(a -> send(out, a, dat));
            }
        } else if (route.size() < config.distance()) {
            want(msg.work(), now, false, false);
            forward(out, msg.withPeers(route), route, config.fanoutGetdat());
        }
    }

    private void dat(List<DaveOutput> out, String from, DaveMsg msg, Instant now) {
        if (!validFields(msg)) {
            drop(out, from, Reason.BAD_FIELDS);
            return;
        }
        int s = strength(out, from, msg);
        if (s < 0) {
            return;
        }
        Match w = match(msg);
        if (w == null && s < config.workToStore()) {
            drop(out, from, Reason.UNASKED);
            return;
        }
        DaveMsg m = msg.withPeers(List.of());
        out.add(new Received(from, m));
        boolean fresh = !store.contains(m.work());
        if (fresh && store.put(m, s, now)) {
            out.add(new Stored(m));
        }
        answered(out, w, m, fresh);
    }

    /** An ask a DAT answers: the wanted key (its work or its prev) and whether it matched by prev. */
    private record Match(String key, Want want, boolean viaPrev) {
    }

    /** The ask {@code msg} answers: by its work, else by its prev while that ask takes more; null if none. */
    private Match match(DaveMsg msg) {
        String key = Hex.encode(msg.work());
        Want w = wanted.get(key);
        if (w != null) {
            return new Match(key, w, false);
        }
        byte[] prev = msg.prev();
        if (prev.length > 0) {
            String p = Hex.encode(prev);
            Want pw = wanted.get(p);
            if (pw != null && pw.viaPrev < MAX_PREV_DATS) {
                return new Match(p, pw, true);
            }
        }
        return null;
    }

    /** Tells the host when {@code m} answers its ask, and counts what an ask by prev has taken. */
    private void answered(List<DaveOutput> out, Match match, DaveMsg m, boolean fresh) {
        if (match == null) {
            return;
        }
        Want w = match.want;
        if (!match.viaPrev) {
            if (w.local) {
                out.add(new Found(m));
                wanted.put(match.key, new Want(w.until, false, w.byPrev, w.viaPrev)); // one Found per ask
            }
        } else {
            if (w.local && w.byPrev && fresh) {
                out.add(new Found(m)); // one per new DAT: several may carry the key
            }
            wanted.put(match.key, new Want(w.until, w.local, w.byPrev, w.viaPrev + 1));
        }
    }

    /** The route of a SETDAT or GETDAT with {@code from} appended, or null after counting why it is dropped. */
    private List<String> routed(List<DaveOutput> out, String from, DaveMsg msg) {
        if (!validFields(msg)) {
            drop(out, from, Reason.BAD_FIELDS);
            return null;
        }
        List<String> route = route(msg, from);
        if (route == null) {
            drop(out, from, Reason.BAD_ROUTE);
        }
        return route;
    }

    /** The strength of {@code msg}, or negative after counting a failed work check. */
    private int strength(List<DaveOutput> out, String from, DaveMsg msg) {
        int s = strength.applyAsInt(msg);
        if (s < 0) {
            drop(out, from, Reason.BAD_WORK);
        }
        return s;
    }

    /** The route with {@code from} appended, or null if too long or with an address twice or malformed. */
    private List<String> route(DaveMsg msg, String from) {
        List<String> in = msg.peers();
        if (in.size() > config.distance()) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (String a : in) {
            if (!validAddress(a) || !seen.add(a)) {
                return null;
            }
        }
        if (!seen.add(from)) {
            return null;
        }
        List<String> route = new ArrayList<>(in);
        route.add(from);
        return List.copyOf(route);
    }

    private void forward(List<DaveOutput> out, DaveMsg m, List<String> route, int fanout) {
        Set<String> exclude = new HashSet<>(route);
        exclude.add(self);
        for (String a : peers.any(fanout, exclude)) {
            send(out, a, m);
        }
    }

    private void want(byte[] work, Instant now, boolean local, boolean byPrev) {
        String key = Hex.encode(work);
        Want old = wanted.get(key);
        if (old == null && wanted.size() >= MAX_WANTED) {
            return;
        }
        // a new ask by prev starts a new count: the DATs kept for the last one are in the store
        wanted.put(key, new Want(now.plus(config.period().multipliedBy(WANT_PERIODS)),
                local || (old != null && old.local), byPrev || (old != null && old.byPrev),
                old == null || byPrev ? 0 : old.viaPrev));
    }

    /** A token bucket of {@code perSourcePerSecond} tokens, refilled at that rate. */
    private boolean allow(String from, Instant now) {
        double cap = config.perSourcePerSecond();
        Bucket b = buckets.get(from);
        if (b == null) {
            b = new Bucket(cap, now);
            buckets.put(from, b);
        }
        double elapsed = Math.max(0, Duration.between(b.at, now).toNanos()) / 1e9;
        b.tokens = Math.min(cap, b.tokens + elapsed * cap);
        b.at = now.isAfter(b.at) ? now : b.at;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    private void send(List<DaveOutput> out, String to, DaveMsg m) {
        if (encodedSize(m) > DaveConfig.PACKET_SIZE) {
            drop(out, to, Reason.TOO_BIG);
            return;
        }
        sent++;
        out.add(new Send(to, m));
    }

    private List<DaveOutput> drop(List<DaveOutput> out, String from, Reason reason) {
        dropped.merge(reason, 1L, Long::sum);
        out.add(new Dropped(from, reason));
        return out;
    }

    private static boolean validFields(DaveMsg m) {
        return m.work().length == 32 && m.val().length <= DaveConfig.VAL_SIZE && m.tag().length <= DaveConfig.TAG_SIZE;
    }

    /** Non-empty, at most {@link #MAX_ADDRESS} printable ASCII characters without spaces; the host parses it. */
    static boolean validAddress(String a) {
        if (a == null || a.isEmpty() || a.length() > MAX_ADDRESS) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** The protobuf size of {@code m}: one key byte, a varint length and the bytes per non-empty field. */
    static int encodedSize(DaveMsg m) {
        int n = m.op().number == 0 ? 0 : 2;
        for (String p : m.peers()) {
            n += field(p.length());
        }
        for (byte[] b : List.of(m.prev(), m.work(), m.nonce(), m.val(), m.tag())) {
            n += b.length == 0 ? 0 : field(b.length);
        }
        return n;
    }

    private static int field(int len) {
        return 1 + (len < 128 ? 1 : len < 16384 ? 2 : 3) + len;
    }
}
