package org.giggossip.node.api;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * One link up now ({@code GET /v1/peers}, {@code gg peers}).
 *
 * @param id         the peer's identity
 * @param address    its {@code host:port} as seen on the link (for an inbound link, the peer's source port)
 * @param outbound   true when we dialled it
 * @param direction  {@code outbound} (we dialled) or {@code inbound} (the peer did), as {@code outbound} says
 * @param since      when this link came up (not when the node started)
 * @param reconnects how many times a link to this peer came up again after the first, since the node started; a
 *                   link the peer made for an errand and closed (an enrolment with this settler node) does not
 *                   count, so a spoke that enrolled and then linked for good shows 0
 */
public record PeerView(PublicKey id, String address, boolean outbound, String direction, Instant since,
        int reconnects) {

    public PeerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(since, "since");
        if (!direction.equals(direction(outbound))) {
            throw new IllegalArgumentException("direction " + direction + " disagrees with outbound=" + outbound);
        }
        if (reconnects < 0) {
            throw new IllegalArgumentException("reconnects must not be negative");
        }
    }

    /** A view whose direction follows {@code outbound}. */
    public PeerView(PublicKey id, String address, boolean outbound, Instant since, int reconnects) {
        this(id, address, outbound, direction(outbound), since, reconnects);
    }

    private static String direction(boolean outbound) {
        return outbound ? "outbound" : "inbound";
    }
}
