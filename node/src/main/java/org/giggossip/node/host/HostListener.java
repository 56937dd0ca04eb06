package org.giggossip.node.host;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;

/**
 * What a host tells its observers: the engine's application events and the
 * host's own trace (frames on the links, proofs of work solved). Called on the
 * node's event loop: return quickly, never call back into the host.
 */
public interface HostListener {

    /** The engine said {@code event} at {@code at}. */
    default void event(PublicKey node, Instant at, AppEvent event) {}

    /** The engine asked the wallet for {@code request} (called on the node's loop). */
    default void walletRequest(PublicKey node, Instant at, WalletRequest request) {}

    /** The wallet told the node {@code event} (called on the wallet's thread, before the engine sees it). */
    default void walletEvent(PublicKey node, Instant at, WalletEvent event) {}

    /** The engine asked settler {@code settler} for {@code request} (called on the node's loop). */
    default void settlerRequest(PublicKey node, Instant at, PublicKey settler, SettlerRequest request) {}

    /** A settler answered {@code response} (called on the answering thread, before the engine sees it). */
    default void settlerResponse(PublicKey node, Instant at, SettlerResponse response) {}

    /** The host did something worth a line in a timeline. */
    default void trace(PublicKey node, Instant at, HostTrace trace) {}
}
