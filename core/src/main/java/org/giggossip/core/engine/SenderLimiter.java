package org.giggossip.core.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;

/**
 * Limits the new topics a node relays per sender in a fixed window (seed 000,
 * 4.3, spam): proof of work makes every hop cost the sender, and this bounds how
 * much of a node's capacity one certified sender can take, whatever it pays.
 * Only topics whose signature was checked count ({@link #allow}); an ask is only
 * tested against the count ({@link #wouldAllow}), so a forged ask naming a
 * victim's certificate cannot use up the victim's quota.
 */
final class SenderLimiter {
    private static final class Window {
        Instant start;
        int count;
    }

    private final int limit;
    private final Duration window;
    private final Map<PublicKey, Window> windows = new HashMap<>();

    SenderLimiter(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /**
     * Whether {@code sender} may have one more topic relayed now, without counting it: for an ask,
     * whose sender is not verified yet (anyone can name a victim's certificate in an ask).
     */
    boolean wouldAllow(PublicKey sender, Instant now) {
        if (limit == 0) {
            return true;
        }
        Window w = windows.get(sender);
        return w == null || w.start == null || !now.isBefore(w.start.plus(window)) || w.count < limit;
    }

    /**
     * Whether {@code sender} may have one more topic relayed now; counts it if so. Call it only once
     * the sender's signature is verified.
     */
    boolean allow(PublicKey sender, Instant now) {
        if (limit == 0) {
            return true;
        }
        if (windows.size() > 4096) {
            evictStale(now);
        }
        Window w = windows.computeIfAbsent(sender, k -> new Window());
        if (w.start == null || !now.isBefore(w.start.plus(window))) {
            w.start = now;
            w.count = 0;
        }
        if (w.count >= limit) {
            return false;
        }
        w.count++;
        return true;
    }

    private void evictStale(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().start.plus(window))) {
                it.remove();
            }
        }
    }
}
