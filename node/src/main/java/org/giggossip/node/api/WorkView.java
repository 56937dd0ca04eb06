package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.PayloadId;

/**
 * A job received from the network, as a worker sees it.
 *
 * @param state {@code NEW} (may be answered), {@code REPLIED} (our offer was sent; it may be withdrawn,
 *              {@code gg work withdraw}), {@code PAID} (the customer's payment is locked), {@code DISPUTED} (the
 *              customer disputes it: the settler holds the payment and the worker may answer,
 *              {@code gg work answer-dispute}), {@code SETTLED}, {@code CANCELLED} (our job invoice was cancelled:
 *              the customer took another offer or cancelled the job, we withdrew the offer, or a dispute was
 *              resolved for the customer), {@code FAILED}
 */
public record WorkView(PayloadId id, Topic topic, Instant received, String state) {}
