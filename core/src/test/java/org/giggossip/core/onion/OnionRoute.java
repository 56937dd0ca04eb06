package org.giggossip.core.onion;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.testing.TestRandom;

/**
 * A broadcast route for the onion tests: {@code nodes.get(0)} is the customer,
 * the last node the replier, and a node may appear more than once. Builds the
 * onion hop by hop as the broadcast would, then carries a reply back, peeling
 * at each node the previous peel named.
 */
record OnionRoute(List<PrivateKey> nodes) {

    /** The network between two nodes of a broadcast; a test's may damage what it carries. */
    interface Link {
        /** What node {@code receiver} (its index on the route) gets when {@code onion} is sent to it. */
        byte[] carry(int receiver, byte[] onion);
    }

    /** {@code count} distinct nodes with keys from {@code seed}. */
    static List<PrivateKey> keys(int count, long seed) {
        SecureRandom random = TestRandom.seeded(seed);
        List<PrivateKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(PrivateKey.generate(random));
        }
        return keys;
    }

    /** A route through {@code hops + 1} distinct nodes: customer, {@code hops - 1} middlemen, replier. */
    static OnionRoute ofHops(int hops, long seed) {
        return new OnionRoute(keys(hops + 1, seed));
    }

    PrivateKey customer() {
        return nodes.getFirst();
    }

    PrivateKey replier() {
        return nodes.getLast();
    }

    /** Hops the broadcast took: one wrap each. */
    int hops() {
        return nodes.size() - 1;
    }

    /** The onion each node holds after the broadcast: index 0 is the customer's origin, the last the replier's. */
    List<byte[]> broadcast(BackwardOnion onions, SecureRandom random) {
        return broadcast(onions, random, (receiver, onion) -> onion);
    }

    /** Like {@link #broadcast(BackwardOnion, SecureRandom)}, each onion sent passing through {@code link}. */
    List<byte[]> broadcast(BackwardOnion onions, SecureRandom random, Link link) {
        List<byte[]> held = new ArrayList<>();
        held.add(onions.origin(customer().publicKey(), random));
        for (int i = 0; i < hops(); i++) {
            byte[] sent = onions.wrap(held.getLast(), nodes.get(i).publicKey(), nodes.get(i + 1).publicKey(), random);
            held.add(link.carry(i + 1, sent));
        }
        return held;
    }

    /**
     * Carries a reply back from the replier with {@code onion}: each peel's result
     * in order, ending at the first result that is not a {@link Peeled.Forward}, or
     * at a forward to a node not on the route (which no test expects), or after
     * twice the route's length.
     */
    List<Peeled> reply(BackwardOnion onions, byte[] onion, SecureRandom random) {
        Map<PublicKey, PrivateKey> byId = new HashMap<>();
        nodes.forEach(k -> byId.put(k.publicKey(), k));
        List<Peeled> results = new ArrayList<>();
        PrivateKey at = replier();
        byte[] current = onion;
        while (results.size() < 2 * nodes.size() + 2) {
            Peeled peeled = onions.peel(current, at, random);
            results.add(peeled);
            if (!(peeled instanceof Peeled.Forward forward) || !byId.containsKey(forward.nextHop())) {
                break;
            }
            at = byId.get(forward.nextHop());
            current = forward.innerOnion();
        }
        return results;
    }

    /** The next hops an intact reply must visit: the route backwards, the customer last. */
    List<PublicKey> expectedReturnPath() {
        List<PublicKey> path = new ArrayList<>();
        for (int i = hops() - 1; i >= 0; i--) {
            path.add(nodes.get(i).publicKey());
        }
        return path;
    }
}
