package org.giggossip.net.link;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * One link up now, as an operator sees it ({@code gg peers}).
 *
 * @param peer       the peer's identity
 * @param remote     the peer's address as seen on the link (for an inbound link, its source port)
 * @param outbound   true when this node dialled the link
 * @param since      when this link came up (a link that replaced a duplicate keeps the time the peer came up)
 * @param reconnects how many times a link to this peer came up again after the first, since this node started (a link the
 *                   peer made for an errand and closed, an enrolment with a settler node, does not count:
 *                   see {@code Links.errand})
 */
public record LinkInfo(PublicKey peer, InetSocketAddress remote, boolean outbound, Instant since, int reconnects) {
    public LinkInfo {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(since, "since");
        if (reconnects < 0) {
            throw new IllegalArgumentException("reconnects must not be negative");
        }
    }
}
