package org.giggossip.core.wire;

/**
 * Why a middleman declines an {@link AskForBroadcastFrame} (seed 000, sections
 * 3.1 and 3.6). A code a newer peer sends that this version does not know is
 * read as {@link #OTHER}: the text still explains it.
 */
public enum DeclineReason {
    /** See the text. */
    OTHER,
    /** The node does not broadcast topics of this kind (3.3). */
    TOPIC_NOT_ACCEPTED,
    /** A geohash is more precise than the node accepts (3.1). */
    GEOHASH_TOO_PRECISE,
    /** The payload was already broadcast as often as the node allows (multibroadcast, 3.6). */
    ALREADY_BROADCAST,
    /** The sender's certificate is not accepted: untrusted, expired or revoked (3.2). */
    CERTIFICATE_NOT_ACCEPTED,
    /** The node is too busy now. */
    OVERLOADED;

    org.giggossip.core.wire.proto.DeclineReason toProto() {
        return switch (this) {
            case OTHER -> org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_OTHER;
            case TOPIC_NOT_ACCEPTED -> org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_TOPIC_NOT_ACCEPTED;
            case GEOHASH_TOO_PRECISE -> org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_GEOHASH_TOO_PRECISE;
            case ALREADY_BROADCAST -> org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_ALREADY_BROADCAST;
            case CERTIFICATE_NOT_ACCEPTED ->
                org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_CERTIFICATE_NOT_ACCEPTED;
            case OVERLOADED -> org.giggossip.core.wire.proto.DeclineReason.DECLINE_REASON_OVERLOADED;
        };
    }

    static DeclineReason fromProto(org.giggossip.core.wire.proto.DeclineReason p) {
        return switch (p) {
            case DECLINE_REASON_OTHER, UNRECOGNIZED -> OTHER;
            case DECLINE_REASON_TOPIC_NOT_ACCEPTED -> TOPIC_NOT_ACCEPTED;
            case DECLINE_REASON_GEOHASH_TOO_PRECISE -> GEOHASH_TOO_PRECISE;
            case DECLINE_REASON_ALREADY_BROADCAST -> ALREADY_BROADCAST;
            case DECLINE_REASON_CERTIFICATE_NOT_ACCEPTED -> CERTIFICATE_NOT_ACCEPTED;
            case DECLINE_REASON_OVERLOADED -> OVERLOADED;
        };
    }
}
