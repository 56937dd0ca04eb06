package org.giggossip.core.wire;

import java.util.Objects;
import org.giggossip.core.crypto.Sha256;

/**
 * A settler's signed promise about a reply (seed 000, section 3.9): a
 * {@link SettlementPromiseBody} and the BIP 340 signature of the settler
 * certificate's subject key over {@code Sha256.tagged(Tags.SETTLEMENT_PROMISE, body)}.
 * Keeps the exact signed body bytes. Every middleman checks it on the way back
 * (see {@code org.giggossip.core.cert.CertificateValidator}).
 */
public final class SettlementPromise extends Signed<SettlementPromiseBody> {

    private SettlementPromise(SettlementPromiseBody body, byte[] bodyBytes, byte[] signature) {
        super(body, bodyBytes, signature);
    }

    /** Serializes {@code body} once and signs those bytes; the signer must be the settler certificate's subject. */
    public static SettlementPromise sign(SettlementPromiseBody body, Signer settler) {
        Objects.requireNonNull(body, "body");
        if (!settler.publicKey().equals(body.settlerCertificate().subject())) {
            throw new IllegalArgumentException("the signer is not the subject of the settler certificate");
        }
        byte[] bytes = body.encode();
        return new SettlementPromise(body, bytes, Wire.requireExact(
                settler.signTagged(Tags.SETTLEMENT_PROMISE, bytes), WireLimits.SIGNATURE_BYTES, "signature"));
    }

    /**
     * The hash a promise names for an encrypted reply payload:
     * {@code Sha256.tagged(Tags.ENCRYPTED_REPLY_PAYLOAD, bytes)}.
     */
    public static Hash32 hashOfEncryptedReplyPayload(byte[] encryptedReplyPayload) {
        return Hash32.of(Sha256.tagged(Tags.ENCRYPTED_REPLY_PAYLOAD, encryptedReplyPayload));
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_SETTLEMENT_PROMISE_BYTES}); never throws. */
    public static Decoded<SettlementPromise> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_SETTLEMENT_PROMISE_BYTES, "settlement promise", b -> read(
                Wire.parse(org.giggossip.core.wire.proto.SettlementPromise.parser(), b,
                        WireLimits.MAX_SETTLEMENT_PROMISE_BYTES, "settlement promise")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<SettlementPromise> fromProto(org.giggossip.core.wire.proto.SettlementPromise proto) {
        return Wire.convert(proto, "settlement promise", SettlementPromise::read);
    }

    static SettlementPromise read(org.giggossip.core.wire.proto.SettlementPromise p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        byte[] sig = Wire.exact(p.getSignature(), WireLimits.SIGNATURE_BYTES, "settlement_promise.signature");
        var parsed = Wire.parse(org.giggossip.core.wire.proto.SettlementPromiseBody.parser(), p.getBody(),
                WireLimits.MAX_SETTLEMENT_PROMISE_BODY_BYTES, "settlement_promise.body");
        return new SettlementPromise(SettlementPromiseBody.read(parsed), p.getBody().toByteArray(), sig);
    }

    @Override
    public org.giggossip.core.wire.proto.SettlementPromise toProto() {
        return org.giggossip.core.wire.proto.SettlementPromise.newBuilder()
                .setBody(bodyField())
                .setSignature(signatureField())
                .build();
    }

    @Override
    public String toString() {
        return "SettlementPromise[" + body() + "]";
    }
}
