package org.giggossip.node.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.PayloadId;

/**
 * A job of ours as the customer sees it.
 *
 * @param state    one of {@code OPEN} (collecting offers, or choosing again after a payment failed; nothing
 *                 is paid until the customer accepts an offer or the node's auto_choose policy takes one),
 *                 {@code PAYING}, {@code PAID}, {@code OPENED} (reply read), {@code SETTLED} (the job payment
 *                 was released to the worker), {@code DISPUTED} (the settler holds it), {@code RESOLVED} (a
 *                 disputed job whose payment ended: {@code outcome} says how), {@code EXPIRED} (no offer was
 *                 paid), {@code REFUNDED} (the job payment came back unsettled without a dispute),
 *                 {@code CANCELLED} (the customer withdrew it before paying an offer, {@code gg job cancel})
 * @param chosen   the offer we took, if any
 * @param chosenBy who took it: {@code customer} (the app, {@code gg job accept}) or {@code policy} (the
 *                 node's {@code [customer] auto_choose} when the offer window closed)
 * @param chosenAt when it was taken
 * @param worker   the worker's key, once the reply is opened
 * @param reply    the worker's message, once the reply is opened
 * @param reason   why the job ended without a paid offer, was cancelled or refunded, or that the last payment
 *                 failed; for a disputed job, our dispute reason, then once resolved the settler's reason (the
 *                 administrator's words when {@code decidedBy} is {@code admin})
 * @param outcome  what became of the job payment once it ended: {@code released} (to the worker) or
 *                 {@code refunded} (to us)
 * @param workerProperties what the worker's certificate certifies (e.g. {@code driving_licence=valid}), once
 *                 the reply is opened (each offer shows its worker's before: {@link OfferView#workerProperties})
 * @param decidedBy who ended a dispute: {@code admin} (the settler's administrator ruled),
 *                 {@code customer_withdrew} (we confirmed the job while disputed) or {@code default} (no
 *                 administrator ruled by the dispute deadline: the settler's stated default outcome); empty
 *                 for a job never disputed or not resolved yet
 */
public record JobView(PayloadId id, Topic topic, Instant posted, String state, List<OfferView> offers,
        Optional<Integer> chosen, Optional<String> chosenBy, Optional<Instant> chosenAt, Optional<PublicKey> worker,
        Optional<byte[]> reply, Optional<String> reason, Optional<String> outcome,
        Map<String, String> workerProperties, Optional<String> decidedBy) {
    public JobView {
        offers = List.copyOf(offers);
        reply = reply.map(byte[]::clone);
        workerProperties = Collections.unmodifiableSortedMap(new TreeMap<>(workerProperties));
    }

    /** A job never disputed whose reply is not opened, or whose worker's certificate certifies no property. */
    public JobView(PayloadId id, Topic topic, Instant posted, String state, List<OfferView> offers,
            Optional<Integer> chosen, Optional<String> chosenBy, Optional<Instant> chosenAt,
            Optional<PublicKey> worker, Optional<byte[]> reply, Optional<String> reason, Optional<String> outcome) {
        this(id, topic, posted, state, offers, chosen, chosenBy, chosenAt, worker, reply, reason, outcome, Map.of(),
                Optional.empty());
    }

    @Override
    public Optional<byte[]> reply() {
        return reply.map(byte[]::clone);
    }
}
