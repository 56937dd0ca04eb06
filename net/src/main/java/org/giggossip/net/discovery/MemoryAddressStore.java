package org.giggossip.net.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;

/** An {@link AddressStore} in memory, for tests and the simulator; keep the instance to "restart" over it. */
public final class MemoryAddressStore implements AddressStore {
    private final Map<PublicKey, AddressEntry> entries = new LinkedHashMap<>();

    @Override
    public List<AddressEntry> loadAll() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public void upsert(PeerAddress address) {
        entries.merge(address.id(), new AddressEntry(address, Instant.EPOCH, 0, 0),
                (old, fresh) -> new AddressEntry(address, old.lastSeen(), old.pings(), old.drops()));
    }

    @Override
    public void markSeen(PublicKey id, Instant at) {
        entries.computeIfPresent(id, (k, e) -> new AddressEntry(e.address(), at, 0, 0));
    }

    @Override
    public void recordPing(PublicKey id) {
        entries.computeIfPresent(id, (k, e) -> new AddressEntry(e.address(), e.lastSeen(), e.pings() + 1, e.drops()));
    }

    @Override
    public void recordDrop(PublicKey id) {
        entries.computeIfPresent(id, (k, e) -> new AddressEntry(e.address(), e.lastSeen(), 0, e.drops() + 1));
    }

    @Override
    public void remove(PublicKey id) {
        entries.remove(id);
    }

    /** How many entries it holds. */
    public int size() {
        return entries.size();
    }
}
