package org.giggossip.core.settler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.giggossip.core.wire.Hash32;

/**
 * The live gigs of a {@link Settler}, found by reply hash, by network hash and
 * by the wallet call in flight, and their deadlines. A deadline is a timer in
 * one queue, ordered by time and then by creation so that gigs due at the same
 * instant are handled in a fixed order; a timer whose gig moved on is skipped
 * (each gig has a generation). The host is asked for a {@link SettlerOutput.WakeUp}
 * whenever the earliest deadline comes before any wake-up already asked for.
 * Every gig has a deadline, a disputed one included, so memory stays bounded by
 * the rate of requests times the invoice lifetime, dispute window and dispute deadline.
 */
final class GigBook {
    private record Timer(Instant at, long sequence, Gig gig, int generation) {}

    private final Map<Hash32, Gig> byReply = new HashMap<>();
    private final Map<Hash32, Gig> byNetwork = new HashMap<>();
    private final Map<Long, Gig> byWalletCall = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparing(Timer::at).thenComparingLong(Timer::sequence));
    private final Consumer<SettlerOutput> out;
    /** Gigs changed since the last {@link #drainTouched}, for the settler's durable state. */
    private final java.util.Set<Gig> touched = new java.util.LinkedHashSet<>();
    private long nextSequence;
    /** The earliest wake-up asked of the host and not yet passed, or null. */
    private Instant wakeAskedFor;

    GigBook(Consumer<SettlerOutput> out) {
        this.out = out;
    }

    int size() {
        return byReply.size();
    }

    /** Live gigs in each stage, every stage present (zero included), in the order of {@link Gig.Stage}. */
    java.util.SequencedMap<String, Integer> countByStage() {
        int[] counts = new int[Gig.Stage.values().length];
        for (Gig g : byReply.values()) {
            counts[g.stage.ordinal()]++;
        }
        java.util.SequencedMap<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Gig.Stage stage : Gig.Stage.values()) {
            out.put(stage.name(), counts[stage.ordinal()]);
        }
        return out;
    }

    /** Adds a gig; false if its reply hash is taken. */
    boolean add(Gig gig) {
        boolean added = byReply.putIfAbsent(gig.replyHash, gig) == null;
        if (added) {
            touched.add(gig);
        }
        return added;
    }

    /** Records that {@code gig} may have changed (a null is ignored). */
    Gig touch(Gig gig) {
        if (gig != null) {
            touched.add(gig);
        }
        return gig;
    }

    /** Whether {@code gig} is live (not removed). */
    boolean isLive(Gig gig) {
        return byReply.get(gig.replyHash) == gig;
    }

    /** The gigs that may have changed since the last call, live or removed, in order of first change. */
    List<Gig> drainTouched() {
        List<Gig> drained = new ArrayList<>(touched);
        touched.clear();
        return drained;
    }

    /** Every live gig. */
    java.util.Collection<Gig> all() {
        return byReply.values();
    }

    Gig byReplyHash(Hash32 hash) {
        return byReply.get(hash);
    }

    Gig byNetworkHash(Hash32 hash) {
        return byNetwork.get(hash);
    }

    void indexNetworkHash(Gig gig) {
        byNetwork.put(gig.networkHash, gig);
    }

    void forgetNetworkHash(Gig gig) {
        if (gig.networkHash != null) {
            byNetwork.remove(gig.networkHash, gig);
        }
    }

    /** Records that the answer to wallet call {@code callId} concerns {@code gig}. */
    void awaitWallet(Gig gig, long callId) {
        touched.add(gig);
        gig.walletCallId = callId;
        byWalletCall.put(callId, gig);
    }

    /** The gig waiting for the answer to {@code callId}, which is no longer awaited; or null. */
    Gig takeWalletCall(long callId) {
        Gig gig = byWalletCall.remove(callId);
        if (gig != null) {
            touched.add(gig);
            gig.walletCallId = 0;
        }
        return gig;
    }

    /** Forgets a gig and its deadline. */
    void remove(Gig gig) {
        touched.add(gig);
        byReply.remove(gig.replyHash, gig);
        forgetNetworkHash(gig);
        if (gig.walletCallId != 0) {
            byWalletCall.remove(gig.walletCallId, gig);
            gig.walletCallId = 0;
        }
        gig.generation++;
    }

    /** The gigs with an open dispute, in no particular order. */
    List<Gig> disputed() {
        return byReply.values().stream().filter(g -> g.stage == Gig.Stage.DISPUTED).toList();
    }

    /** Replaces the gig's deadline with {@code at}. */
    void schedule(Gig gig, Instant at) {
        touched.add(gig);
        gig.generation++;
        gig.deadline = at;
        timers.add(new Timer(at, nextSequence++, gig, gig.generation));
        askForWakeUp(at);
    }

    /** Takes the gigs whose deadline is at or before {@code now}, in order, and asks for the next wake-up. */
    List<Gig> due(Instant now) {
        List<Gig> due = new ArrayList<>();
        for (Timer t = timers.peek(); t != null && !t.at().isAfter(now); t = timers.peek()) {
            timers.poll();
            if (isCurrent(t)) {
                touched.add(t.gig());
                due.add(t.gig());
            }
        }
        if (wakeAskedFor != null && !wakeAskedFor.isAfter(now)) {
            wakeAskedFor = null;
        }
        while (!timers.isEmpty() && !isCurrent(timers.peek())) {
            timers.poll(); // a replaced deadline: no need to wake for it
        }
        Timer next = timers.peek();
        if (next != null) {
            askForWakeUp(next.at());
        }
        return due;
    }

    private boolean isCurrent(Timer t) {
        return t.generation() == t.gig().generation && byReply.get(t.gig().replyHash) == t.gig();
    }

    private void askForWakeUp(Instant at) {
        if (wakeAskedFor == null || at.isBefore(wakeAskedFor)) {
            wakeAskedFor = at;
            out.accept(new SettlerOutput.WakeUp(at));
        }
    }
}
