package org.giggossip.net.voidphone;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;

/**
 * An in-memory network of {@link ItemGossip} instances for tests: frames pass as
 * encoded bodies through one FIFO queue, subscribers are validators per data
 * type, and a penalty that asks to close drops the link on both sides.
 */
final class ItemNet {
    private static final SecureRandom KEYS = new SecureRandom();

    /** One node and what happened at it. */
    static final class Node {
        final int index;
        final PublicKey id = PrivateKey.generate(KEYS).publicKey();
        final ItemGossip gossip;
        /** Per data type, the subscribers' verdicts (null: a subscriber that never answers). */
        final Map<Integer, List<Predicate<byte[]>>> subscribers = new HashMap<>();
        final List<String> notified = new ArrayList<>();
        final List<ItemOutput.Penalise> penalties = new ArrayList<>();
        final List<ItemOutput.Dropped> dropped = new ArrayList<>();
        final List<ItemOutput.Send> sends = new ArrayList<>();
        final List<Long> deliveredIds = new ArrayList<>();

        Node(int index, ItemGossipConfig config, long seed) {
            this.index = index;
            this.gossip = new ItemGossip(config, new Random(seed));
        }

        Node subscribe(int type, Predicate<byte[]> verdict) {
            subscribers.computeIfAbsent(type, t -> new ArrayList<>()).add(verdict);
            return this;
        }

        /** A subscriber that accepts everything. */
        Node accept(int type) {
            return subscribe(type, d -> true);
        }

        int count(String text) {
            return (int) notified.stream().filter(text::equals).count();
        }
    }

    final List<Node> nodes = new ArrayList<>();
    private final Map<PublicKey, Node> byId = new HashMap<>();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    ItemNet(int n, ItemGossipConfig config) {
        for (int i = 0; i < n; i++) {
            Node node = new Node(i, config, 1000 + i);
            nodes.add(node);
            byId.put(node.id, node);
        }
    }

    Node node(int i) {
        return nodes.get(i);
    }

    void link(int a, int b) {
        node(a).gossip.peerUp(node(b).id);
        node(b).gossip.peerUp(node(a).id);
    }

    void unlink(Node a, Node b) {
        a.gossip.peerDown(b.id);
        b.gossip.peerDown(a.id);
    }

    /** A line 0 - 1 - ... - n-1. */
    ItemNet line() {
        for (int i = 1; i < nodes.size(); i++) {
            link(i - 1, i);
        }
        return this;
    }

    ItemNet fullMesh() {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                link(i, j);
            }
        }
        return this;
    }

    void announce(int at, int ttl, int type, String text) {
        Node n = node(at);
        apply(n, n.gossip.announce(ttl, type, text.getBytes(StandardCharsets.UTF_8), now));
        run();
    }

    void inject(Node to, PublicKey from, byte[] body) {
        apply(to, to.gossip.onItem(from, body, now));
        run();
    }

    void later(Duration d) {
        now = now.plus(d);
    }

    /** Runs queued deliveries and validations until quiet; bounded. */
    void run() {
        for (int steps = 0; !queue.isEmpty(); steps++) {
            if (steps > 1_000_000) {
                throw new AssertionError("the network did not settle");
            }
            queue.poll().run();
        }
    }

    void apply(Node n, List<ItemOutput> outputs) {
        for (ItemOutput o : outputs) {
            switch (o) {
                case ItemOutput.Deliver d -> deliver(n, d);
                case ItemOutput.Send s -> {
                    n.sends.add(s);
                    Node to = byId.get(s.peer());
                    queue.add(() -> {
                        if (to.gossip.peers().contains(n.id)) {
                            apply(to, to.gossip.onItem(n.id, s.body(), now));
                        }
                    });
                }
                case ItemOutput.Penalise p -> {
                    n.penalties.add(p);
                    if (p.close()) {
                        unlink(n, byId.get(p.peer()));
                    }
                }
                case ItemOutput.Dropped d -> n.dropped.add(d);
            }
        }
    }

    private void deliver(Node n, ItemOutput.Deliver d) {
        List<Predicate<byte[]>> subs = n.subscribers.getOrDefault(d.dataType(), List.of());
        n.deliveredIds.add(d.itemId());
        if (!subs.isEmpty()) {
            n.notified.add(new String(d.data(), StandardCharsets.UTF_8));
        }
        apply(n, n.gossip.delivered(d.itemId(), subs.size(), now));
        for (Predicate<byte[]> s : subs) {
            if (s != null) {
                boolean valid = s.test(d.data());
                queue.add(() -> apply(n, n.gossip.validated(d.itemId(), valid, now)));
            }
        }
    }
}
