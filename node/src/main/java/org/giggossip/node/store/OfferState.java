package org.giggossip.node.store;

/** An offer a customer received. */
public enum OfferState {
    /** Arrived, not chosen yet. */
    RECEIVED,
    /** Chosen and paid for. */
    ACCEPTED,
    /** Another offer of the same job was accepted. */
    DECLINED,
    /** Its invoice expired before a choice. */
    EXPIRED
}
