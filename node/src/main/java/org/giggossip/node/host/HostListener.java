package org.giggossip.node.host;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;

/**
 * What a host tells its observers: the engine's application events and the
 * host's own trace (frames on the links, proofs of work solved). Called on the
 * node's event loop: return quickly, never call back into the host.
 */
public interface HostListener {

    /** The engine said {@code event} at {@code at}. */
    default void event(PublicKey node, Instant at, AppEvent event) {}

    /** The host did something worth a line in a timeline. */
    default void trace(PublicKey node, Instant at, HostTrace trace) {}
}
