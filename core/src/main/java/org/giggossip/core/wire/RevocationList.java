package org.giggossip.core.wire;

import java.util.Objects;

/**
 * A signed, versioned revocation list published by an authority (seed 000,
 * section 3.2): a {@link RevocationListBody} and the authority's BIP 340
 * signature over {@code Sha256.tagged(Tags.REVOCATION_LIST, body)}. Keeps the
 * exact signed body bytes. A decoded list is well-formed, not yet verified:
 * see {@code org.giggossip.core.cert.TrustStore}.
 */
public final class RevocationList extends Signed<RevocationListBody> {

    private RevocationList(RevocationListBody body, byte[] bodyBytes, byte[] signature) {
        super(body, bodyBytes, signature);
    }

    /** Serializes {@code body} once and signs those bytes; the signer must be the body's authority. */
    public static RevocationList sign(RevocationListBody body, Signer authority) {
        Objects.requireNonNull(body, "body");
        if (!authority.publicKey().equals(body.authority())) {
            throw new IllegalArgumentException("the signer is not the list's authority");
        }
        byte[] bytes = body.encode();
        return new RevocationList(body, bytes, Wire.requireExact(
                authority.signTagged(Tags.REVOCATION_LIST, bytes), WireLimits.SIGNATURE_BYTES, "signature"));
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_REVOCATION_LIST_BYTES}); never throws. */
    public static Decoded<RevocationList> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_REVOCATION_LIST_BYTES, "revocation list", b -> read(
                Wire.parse(org.giggossip.core.wire.proto.RevocationList.parser(), b,
                        WireLimits.MAX_REVOCATION_LIST_BYTES, "revocation list")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<RevocationList> fromProto(org.giggossip.core.wire.proto.RevocationList proto) {
        return Wire.convert(proto, "revocation list", RevocationList::read);
    }

    static RevocationList read(org.giggossip.core.wire.proto.RevocationList p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        byte[] sig = Wire.exact(p.getSignature(), WireLimits.SIGNATURE_BYTES, "revocation_list.signature");
        var parsed = Wire.parse(org.giggossip.core.wire.proto.RevocationListBody.parser(), p.getBody(),
                WireLimits.MAX_REVOCATION_LIST_BODY_BYTES, "revocation_list.body");
        return new RevocationList(RevocationListBody.read(parsed), p.getBody().toByteArray(), sig);
    }

    @Override
    public org.giggossip.core.wire.proto.RevocationList toProto() {
        return org.giggossip.core.wire.proto.RevocationList.newBuilder()
                .setBody(bodyField())
                .setSignature(signatureField())
                .build();
    }

    @Override
    public String toString() {
        return "RevocationList[authority=" + body().authority() + ", version=" + Long.toUnsignedString(body().version())
                + ", revoked=" + body().revoked().size() + "]";
    }
}
