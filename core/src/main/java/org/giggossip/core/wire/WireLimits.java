package org.giggossip.core.wire;

import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.Geohash;

/**
 * Every size limit of the wire format in one place (seed 000, section 3;
 * {@code core/src/main/proto/giggossip.proto}). Decoders check an input against
 * the maximum of its type before parsing it, and every value a constructor
 * accepts encodes within these limits (a test builds the largest value of each
 * type to prove it).
 *
 * <p>Fixed sizes are exact; the {@code MAX_*_BYTES} of a message is a bound on
 * its whole serialized form, computed from the bounds of its fields plus a
 * margin for tags and length prefixes (at most 4 bytes a field).
 */
public final class WireLimits {
    private WireLimits() {}

    /** Ask ids and payload ids (3.3): 16 random bytes. */
    public static final int ID_BYTES = 16;
    /** x-only secp256k1 public keys (BIP 340): node ids, subjects, authorities. */
    public static final int KEY_BYTES = 32;
    /** SHA-256 digests: payment hashes, certificate ids, content hashes. */
    public static final int HASH_BYTES = 32;
    /** BIP 340 Schnorr signatures. */
    public static final int SIGNATURE_BYTES = 64;
    /** Proof-of-work targets (3.4): a 256-bit big-endian number. */
    public static final int POW_TARGET_BYTES = 32;
    /** Proof-of-work scheme names (3.4), e.g. {@code "sha256"}: 1 to 16 bytes of [a-z0-9-]. */
    public static final int MAX_POW_SCHEME_BYTES = 16;

    /** The largest amount: 21 million bitcoin in millisatoshi. */
    public static final long MAX_MSAT = 21_000_000L * 100_000_000L * 1_000L;

    /** Certificate properties (3.2): at most this many. */
    public static final int MAX_PROPERTIES = 16;
    /** A property name: 1 to 64 bytes of [a-z0-9_.-]. */
    public static final int MAX_PROPERTY_NAME_BYTES = 64;
    /** A property value: 0 to 256 UTF-8 bytes. */
    public static final int MAX_PROPERTY_VALUE_BYTES = 256;
    /** The authority URI of a certificate: 0 to 256 bytes of printable ASCII. */
    public static final int MAX_AUTHORITY_URI_BYTES = 256;
    /** A serialized CertificateBody (3.2). */
    public static final int MAX_CERTIFICATE_BODY_BYTES = 8192;
    /** A serialized Certificate: body and signature. */
    public static final int MAX_CERTIFICATE_BYTES = MAX_CERTIFICATE_BODY_BYTES + SIGNATURE_BYTES + 64;

    /** Revoked certificate ids in one revocation list (3.2). */
    public static final int MAX_REVOKED_CERTIFICATES = 10_000;
    /** A serialized RevocationListBody: 35 bytes an entry (tag, length, id) plus the header. */
    public static final int MAX_REVOCATION_LIST_BODY_BYTES = 128 + MAX_REVOKED_CERTIFICATES * (HASH_BYTES + 3);
    /** A serialized RevocationList: body and signature. */
    public static final int MAX_REVOCATION_LIST_BYTES = MAX_REVOCATION_LIST_BODY_BYTES + SIGNATURE_BYTES + 64;

    /** A serialized Topic (3.1): the largest application topic or taxi topic. */
    public static final int MAX_TOPIC_BYTES =
            64 + Math.max(ApplicationTopic.MAX_KIND_BYTES + ApplicationTopic.MAX_DATA_BYTES,
                    2 * Geohash.MAX_PRECISION + 32);
    /** A serialized RequestPayload (3.3): payload id, topic and sender certificate. */
    public static final int MAX_REQUEST_PAYLOAD_BYTES = 64 + MAX_TOPIC_BYTES + MAX_CERTIFICATE_BYTES;
    /** A serialized SignedRequestPayload (3.3). */
    public static final int MAX_SIGNED_REQUEST_PAYLOAD_BYTES = MAX_REQUEST_PAYLOAD_BYTES + SIGNATURE_BYTES + 64;
    /** A serialized AskForBroadcastFrame (3.3). */
    public static final int MAX_ASK_FOR_BROADCAST_FRAME_BYTES = MAX_SIGNED_REQUEST_PAYLOAD_BYTES + 64;

    /** A serialized POWBroadcastConditionsFrame (3.6): ids, times, a work request. */
    public static final int MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES = 256;
    /** The text of an AskDeclinedFrame: 0 to 256 UTF-8 bytes. */
    public static final int MAX_DECLINE_TEXT_BYTES = 256;
    /** A serialized AskDeclinedFrame. */
    public static final int MAX_ASK_DECLINED_FRAME_BYTES = MAX_DECLINE_TEXT_BYTES + 64;

    /**
     * An onion (3.5), backward or forward: opaque bytes here. The onion is to be
     * fixed-size (its own package defines the layout); this is the wire's bound.
     */
    public static final int MAX_ONION_BYTES = 8192;
    /** A serialized BroadcastPayload (3.6): signed request, onion, timestamp. */
    public static final int MAX_BROADCAST_PAYLOAD_BYTES = MAX_SIGNED_REQUEST_PAYLOAD_BYTES + MAX_ONION_BYTES + 64;
    /** A serialized POWBroadcastFrame (3.6). */
    public static final int MAX_POW_BROADCAST_FRAME_BYTES = MAX_BROADCAST_PAYLOAD_BYTES + 128;

    /** A BOLT 11 payment request (3.9): 1 to 2048 ASCII letters and digits. */
    public static final int MAX_INVOICE_BYTES = 2048;
    /** The encrypted reply message sealed to the sender (3.9): 1 to 4096 bytes. */
    public static final int MAX_REPLY_MESSAGE_BYTES = 4096;
    /** A serialized ReplyPayload (3.9). */
    public static final int MAX_REPLY_PAYLOAD_BYTES =
            MAX_CERTIFICATE_BYTES + MAX_SIGNED_REQUEST_PAYLOAD_BYTES + MAX_REPLY_MESSAGE_BYTES + MAX_INVOICE_BYTES + 64;
    /** What the settler's encryption may add to a ReplyPayload (nonce, tag, header). */
    public static final int MAX_ENCRYPTION_OVERHEAD_BYTES = 64;
    /** The encrypted ReplyPayload carried by a ReplyFrame (3.9): 1 to this many bytes. */
    public static final int MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES = MAX_REPLY_PAYLOAD_BYTES + MAX_ENCRYPTION_OVERHEAD_BYTES;
    /** A serialized SettlementPromiseBody (3.9): two certificates, three hashes, amounts, expiry, job invoice. */
    public static final int MAX_SETTLEMENT_PROMISE_BODY_BYTES = 2 * MAX_CERTIFICATE_BYTES + MAX_INVOICE_BYTES + 256;
    /** A serialized SettlementPromise. */
    public static final int MAX_SETTLEMENT_PROMISE_BYTES = MAX_SETTLEMENT_PROMISE_BODY_BYTES + SIGNATURE_BYTES + 64;
    /** A serialized ReplyFrame (3.9, Figure 13). */
    public static final int MAX_REPLY_FRAME_BYTES = MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES + MAX_SETTLEMENT_PROMISE_BYTES
            + MAX_ONION_BYTES + MAX_INVOICE_BYTES + 64;

    /** A serialized Frame envelope: the largest frame plus its tag and length. */
    public static final int MAX_FRAME_BYTES = 8 + Math.max(Math.max(MAX_ASK_FOR_BROADCAST_FRAME_BYTES,
                    MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES), Math.max(Math.max(MAX_ASK_DECLINED_FRAME_BYTES,
                    MAX_POW_BROADCAST_FRAME_BYTES), MAX_REPLY_FRAME_BYTES));

    /**
     * Nesting depth allowed to the protobuf parser (its default is 100). The
     * schema is not recursive and nests at most 3 deep within one parse (signed
     * bodies are parsed separately); a test checks this against the descriptors.
     */
    public static final int MAX_PROTO_DEPTH = 8;
}
