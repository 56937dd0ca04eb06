package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;

/**
 * @param id          the node's identity (x-only public key)
 * @param listen      the {@code host:port} it accepts peers on, or empty when it does not listen
 * @param peers       links up now
 * @param balanceMsat spendable wallet balance
 * @param version     the software version
 * @param started     when the node started
 */
public record NodeStatus(PublicKey id, String listen, int peers, long balanceMsat, String version, Instant started) {}
