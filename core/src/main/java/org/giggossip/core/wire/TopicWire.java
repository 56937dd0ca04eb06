package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.Geohash;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * Maps {@link Topic}s (seed 000, section 3.1) to and from the wire. The topic
 * types check their own invariants; their {@link IllegalArgumentException}
 * becomes a decoding error here.
 */
final class TopicWire {
    private TopicWire() {}

    static org.giggossip.core.wire.proto.Topic toProto(Topic topic) {
        var b = org.giggossip.core.wire.proto.Topic.newBuilder();
        switch (topic) {
            case TaxiTopic t -> b.setTaxi(org.giggossip.core.wire.proto.TaxiTopic.newBuilder()
                    .setFromGeohash(t.fromGeohash())
                    .setToGeohash(t.toGeohash())
                    .setPickupAfter(t.pickupAfter().toEpochMilli())
                    .setPickupBefore(t.pickupBefore().toEpochMilli()));
            case ApplicationTopic a -> b.setApplication(org.giggossip.core.wire.proto.ApplicationTopic.newBuilder()
                    .setKind(a.kind())
                    .setData(ByteString.copyFrom(a.data())));
        }
        return b.build();
    }

    static Topic read(org.giggossip.core.wire.proto.Topic p) throws WireException {
        return switch (p.getKindCase()) {
            case TAXI -> readTaxi(p.getTaxi());
            case APPLICATION -> readApplication(p.getApplication());
            case KIND_NOT_SET -> throw new WireException(Reason.MISSING_FIELD, "topic: no kind is set");
        };
    }

    private static Topic readTaxi(org.giggossip.core.wire.proto.TaxiTopic p) throws WireException {
        String from = Wire.text(p.getFromGeohashBytes(), 1, Geohash.MAX_PRECISION, "taxi.from_geohash");
        String to = Wire.text(p.getToGeohashBytes(), 1, Geohash.MAX_PRECISION, "taxi.to_geohash");
        var after = Wire.time(p.getPickupAfter(), "taxi.pickup_after");
        var before = Wire.time(p.getPickupBefore(), "taxi.pickup_before");
        try {
            return new TaxiTopic(from, to, after, before);
        } catch (IllegalArgumentException e) {
            throw new WireException(Reason.INVALID_VALUE, "taxi topic: " + e.getMessage());
        }
    }

    private static Topic readApplication(org.giggossip.core.wire.proto.ApplicationTopic p) throws WireException {
        String kind = Wire.text(p.getKindBytes(), 1, ApplicationTopic.MAX_KIND_BYTES, "application.kind");
        byte[] data = Wire.bounded(p.getData(), 0, ApplicationTopic.MAX_DATA_BYTES, "application.data");
        try {
            return new ApplicationTopic(kind, data);
        } catch (IllegalArgumentException e) {
            throw new WireException(Reason.INVALID_VALUE, "application topic: " + e.getMessage());
        }
    }

    /**
     * The topic as it will read after a trip over the wire: times truncated to
     * milliseconds and checked to be representable; strings checked to encode
     * exactly. Throws {@link IllegalArgumentException} otherwise.
     */
    static Topic canonical(Topic topic) {
        return switch (topic) {
            case TaxiTopic t -> new TaxiTopic(t.fromGeohash(), t.toGeohash(),
                    Wire.requireTime(t.pickupAfter(), "pickup_after"),
                    Wire.requireTime(t.pickupBefore(), "pickup_before"));
            case ApplicationTopic a -> {
                Wire.requireText(a.kind(), 1, ApplicationTopic.MAX_KIND_BYTES, "application.kind");
                yield a;
            }
        };
    }
}
