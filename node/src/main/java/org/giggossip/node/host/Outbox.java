package org.giggossip.node.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.WireLimits;

/**
 * Frames that travel back toward a peer whose link is down, held until it links again
 * (docs/protocol.md, "A hop that is briefly offline"; seed 000, 4.2: mobile peers come and go).
 * A peer is its key, not its address: it may come back from any address and port.
 *
 * <p>Only a {@link ReplyFrame} is held ({@link #validity}): it is the one frame whose loss costs
 * a job (the customer never sees the offer) and that no one sends again. Asks, conditions and
 * declines are an exchange the asker gives up on after its ask timeout and redoes with another
 * peer; broadcasts go to whichever peers are linked.
 *
 * <p>Bounded, oldest first: a peer holds at most {@link Limits#perPeerMessages} frames and
 * {@link Limits#perPeerBytes} bytes, and all peers together {@link Limits#totalMessages} and
 * {@link Limits#totalBytes}. A frame that goes over its peer's cap drops that peer's oldest; one
 * that goes over the total cap drops the oldest frame of the peer that holds the most bytes. So
 * a peer that makes us reply and leaves (or never returns) only ever pushes out its own frames,
 * and the replies of a peer with one job in flight survive many such peers. A frame is held no
 * longer than its validity (a reply: its settlement promise's expiry, which its receiver checks)
 * nor {@link Limits#maxHold}.
 *
 * <p>Not thread-safe: the host's loop owns it. Not durable: a restart forgets what it held.
 */
public final class Outbox {

    /**
     * The caps of an outbox.
     *
     * @param perPeerMessages frames held for one peer
     * @param perPeerBytes    bytes held for one peer; at least one frame of the largest size
     * @param totalMessages   frames held for all peers together; at least {@code perPeerMessages}
     * @param totalBytes      bytes held for all peers together; at least {@code perPeerBytes}
     * @param maxHold         the longest a frame is held, whatever its own validity
     */
    public record Limits(int perPeerMessages, long perPeerBytes, int totalMessages, long totalBytes,
            Duration maxHold) {

        public Limits {
            if (perPeerMessages < 1) {
                throw new IllegalArgumentException("perPeerMessages must be at least 1: " + perPeerMessages);
            }
            if (perPeerBytes < WireLimits.MAX_FRAME_BYTES) {
                throw new IllegalArgumentException("perPeerBytes must hold the largest frame ("
                        + WireLimits.MAX_FRAME_BYTES + " bytes): " + perPeerBytes);
            }
            if (totalMessages < perPeerMessages || totalBytes < perPeerBytes) {
                throw new IllegalArgumentException("the total caps must be at least the per-peer caps");
            }
            Objects.requireNonNull(maxHold, "maxHold");
            if (maxHold.isNegative() || maxHold.isZero()) {
                throw new IllegalArgumentException("maxHold must be positive: " + maxHold);
            }
        }

        /** 32 frames and 256 KiB a peer, 1024 frames and 8 MiB in all, 10 minutes at most. */
        public static Limits defaults() {
            return new Limits(32, 256 * 1024, 1024, 8 * 1024 * 1024, Duration.ofMinutes(10));
        }
    }

    /** Why a held frame was dropped. */
    public enum Drop {
        /** Its validity ended before the peer linked again. */
        EXPIRED,
        /** Its peer's cap: a newer frame for the same peer pushed it out. */
        PEER_CAP,
        /** The total cap: a newer frame pushed out this one, the oldest of the peer holding the most. */
        TOTAL_CAP
    }

    /** A frame held for {@code peer}: its encoding, since {@code heldAt}, until {@code expiresAt}. */
    record Held(PublicKey peer, Frame frame, byte[] bytes, Instant heldAt, Instant expiresAt) {}

    /** A held frame dropped, and why. */
    record Dropped(Held held, Drop why) {}

    /** A frame just held, and the held frames that made room for it (oldest first). */
    record Holding(Held held, List<Dropped> dropped) {}

    private static final class Queue {
        final ArrayDeque<Held> frames = new ArrayDeque<>();
        long bytes;
    }

    private final Limits limits;
    private final Map<PublicKey, Queue> queues = new HashMap<>();
    private int messages;
    private long bytes;

    Outbox(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** How long {@code frame} stays worth delivering; empty for the frames that are never held. */
    static Optional<Instant> validity(Frame frame) {
        return switch (frame) {
            case ReplyFrame r -> Optional.of(r.settlementPromise().body().expiresAt());
            default -> Optional.empty();
        };
    }

    /**
     * Holds {@code frame} (encoded as {@code bytes}) for {@code peer} until {@code validUntil} or
     * {@link Limits#maxHold} from {@code now}, whichever is first, after what is already held for
     * the peer; returns it and the held frames this pushed out to keep the caps. The new frame
     * always fits its peer's caps (they hold the largest frame); it is pushed out itself only when
     * its peer is the one holding the most for the total cap.
     *
     * @throws IllegalArgumentException if {@code bytes} is larger than the peer's byte cap
     */
    Holding hold(PublicKey peer, Frame frame, byte[] bytes, Instant validUntil, Instant now) {
        if (bytes.length > limits.perPeerBytes()) {
            throw new IllegalArgumentException("a frame of " + bytes.length + " bytes is over the outbox's cap of "
                    + limits.perPeerBytes() + " bytes a peer");
        }
        Instant cap = now.plus(limits.maxHold());
        Held held = new Held(peer, frame, bytes, now, validUntil.isBefore(cap) ? validUntil : cap);
        Queue q = queues.computeIfAbsent(peer, k -> new Queue());
        q.frames.addLast(held);
        q.bytes += bytes.length;
        messages++;
        this.bytes += bytes.length;
        List<Dropped> dropped = new ArrayList<>();
        while (q.frames.size() > limits.perPeerMessages() || q.bytes > limits.perPeerBytes()) {
            dropped.add(new Dropped(removeFirst(peer, q), Drop.PEER_CAP));
        }
        while (messages > limits.totalMessages() || this.bytes > limits.totalBytes()) {
            Map.Entry<PublicKey, Queue> largest = largest();
            dropped.add(new Dropped(removeFirst(largest.getKey(), largest.getValue()), Drop.TOTAL_CAP));
        }
        return new Holding(held, List.copyOf(dropped));
    }

    /** The oldest frame held for {@code peer}, if any (it stays held until {@link #remove}). */
    Optional<Held> first(PublicKey peer) {
        Queue q = queues.get(peer);
        return q == null ? Optional.empty() : Optional.of(q.frames.getFirst());
    }

    /** Removes the oldest frame held for {@code peer}, once it is sent or dropped. */
    void remove(PublicKey peer) {
        Queue q = queues.get(peer);
        if (q != null) {
            removeFirst(peer, q);
        }
    }

    /** Whether anything is held for {@code peer}. */
    boolean holds(PublicKey peer) {
        return queues.containsKey(peer);
    }

    /** The peers something is held for. */
    List<PublicKey> peers() {
        return List.copyOf(queues.keySet());
    }

    /** Drops every frame whose validity ended by {@code now} and returns them, each peer's in order. */
    List<Dropped> expire(Instant now) {
        List<Dropped> expired = new ArrayList<>();
        for (Iterator<Map.Entry<PublicKey, Queue>> qs = queues.entrySet().iterator(); qs.hasNext(); ) {
            Queue q = qs.next().getValue();
            for (Iterator<Held> it = q.frames.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (!h.expiresAt().isAfter(now)) {
                    it.remove();
                    q.bytes -= h.bytes().length;
                    messages--;
                    bytes -= h.bytes().length;
                    expired.add(new Dropped(h, Drop.EXPIRED));
                }
            }
            if (q.frames.isEmpty()) {
                qs.remove();
            }
        }
        return expired;
    }

    /** Frames held now, for all peers. */
    int messages() {
        return messages;
    }

    /** Bytes held now, for all peers. */
    long bytes() {
        return bytes;
    }

    private Held removeFirst(PublicKey peer, Queue q) {
        Held h = q.frames.removeFirst();
        q.bytes -= h.bytes().length;
        messages--;
        bytes -= h.bytes().length;
        if (q.frames.isEmpty()) {
            queues.remove(peer);
        }
        return h;
    }

    /** The queue holding the most bytes, then the most frames, then the oldest frame. */
    private Map.Entry<PublicKey, Queue> largest() {
        Map.Entry<PublicKey, Queue> best = null;
        for (Map.Entry<PublicKey, Queue> e : queues.entrySet()) {
            if (best == null || larger(e.getValue(), best.getValue())) {
                best = e;
            }
        }
        return best;
    }

    private static boolean larger(Queue a, Queue b) {
        if (a.bytes != b.bytes) {
            return a.bytes > b.bytes;
        }
        if (a.frames.size() != b.frames.size()) {
            return a.frames.size() > b.frames.size();
        }
        return a.frames.getFirst().heldAt().isBefore(b.frames.getFirst().heldAt());
    }
}
