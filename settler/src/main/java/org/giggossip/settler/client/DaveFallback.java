package org.giggossip.settler.client;

import java.util.Optional;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;

/**
 * Where {@link HttpSettlerClient} asks for a revealed preimage when the settler's
 * HTTP endpoint does not answer: in the node daemon, Dave, where the settler also
 * publishes each revealed preimage (docs/dave.md, "Preimages and revocation lists
 * on Dave"). An interface so that the client does not depend on the UDP host.
 */
@FunctionalInterface
public interface DaveFallback {
    /** No fallback: an unreachable settler is a refusal. */
    DaveFallback NONE = paymentHash -> Optional.empty();

    /**
     * The preimage of {@code paymentHash} if it can be found (the client checks it hashes to
     * {@code paymentHash} all the same). May block for a bounded time; called on a virtual
     * thread of the client.
     */
    Optional<Preimage> preimage(Hash32 paymentHash) throws InterruptedException;
}
