package org.giggossip.net.voidphone;

/**
 * What the VoidPhone API server ({@code GossipApiServer}) hands to the gossip side
 * (seed 003, docs/specs/voidphone-gossip-api.md): local modules' announcements
 * and their validations of delivered items. Implementations are thread-safe: the
 * server calls from its connection threads.
 */
public interface ItemGossipPort {

    /** A local module asks to spread {@code data} of {@code dataType} for {@code ttl} hops (0 = unlimited). */
    void announce(int ttl, int dataType, byte[] data);

    /** A subscriber judged the item delivered as {@code itemId} ({@link ItemDelivery#deliver}). */
    void validated(long itemId, boolean valid);
}
