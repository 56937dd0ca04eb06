package org.giggossip.core.engine;

import java.time.Instant;
import java.util.Optional;
import org.giggossip.core.topic.Topic;

/**
 * Decides, for a worker, whether to answer a topic at once and at what price
 * (seed 000, 3.9). A node without a policy only reports topics
 * ({@link AppEvent.TopicReceived}) and replies when its application calls
 * {@code Engine.reply}.
 */
@FunctionalInterface
public interface WorkerPolicy {

    /** The bid for this topic, or empty to let it pass. */
    Optional<Bid> bid(Topic topic, Instant now);

    /** A price and the message sealed to the customer (contact details, ETA). */
    record Bid(long priceMsat, byte[] message) {
        public Bid {
            if (priceMsat <= 0) {
                throw new IllegalArgumentException("price must be positive");
            }
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }
    }

    /** Never bids. */
    WorkerPolicy NONE = (topic, now) -> Optional.empty();
}
