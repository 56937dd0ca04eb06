package org.giggossip.net.dave;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.util.Hex;

/**
 * The DATs a Dave node holds, keyed by work, bounded to {@code maxBytes}. When a
 * put goes over the bound, the lightest entries go first, where
 * <pre>  weight = 2^(8 * strength) / (1 + age in periods)</pre>
 * (compared as {@code 8 * strength - log2(1 + age)}): each zero byte of work is
 * worth 256 times the expected hashing, and age slowly discounts it, so a strong
 * old value outlives a weak new one but not forever. Ties go oldest first. The
 * original kept everything (dave-v1.md, known weaknesses).
 *
 * <p>Also indexed by {@code prev} (our lookup-by-prev extension, see
 * {@link DaveNode#getByPrev}): the index holds exactly the works of the held
 * entries, so it is bounded with the store. Not thread-safe.
 */
public final class DaveStore {
    /** Bytes an entry costs beyond its fields: the key and bookkeeping, so that empty values are not free. */
    static final int OVERHEAD = 64;

    private final long maxBytes;
    private final Duration period;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** prev (hex) to the works (hex) of the held entries with that prev, in the order stored. */
    private final Map<String, LinkedHashSet<String>> byPrev = new HashMap<>();
    private long bytes;

    private record Entry(DaveMsg dat, int strength, Instant storedAt, long size) {
    }

    /** A store of at most {@code maxBytes} (fields plus {@link #OVERHEAD} per entry); age is counted in {@code period}s. */
    public DaveStore(long maxBytes, Duration period) {
        if (maxBytes < 0 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("maxBytes >= 0 and period > 0");
        }
        this.maxBytes = maxBytes;
        this.period = period;
    }

    /**
     * Stores {@code dat} (its work is the key) of {@code strength} at {@code now}, evicting the
     * lightest entries while over the bound. Returns whether {@code dat} is held afterwards (false if
     * it was itself the lightest or alone larger than the bound). An entry already held is kept as is.
     */
    public boolean put(DaveMsg dat, int strength, Instant now) {
        String key = Hex.encode(dat.work());
        if (entries.containsKey(key)) {
            return true;
        }
        long size = size(dat);
        if (size > maxBytes) {
            return false;
        }
        entries.put(key, new Entry(dat, strength, now, size));
        bytes += size;
        byte[] prev = dat.prev();
        if (prev.length > 0) {
            byPrev.computeIfAbsent(Hex.encode(prev), k -> new LinkedHashSet<>()).add(key);
        }
        while (bytes > maxBytes) {
            String lightest = null;
            double least = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                double w = weight(e.getValue(), now);
                if (w < least) { // strict: among equals the first inserted (oldest) goes
                    least = w;
                    lightest = e.getKey();
                }
            }
            remove(lightest);
        }
        return entries.containsKey(key);
    }

    /** The DAT whose work is {@code work}, if held. */
    public Optional<DaveMsg> get(byte[] work) {
        Entry e = entries.get(Hex.encode(work));
        return e == null ? Optional.empty() : Optional.of(e.dat);
    }

    /**
     * Up to {@code max} held DATs whose {@code prev} is {@code prev}, the most recently stored
     * first; empty for an empty {@code prev} (a DAT without one is found by its work only).
     */
    public List<DaveMsg> byPrev(byte[] prev, int max) {
        LinkedHashSet<String> works = prev.length == 0 ? null : byPrev.get(Hex.encode(prev));
        List<DaveMsg> out = new ArrayList<>();
        if (works != null) {
            for (Iterator<String> i = works.reversed().iterator(); i.hasNext() && out.size() < max; ) {
                out.add(entries.get(i.next()).dat);
            }
        }
        return out;
    }

    /** How many prevs the index holds (at most {@link #size()}). */
    int indexedPrevs() {
        return byPrev.size();
    }

    private void remove(String key) {
        Entry e = entries.remove(key);
        bytes -= e.size;
        byte[] prev = e.dat.prev();
        if (prev.length > 0) {
            String p = Hex.encode(prev);
            LinkedHashSet<String> works = byPrev.get(p);
            works.remove(key);
            if (works.isEmpty()) {
                byPrev.remove(p);
            }
        }
    }

    /** Whether the DAT whose work is {@code work} is held. */
    public boolean contains(byte[] work) {
        return entries.containsKey(Hex.encode(work));
    }

    /** How many DATs are held. */
    public int size() {
        return entries.size();
    }

    /** Bytes counted against the bound. */
    public long bytes() {
        return bytes;
    }

    /** All held DATs, oldest first. */
    public List<DaveMsg> all() {
        List<DaveMsg> out = new ArrayList<>(entries.size());
        entries.values().forEach(e -> out.add(e.dat));
        return out;
    }

    /** {@code log2} of the weight of an entry at {@code now}. */
    double weight(Entry e, Instant now) {
        double age = Math.max(0, Duration.between(e.storedAt, now).toNanos()) / (double) period.toNanos();
        return 8.0 * e.strength - Math.log(1 + age) / Math.log(2);
    }

    /** What {@code dat} costs against the bound. */
    static long size(DaveMsg dat) {
        return OVERHEAD + (long) dat.val().length + dat.tag().length + dat.prev().length + dat.nonce().length
                + dat.work().length;
    }
}
