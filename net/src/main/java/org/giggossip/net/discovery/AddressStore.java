package org.giggossip.net.discovery;

import java.time.Instant;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;

/**
 * Where {@link Discovery} keeps its address book, so that it survives restarts
 * (docs/protocol.md §1, Discovery). {@link Discovery} reads it once, at construction, and
 * writes through on every change; the counters follow seed 004, section 3. Calls
 * for an unknown peer do nothing. Called on the node's loop; an implementation
 * may block briefly (an embedded SQLite write).
 */
public interface AddressStore {

    /** Every entry, at start. */
    List<AddressEntry> loadAll();

    /** Adds the peer with zero counters and never seen, or changes the host and port of a known one. */
    void upsert(PeerAddress address);

    /** The peer answered at {@code at}: both counters back to zero (seed 004: "set to zero"). */
    void markSeen(PublicKey id, Instant at);

    /** One more unanswered ping or failed dial. */
    void recordPing(PublicKey id);

    /** One more drop; the ping counter starts again from zero. */
    void recordDrop(PublicKey id);

    /** Forgets the peer. */
    void remove(PublicKey id);
}
