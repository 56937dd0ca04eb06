package org.giggossip.net.link;

/**
 * Why a connection closed, as one of a fixed set of causes: the layer that
 * closed it, read from the prefix of its reason (the {@code cause} label of docs/metrics.md). Close
 * reasons carry free text (addresses, sizes, numbers a peer chose); a cause
 * never does, so counting by cause cannot grow without bound.
 */
public enum CloseCause {
    /** The peer closed the connection, or it went away without a reason. */
    PEER,
    /** This node is shutting down. */
    SHUTDOWN,
    /** A socket error ({@code I/O: ...}). */
    IO,
    /** The BOLT 8 handshake failed. */
    HANDSHAKE,
    /** A BOLT 8 message did not decrypt or was too long. */
    TRANSPORT,
    /** The proof-of-work admission failed (seed 003, 2.3). */
    ADMISSION,
    /** A limit: connection caps, handshake deadline, idle time, rate, outbound queue. */
    LIMITS,
    /** The link layer refused a message (empty, unknown type, over its size), or the peer is ourselves. */
    LINK,
    /** A second link to the same peer, closed so that one remains. */
    DUPLICATE,
    /** The engine closed the link for the peer's gossip frames (penalties, undecodable frames). */
    PROTOCOL,
    /** Discovery dropped or penalised the peer (seed 004, 3). */
    DISCOVERY,
    /** A settler or wallet message over the link was refused. */
    SERVICE,
    /** A VoidPhone item was refused (seed 003). */
    ITEM,
    /** A key probe on the listening port was malformed. */
    KEY_PROBE,
    /** A bug of ours. */
    INTERNAL,
    /** Any reason not named above. */
    OTHER;

    private record Prefix(String text, CloseCause cause) {}

    /** Reason prefixes, as the layers of {@code net} and {@code node} write them; the first match wins. */
    private static final java.util.List<Prefix> PREFIXES = java.util.List.of(
            new Prefix("link: duplicate", DUPLICATE), new Prefix("I/O:", IO),
            new Prefix("BOLT 8 handshake", HANDSHAKE), new Prefix("BOLT 8 read", TRANSPORT),
            new Prefix("admission:", ADMISSION), new Prefix("limits:", LIMITS), new Prefix("link:", LINK),
            new Prefix("protocol", PROTOCOL), new Prefix("discovery:", DISCOVERY), new Prefix("service:", SERVICE),
            new Prefix("item:", ITEM), new Prefix("key probe:", KEY_PROBE), new Prefix("internal error:", INTERNAL));

    /** The cause of a close with {@code reason} (null: the peer closed without one). */
    public static CloseCause of(String reason) {
        if (reason == null || reason.equals("closed by the peer")) {
            return PEER;
        }
        if (reason.equals("node shutting down")) {
            return SHUTDOWN;
        }
        for (Prefix p : PREFIXES) {
            if (reason.startsWith(p.text())) {
                return p.cause();
            }
        }
        return OTHER;
    }

    /**
     * The admission error named by an admission close ({@code "admission: WRONG_ANSWER ..."}), if
     * {@code reason} is one and names a known error.
     */
    public static java.util.Optional<org.giggossip.net.admission.AdmissionError> admissionError(String reason) {
        if (reason == null || !reason.startsWith("admission: ")) {
            return java.util.Optional.empty();
        }
        String rest = reason.substring("admission: ".length());
        int end = rest.indexOf(' ');
        String name = end < 0 ? rest : rest.substring(0, end);
        for (org.giggossip.net.admission.AdmissionError e : org.giggossip.net.admission.AdmissionError.values()) {
            if (e.name().equals(name)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
