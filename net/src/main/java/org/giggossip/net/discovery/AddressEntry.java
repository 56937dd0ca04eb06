package org.giggossip.net.discovery;

import java.time.Instant;
import java.util.Objects;

/**
 * One persisted address-book entry (seed 004, section 3).
 *
 * @param address  the peer and where it listens
 * @param lastSeen when it last answered a ping; {@link Instant#EPOCH} if never (learned, unconfirmed)
 * @param pings    unanswered pings and failed dials since the last answer or the last drop
 * @param drops    drops since it last answered: the second stage of the two-stage drop
 */
public record AddressEntry(PeerAddress address, Instant lastSeen, int pings, int drops) {
    /** Checks for nulls and negative counters. */
    public AddressEntry {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (pings < 0 || drops < 0) {
            throw new IllegalArgumentException("negative counter");
        }
    }
}
