package org.giggossip.sim.net;

import java.util.Objects;

/**
 * The conditions a {@link VirtualNetwork} imposes: delay, loss, uplink
 * bandwidth and which nodes are online.
 *
 * @param latency   one-way delay of each message
 * @param loss      which messages are lost
 * @param bandwidth each sender's uplink queue
 * @param churn     which nodes are online
 */
public record NetworkConditions(LatencyModel latency, LossModel loss, Bandwidth bandwidth, Churn churn) {
    /** Checks nothing is missing. */
    public NetworkConditions {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(churn, "churn");
    }

    /** A perfect network of {@code nodes} nodes with a constant delay: no loss, no bandwidth limit, no churn. */
    public static NetworkConditions ideal(int nodes, long latency) {
        return new NetworkConditions(LatencyModel.constant(latency), LossModel.none(), Bandwidth.unlimited(),
            Churn.none(nodes));
    }
}
