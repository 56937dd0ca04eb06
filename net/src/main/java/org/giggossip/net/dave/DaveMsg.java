package org.giggossip.net.dave;

import java.util.List;
import java.util.Objects;

/**
 * One Dave datagram (seed 004; docs/specs/dave.md): the {@code Msg} of
 * the April 2024 implementation. Byte fields are copied in and out; sizes are
 * checked by the codec when decoding untrusted bytes, not here.
 *
 * @param op    what the datagram is
 * @param peers addresses in Go's {@code netip.AddrPort} text form: the peers of a PEER, or the
 *              route of a SETDAT or GETDAT
 * @param prev  0 or 32 bytes: the work of a previous DAT
 * @param work  the DAT's work (its key); 32 bytes in a SETDAT, GETDAT and DAT, empty otherwise
 * @param nonce 0 or 32 bytes
 * @param val   the value, at most {@link DaveConfig#VAL_SIZE} bytes
 * @param tag   at most 32 bytes
 */
public record DaveMsg(Op op, List<String> peers, byte[] prev, byte[] work, byte[] nonce, byte[] val, byte[] tag) {

    /** The operations of that version, with their wire numbers. */
    public enum Op {
        GETPEER(0), PEER(1), SETDAT(2), GETDAT(3), DAT(4);

        /** The enum's number on the wire. */
        public final int number;

        Op(int number) {
            this.number = number;
        }
    }

    public DaveMsg {
        Objects.requireNonNull(op, "op");
        peers = List.copyOf(peers);
        prev = prev.clone();
        work = work.clone();
        nonce = nonce.clone();
        val = val.clone();
        tag = tag.clone();
    }

    /** A GETPEER: on the wire, a zero-length datagram. */
    public static DaveMsg getPeer() {
        return new DaveMsg(Op.GETPEER, List.of(), new byte[0], new byte[0], new byte[0], new byte[0], new byte[0]);
    }

    /** A PEER listing {@code peers}. */
    public static DaveMsg peer(List<String> peers) {
        return new DaveMsg(Op.PEER, peers, new byte[0], new byte[0], new byte[0], new byte[0], new byte[0]);
    }

    /** A GETDAT for the DAT whose work is {@code work}, with the route so far. */
    public static DaveMsg getDat(byte[] work, List<String> route) {
        return new DaveMsg(Op.GETDAT, route, new byte[0], work, new byte[0], new byte[0], new byte[0]);
    }

    @Override
    public byte[] prev() {
        return prev.clone();
    }

    @Override
    public byte[] work() {
        return work.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] val() {
        return val.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    /** This message with {@code route} as its peers (a SETDAT or GETDAT forwarded one hop further). */
    public DaveMsg withPeers(List<String> route) {
        return new DaveMsg(op, route, prev, work, nonce, val, tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DaveMsg m && op == m.op && peers.equals(m.peers) && java.util.Arrays.equals(prev, m.prev)
                && java.util.Arrays.equals(work, m.work) && java.util.Arrays.equals(nonce, m.nonce)
                && java.util.Arrays.equals(val, m.val) && java.util.Arrays.equals(tag, m.tag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, peers, java.util.Arrays.hashCode(work), java.util.Arrays.hashCode(val));
    }

    @Override
    public String toString() {
        return "DaveMsg(" + op + ", peers=" + peers + ", work=" + org.giggossip.core.util.Hex.encode(work)
                + ", val=" + val.length + " bytes, tag=" + tag.length + " bytes)";
    }
}
