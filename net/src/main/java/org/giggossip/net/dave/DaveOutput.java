package org.giggossip.net.dave;

import java.util.Objects;

/**
 * What a {@link DaveNode} asks its host to do or tells it, in order. Dispatch with
 * an exhaustive {@code switch} (docs/style.md 3).
 */
public sealed interface DaveOutput {

    /** Send {@code msg} as one datagram to {@code to} (Go {@code netip.AddrPort} text). */
    record Send(String to, DaveMsg msg) implements DaveOutput {
        public Send {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(msg, "msg");
        }
    }

    /** {@code dat} (a SETDAT or DAT) was put in the store. */
    record Stored(DaveMsg dat) implements DaveOutput {
    }

    /** A SETDAT or DAT from {@code from} was accepted; a host that prints what it receives prints this. */
    record Received(String from, DaveMsg msg) implements DaveOutput {
    }

    /**
     * The DAT asked for with {@link DaveNode#get}, from our store or from the network, once per
     * ask; or one of the DATs asked for by prev with {@link DaveNode#getByPrev}, once per DAT.
     */
    record Found(DaveMsg dat) implements DaveOutput {
    }

    /** A datagram from {@code from} was dropped for {@code reason} (also counted in {@link DaveNode#dropped()}). */
    record Dropped(String from, Reason reason) implements DaveOutput {
    }

    /** Why a datagram was dropped. None of these ever throws. */
    enum Reason {
        /** The source sent more than {@link DaveConfig#perSourcePerSecond} datagrams in a second. */
        RATE,
        /** The source or an address in the datagram is empty, too long or has control characters. */
        BAD_ADDRESS,
        /** A field has the wrong size (work not 32 bytes, value or tag too long). */
        BAD_FIELDS,
        /** The work check failed (-1, -2 or -3). */
        BAD_WORK,
        /** The route is longer than {@link DaveConfig#distance} or lists an address twice. */
        BAD_ROUTE,
        /** A DAT we did not ask for and too weak to store. */
        UNASKED,
        /** A datagram we would send would exceed {@link DaveConfig#PACKET_SIZE}. */
        TOO_BIG
    }
}
