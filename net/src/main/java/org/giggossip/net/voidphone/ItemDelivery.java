package org.giggossip.net.voidphone;

/**
 * What the gossip side hands to the VoidPhone API server: an item (received from a
 * peer, or announced locally) for the local subscribers of its data type. The
 * server sends each subscribed connection a GOSSIP NOTIFICATION under a message id
 * of that connection and maps the VALIDATION that comes back to {@code itemId}
 * ({@link ItemGossipPort#validated}). Implementations are thread-safe.
 */
public interface ItemDelivery {

    /**
     * Notifies every connection subscribed to {@code dataType}; answers how many were notified
     * (0 when no local module subscribes to it).
     */
    int deliver(long itemId, int dataType, byte[] data);
}
