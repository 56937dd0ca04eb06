package org.giggossip.node.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.wire.PayloadId;

/**
 * A job as the node store holds it.
 *
 * @param payloadId the request's payload id (seed 000, 3.3)
 * @param role      customer or worker
 * @param state     its progress
 * @param topic     the topic as encoded on the wire (copied in and out)
 * @param createdAt when it was stored
 * @param updatedAt when its state last changed
 */
public record StoredJob(PayloadId payloadId, JobRole role, JobState state, byte[] topic, Instant createdAt,
                        Instant updatedAt) {
    /** Checks for nulls and copies the topic. */
    public StoredJob {
        Objects.requireNonNull(payloadId, "payloadId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        topic = topic.clone();
    }

    /** A copy of the topic bytes. */
    @Override
    public byte[] topic() {
        return topic.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredJob j && payloadId.equals(j.payloadId) && role == j.role && state == j.state
                && Arrays.equals(topic, j.topic) && createdAt.equals(j.createdAt) && updatedAt.equals(j.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadId, role, state, Arrays.hashCode(topic), createdAt, updatedAt);
    }
}
