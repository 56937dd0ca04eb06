package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.PayloadId;

/**
 * A job received from the network, as a worker sees it.
 *
 * @param state {@code NEW} (may be answered), {@code REPLIED}, {@code PAID} (the customer's payment is
 *              locked), {@code DISPUTED} (the customer disputes it: the settler holds the payment and the
 *              worker may answer), {@code SETTLED}, {@code CANCELLED}, {@code FAILED}
 */
public record WorkView(PayloadId id, Topic topic, Instant received, String state) {}
