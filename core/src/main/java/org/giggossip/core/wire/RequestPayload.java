package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.giggossip.core.topic.Topic;

/**
 * What a sender asks the network to broadcast (seed 000, section 3.3, Figure 5):
 * the signed content of a {@link SignedRequestPayload}.
 *
 * @param payloadId         unique id of the request, chosen at random by the sender
 * @param topic             the job proposal (3.1); its times are truncated to milliseconds
 * @param senderCertificate the sender's certificate; its subject key signs the payload
 */
public record RequestPayload(PayloadId payloadId, Topic topic, Certificate senderCertificate) {

    public RequestPayload {
        Objects.requireNonNull(payloadId, "payloadId");
        Objects.requireNonNull(senderCertificate, "senderCertificate");
        topic = TopicWire.canonical(Objects.requireNonNull(topic, "topic"));
    }

    /** The protobuf message of this value (giggossip.proto). */
    public org.giggossip.core.wire.proto.RequestPayload toProto() {
        return org.giggossip.core.wire.proto.RequestPayload.newBuilder()
                .setPayloadId(ByteString.copyFrom(payloadId.view()))
                .setTopic(TopicWire.toProto(topic))
                .setSenderCertificate(senderCertificate.toProto())
                .build();
    }

    /** The serialized payload: the bytes the sender signs. */
    public byte[] encode() {
        return toProto().toByteArray();
    }

    static RequestPayload read(org.giggossip.core.wire.proto.RequestPayload p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        PayloadId id = PayloadId.of(Wire.exact(p.getPayloadId(), PayloadId.SIZE, "request_payload.payload_id"));
        Wire.present(p.hasTopic(), "request_payload.topic");
        Wire.present(p.hasSenderCertificate(), "request_payload.sender_certificate");
        return new RequestPayload(id, TopicWire.read(p.getTopic()), Certificate.read(p.getSenderCertificate()));
    }
}
