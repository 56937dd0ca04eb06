package org.giggossip.node.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.PayloadId;

/**
 * A job of ours as the customer sees it.
 *
 * @param state  one of {@code OPEN} (collecting offers, or choosing again after a payment failed),
 *               {@code PAYING}, {@code PAID}, {@code OPENED} (reply read), {@code SETTLED}, {@code DISPUTED},
 *               {@code EXPIRED}, {@code REFUNDED} (the job payment came back unsettled)
 * @param chosen the offer we took, if any
 * @param worker the worker's key, once the reply is opened
 * @param reply  the worker's message, once the reply is opened
 * @param reason why the job ended without a paid offer or was refunded, or that the last payment failed
 */
public record JobView(PayloadId id, Topic topic, Instant posted, String state, List<OfferView> offers,
        Optional<Integer> chosen, Optional<PublicKey> worker, Optional<byte[]> reply, Optional<String> reason) {
    public JobView {
        offers = List.copyOf(offers);
        reply = reply.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> reply() {
        return reply.map(byte[]::clone);
    }
}
