package org.giggossip.sim.net;

import java.util.Objects;
import java.util.SplittableRandom;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.time.Event;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.topology.Topology;

/**
 * Carries messages between simulated nodes in virtual time. A message sent at
 * time {@code t} leaves its sender's uplink when {@link Bandwidth} allows, is
 * lost with the {@link LossModel}'s verdict, and otherwise arrives after the
 * {@link LatencyModel}'s delay; if the receiver is offline then ({@link Churn}),
 * it is dropped. A message from an offline sender is dropped at once.
 *
 * <p>The message type is the host's: to keep nodes apart as in production
 * (docs/style.md 10), send encoded frames ({@code byte[]}) and decode on receipt.
 *
 * <p>With {@link #preserveOrderOn(Topology)}, messages on each directed link of
 * that topology arrive in the order sent, as over one TCP connection: a message
 * whose drawn delay would overtake an earlier one arrives just with it instead
 * (same time, queued after it).
 *
 * <p>Latency and loss draw from their own streams ({@code "net.latency"},
 * {@code "net.loss"}), and a delay is drawn for every message from an online
 * sender, lost or not; so changing the loss model leaves every delivered
 * message's arrival time as it was (unless order is preserved, where a lost
 * message no longer holds back the ones after it).
 * One {@link Event} object is allocated per message in flight.
 *
 * @param <M> the message type
 */
public final class VirtualNetwork<M> {
    /** Receives each message that arrives. */
    @FunctionalInterface
    public interface Receiver<M> {
        /** {@code message} from {@code from} has arrived at {@code to}, at the scheduler's current time. */
        void receive(int from, int to, M message);
    }

    private final Scheduler scheduler;
    private final NetworkConditions conditions;
    private final Receiver<M> receiver;
    private final SplittableRandom latencyRandom;
    private final SplittableRandom lossRandom;
    private final NetworkStats stats = new NetworkStats();
    private Topology orderedLinks;
    private long[] lastArrival;

    /**
     * A network on {@code scheduler}'s time.
     *
     * @param streams the simulation's random streams; the network takes {@code "net.latency"} and {@code "net.loss"}
     */
    public VirtualNetwork(Scheduler scheduler, NetworkConditions conditions, RandomStreams streams,
                          Receiver<M> receiver) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.latencyRandom = streams.stream("net.latency");
        this.lossRandom = streams.stream("net.loss");
    }

    /**
     * Keeps messages in order on the links of {@code topology} (one {@code long}
     * per directed link). Messages between nodes that are not neighbours in it
     * are not ordered. Call before the first send.
     */
    public VirtualNetwork<M> preserveOrderOn(Topology topology) {
        if (stats.sent > 0) {
            throw new IllegalStateException("call preserveOrderOn before the first send");
        }
        this.orderedLinks = topology;
        this.lastArrival = new long[topology.slotCount()];
        return this;
    }

    /**
     * Sends {@code message} of {@code sizeBytes} bytes from {@code from} to {@code to} now.
     *
     * @return true if it is in flight, false if it was dropped at once (sender offline or lost)
     */
    public boolean send(int from, int to, int sizeBytes, M message) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, got " + sizeBytes);
        }
        stats.sent++;
        stats.bytesSent += sizeBytes;
        if (!conditions.churn().isOnline(from)) {
            stats.senderOffline++;
            return false;
        }
        long departed = conditions.bandwidth().transmit(from, scheduler.now(), sizeBytes);
        // The delay is drawn even for a message about to be lost, so the latency
        // stream does not depend on the loss model's verdicts.
        long delay = conditions.latency().delay(from, to, latencyRandom);
        if (delay < 0) {
            throw new IllegalStateException("latency model returned a negative delay: " + delay);
        }
        if (conditions.loss().lost(from, to, lossRandom)) {
            stats.lost++;
            return false;
        }
        long arrival = Math.addExact(departed, delay);
        if (orderedLinks != null) {
            int slot = orderedLinks.slot(from, to);
            if (slot >= 0) {
                arrival = Math.max(arrival, lastArrival[slot]);
                lastArrival[slot] = arrival;
            }
        }
        scheduler.schedule(arrival, new Delivery<>(this, from, to, sizeBytes, message));
        return true;
    }

    /** The counts so far (a live view). */
    public NetworkStats stats() {
        return stats;
    }

    /** The conditions this network imposes. */
    public NetworkConditions conditions() {
        return conditions;
    }

    private void arrive(Delivery<M> d) {
        if (!conditions.churn().isOnline(d.to)) {
            stats.receiverOffline++;
            return;
        }
        stats.delivered++;
        stats.bytesDelivered += d.size;
        receiver.receive(d.from, d.to, d.message);
    }

    private static final class Delivery<M> implements Event {
        private final VirtualNetwork<M> network;
        private final int from;
        private final int to;
        private final int size;
        private final M message;

        Delivery(VirtualNetwork<M> network, int from, int to, int size, M message) {
            this.network = network;
            this.from = from;
            this.to = to;
            this.size = size;
            this.message = message;
        }

        @Override
        public void fire() {
            network.arrive(this);
        }
    }
}
