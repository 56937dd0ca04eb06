package org.giggossip.net.link;

import java.util.Optional;

/**
 * What an admitted link carries (docs/protocol.md §1, the table of types). Every BOLT 8 message
 * after the admission starts with one type byte; the rest is the body, whose
 * size each type bounds before anything is decoded or allocated. An unknown
 * type or an oversized body closes the link with its reason.
 */
public enum MessageType {
    /** A Gig-gossip protocol frame (seed 000, section 3), a protobuf {@code Frame}. */
    GOSSIP(1, 56_712),
    /** Peer discovery and liveness (seed 004, section 3): GETPEER, PEER, PING, PONG. */
    DISCOVERY(2, 8_192),
    /** Requests to and answers from services reached over the link (settler, wallet). */
    SERVICE(3, 60_000),
    /** VoidPhone items spread by the generic gossip API (seed 003; docs/specs/voidphone-gossip-api.md §6). */
    ITEM(4, 65_534);

    /** Largest body any type allows: a BOLT 8 message (65,535) less the type byte. */
    public static final int MAX_BODY = 65_534;

    private final int code;
    private final int maxBody;

    MessageType(int code, int maxBody) {
        this.code = code;
        this.maxBody = maxBody;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** The largest body accepted for this type. */
    public int maxBody() {
        return maxBody;
    }

    /** The type for a wire byte, if known. */
    public static Optional<MessageType> of(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
