package org.giggossip.net.dave;

import java.time.Duration;

/**
 * The constants of Dave (seed 004, dave-v1.md), configurable, with that
 * version's values as defaults ({@link #defaults()}), plus the bounds our node
 * adds (store size, reflection limits) that the original lacked.
 *
 * @param period        heartbeat (127,713,920 ns)
 * @param npeer         addresses given in a PEER (3)
 * @param tolerance     unanswered pings before a drop is counted (2)
 * @param drop          a peer is removed after more than drop * tolerance drops (4)
 * @param distance      max route length of a forwarded SETDAT or GETDAT (7)
 * @param fanoutGetdat  peers a GETDAT is forwarded to (2)
 * @param fanoutSetdat  peers a SETDAT is forwarded to (2)
 * @param workMinFanout min strength for a SETDAT to be forwarded (2)
 * @param workToStore   min strength for a SETDAT to be stored (3)
 * @param storeBytes    most bytes of values the store keeps; beyond, the lightest (by work and age) go
 * @param perSourcePerSecond datagrams a node handles per second from one source address
 * @param maxDatAnswers most addresses one GETDAT makes us send a DAT to
 */
public record DaveConfig(Duration period, int npeer, int tolerance, int drop, int distance, int fanoutGetdat,
        int fanoutSetdat, int workMinFanout, int workToStore, long storeBytes, int perSourcePerSecond,
        int maxDatAnswers) {
    /** Largest datagram. */
    public static final int PACKET_SIZE = 1500;
    /** Largest value. */
    public static final int VAL_SIZE = 1280;
    /** Largest tag. */
    public static final int TAG_SIZE = 32;

    /** That version's constants; a 64 MB store, 100 datagrams a second per source, DATs to at most 8 addresses. */
    public static DaveConfig defaults() {
        return new DaveConfig(Duration.ofNanos(127_713_920), 3, 2, 4, 7, 2, 2, 2, 3, 64L << 20, 100, 8);
    }

    /** These constants with another store threshold and store bound (what an operator sets). */
    public DaveConfig withStore(int workToStore, long storeBytes) {
        return new DaveConfig(period, npeer, tolerance, drop, distance, fanoutGetdat, fanoutSetdat, workMinFanout,
                workToStore, storeBytes, perSourcePerSecond, maxDatAnswers);
    }
}
