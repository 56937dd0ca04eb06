package org.giggossip.core.wire;

import java.util.Objects;

/**
 * A {@link RequestPayload} signed by its sender (seed 000, section 3.3): the
 * BIP 340 signature of the sender certificate's subject key over
 * {@code Sha256.tagged(Tags.REQUEST_PAYLOAD, payload)}. It travels unchanged
 * with every broadcast (3.6) and comes back in every reply (3.9), so it keeps
 * the exact payload bytes it was signed or decoded with.
 */
public final class SignedRequestPayload extends Signed<RequestPayload> {

    private SignedRequestPayload(RequestPayload payload, byte[] payloadBytes, byte[] signature) {
        super(payload, payloadBytes, signature);
    }

    /**
     * Serializes {@code payload} once and signs those bytes. The signer must be
     * the subject of the payload's sender certificate.
     */
    public static SignedRequestPayload sign(RequestPayload payload, Signer sender) {
        Objects.requireNonNull(payload, "payload");
        if (!sender.publicKey().equals(payload.senderCertificate().subject())) {
            throw new IllegalArgumentException("the signer is not the subject of the sender certificate");
        }
        byte[] bytes = payload.encode();
        if (bytes.length > WireLimits.MAX_REQUEST_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("request payload is " + bytes.length + " bytes, at most "
                    + WireLimits.MAX_REQUEST_PAYLOAD_BYTES);
        }
        return new SignedRequestPayload(payload, bytes, Wire.requireExact(
                sender.signTagged(Tags.REQUEST_PAYLOAD, bytes), WireLimits.SIGNATURE_BYTES, "signature"));
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_SIGNED_REQUEST_PAYLOAD_BYTES}); never throws. */
    public static Decoded<SignedRequestPayload> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES, "signed request payload", b -> read(
                Wire.parse(org.giggossip.core.wire.proto.SignedRequestPayload.parser(), b,
                        WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES, "signed request payload")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<SignedRequestPayload> fromProto(org.giggossip.core.wire.proto.SignedRequestPayload proto) {
        return Wire.convert(proto, "signed request payload", SignedRequestPayload::read);
    }

    static SignedRequestPayload read(org.giggossip.core.wire.proto.SignedRequestPayload p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        byte[] sig = Wire.exact(p.getSignature(), WireLimits.SIGNATURE_BYTES, "signed_request_payload.signature");
        var parsed = Wire.parse(org.giggossip.core.wire.proto.RequestPayload.parser(), p.getRequestPayload(),
                WireLimits.MAX_REQUEST_PAYLOAD_BYTES, "request_payload");
        return new SignedRequestPayload(RequestPayload.read(parsed), p.getRequestPayload().toByteArray(), sig);
    }

    @Override
    public org.giggossip.core.wire.proto.SignedRequestPayload toProto() {
        return org.giggossip.core.wire.proto.SignedRequestPayload.newBuilder()
                .setRequestPayload(bodyField())
                .setSignature(signatureField())
                .build();
    }

    /** The parsed payload: {@link #body()} under the seed's name. */
    public RequestPayload payload() {
        return body();
    }

    /** Shortcut for {@code payload().payloadId()}. */
    public PayloadId payloadId() {
        return body().payloadId();
    }

    @Override
    public String toString() {
        return "SignedRequestPayload[" + body() + "]";
    }
}
