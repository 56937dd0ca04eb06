package org.giggossip.node.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.discovery.AddressEntry;
import org.giggossip.net.discovery.AddressStore;
import org.giggossip.net.discovery.PeerAddress;

/**
 * The node's {@link AddressBook} as the {@link AddressStore} behind peer
 * discovery (docs/protocol.md §1, Discovery), with the counters of seed 004, section 3:
 * an answer resets both, a drop restarts the pings. A peer never seen has
 * {@code last_seen_ms = 0} ({@link Instant#EPOCH}).
 */
public final class AddressBookStore implements AddressStore {
    private final AddressBook book;

    /** Over {@code book}, usually {@code NodeStore.peers()}. */
    public AddressBookStore(AddressBook book) {
        this.book = book;
    }

    @Override
    public List<AddressEntry> loadAll() {
        List<AddressEntry> all = new ArrayList<>();
        for (PeerEntry e : book.list(Integer.MAX_VALUE)) {
            if (PeerAddress.hostProblem(e.host()).isEmpty() && e.port() >= 1 && e.port() <= 65535) {
                all.add(new AddressEntry(new PeerAddress(e.nodeId(), e.host(), e.port()), e.lastSeen(), e.pings(),
                        e.drops()));
            }
        }
        return all;
    }

    @Override
    public void upsert(PeerAddress address) {
        book.db().write(c -> Db.update(c, "INSERT INTO peers (node_id, host, port, last_seen_ms) VALUES (?, ?, ?, 0) "
                + "ON CONFLICT (node_id) DO UPDATE SET host = excluded.host, port = excluded.port",
                address.id().bytes(), address.host(), address.port()));
    }

    @Override
    public void markSeen(PublicKey id, Instant at) {
        update("last_seen_ms = max(last_seen_ms, ?), pings = 0, drops = 0", id, at.toEpochMilli());
    }

    @Override
    public void recordPing(PublicKey id) {
        book.recordPing(id);
    }

    @Override
    public void recordDrop(PublicKey id) {
        update("drops = drops + 1, pings = 0", id);
    }

    @Override
    public void remove(PublicKey id) {
        book.remove(id);
    }

    private void update(String set, PublicKey id, Object... args) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = id.bytes();
        book.db().write(c -> Db.update(c, "UPDATE peers SET " + set + " WHERE node_id = ?", all));
    }
}
