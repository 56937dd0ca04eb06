package org.giggossip.core.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Penalty;

/**
 * The peers a node is connected to and their penalty scores (docs/style.md 6: a
 * rejection counts against its sender; each {@link Penalty}'s severity states
 * how many such faults are tolerated before the link is closed).
 */
final class Peers {
    private final LinkedHashSet<PublicKey> connected = new LinkedHashSet<>();
    private Map<PublicKey, Double> faults;
    private final Consumer<Output> out;
    private final Consumer<AppEvent> events;

    Peers(Consumer<Output> out, Consumer<AppEvent> events) {
        this.out = out;
        this.events = events;
    }

    void add(PublicKey peer) {
        connected.add(peer);
    }

    void remove(PublicKey peer) {
        connected.remove(peer);
        if (faults != null) {
            faults.remove(peer);
        }
    }

    boolean contains(PublicKey peer) {
        return connected.contains(peer);
    }

    int size() {
        return connected.size();
    }

    List<PublicKey> all() {
        return List.copyOf(connected);
    }

    /** Connected peers other than {@code excluded}, in a random order. */
    List<PublicKey> shuffledExcept(Collection<PublicKey> excluded, SecureRandom random) {
        List<PublicKey> list = new ArrayList<>(connected.size());
        for (PublicKey p : connected) {
            if (!excluded.contains(p)) {
                list.add(p);
            }
        }
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PublicKey t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        return list;
    }

    /** Counts a fault; past the penalty's tolerance the peer is disconnected. */
    void penalise(PublicKey peer, Penalty penalty) {
        if (faults == null) {
            faults = new HashMap<>();
        }
        double score = faults.merge(peer, 1.0 / penalty.severity().tolerance(), Double::sum);
        if (score >= 1.0 - 1e-9 && connected.contains(peer)) {
            remove(peer);
            out.accept(new Output.Disconnect(peer, penalty));
        }
    }
}
