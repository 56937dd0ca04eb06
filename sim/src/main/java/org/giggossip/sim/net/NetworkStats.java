package org.giggossip.sim.net;

/**
 * What a {@link VirtualNetwork} has carried and dropped. Every message handed to
 * {@link VirtualNetwork#send} ends in exactly one of delivered, lost,
 * dropped because the sender was offline, dropped because the receiver was
 * offline at arrival, or still in flight.
 */
public final class NetworkStats {
    long sent;
    long bytesSent;
    long delivered;
    long bytesDelivered;
    long lost;
    long senderOffline;
    long receiverOffline;

    NetworkStats() {}

    /** Messages handed to {@code send}. */
    public long sent() {
        return sent;
    }

    /** Bytes handed to {@code send}. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Messages handed to the receiver. */
    public long delivered() {
        return delivered;
    }

    /** Bytes handed to the receiver. */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** Messages the loss model dropped. */
    public long lost() {
        return lost;
    }

    /** Messages dropped because their sender was offline. */
    public long droppedSenderOffline() {
        return senderOffline;
    }

    /** Messages dropped because their receiver was offline when they arrived. */
    public long droppedReceiverOffline() {
        return receiverOffline;
    }

    /** Messages sent but not yet delivered or dropped. */
    public long inFlight() {
        return sent - delivered - lost - senderOffline - receiverOffline;
    }
}
