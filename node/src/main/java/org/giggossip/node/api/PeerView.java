package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;

/**
 * @param id       the peer's identity
 * @param address  its {@code host:port} as seen on the link
 * @param outbound true when we dialled it
 * @param since    when the link was admitted
 */
public record PeerView(PublicKey id, String address, boolean outbound, Instant since) {}
