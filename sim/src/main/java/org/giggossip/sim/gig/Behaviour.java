package org.giggossip.sim.gig;

/**
 * How a simulated node behaves (seed 000, 4.3). Every node runs the same
 * engine; a misbehaving node is an honest engine whose host drops or adds
 * frames, as a modified client would.
 */
public enum Behaviour {
    /** Follows the protocol. */
    HONEST,
    /** Drops everything it receives (4.3.1, also a crashed phone). */
    SILENT,
    /** Follows the protocol and replays the broadcasts it received later (4.3.2). */
    CHATTERBOX,
    /** Follows the protocol and floods the network with its own topics (spam, DDoS). */
    SPAMMER,
    /** One of many identities around a victim that accept the victim's topics and drop them (4.3.3, 4.3.4). */
    SYBIL,
    /** Relays everything except one target customer's topics, which it accepts and drops (4.3.5). */
    CENSOR,
    /** Honest until a given time, then silent (4.3.6). */
    COVERT_FLASH;

    /** Whether the node counts as honest for delivery ratios. */
    public boolean honest() {
        return this == HONEST;
    }
}
