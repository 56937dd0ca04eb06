package org.giggossip.core.wire;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;

/**
 * A certificate issued by a payment settler acting as certification authority
 * (seed 000, section 3.2, Figure 4): a {@link CertificateBody} and the
 * authority's BIP 340 signature over {@code Sha256.tagged(Tags.CERTIFICATE, body)}.
 *
 * <p>It keeps the exact body bytes it was signed or decoded with; the signature
 * and the {@link #id()} are over those bytes, never over a re-serialization. A
 * decoded certificate is well-formed, not yet verified: see
 * {@code org.giggossip.core.cert.CertificateValidator}.
 */
public final class Certificate extends Signed<CertificateBody> {
    private final CertificateId id;

    private Certificate(CertificateBody body, byte[] bodyBytes, byte[] signature) {
        super(body, bodyBytes, signature);
        this.id = CertificateId.of(Sha256.tagged(Tags.CERTIFICATE_ID, bodyBytes));
    }

    /**
     * Serializes {@code body} once and signs those bytes. The signer must be the
     * body's authority; throws {@link IllegalArgumentException} otherwise.
     */
    public static Certificate sign(CertificateBody body, Signer authority) {
        Objects.requireNonNull(body, "body");
        if (!authority.publicKey().equals(body.authority())) {
            throw new IllegalArgumentException("the signer is not the certificate's authority");
        }
        byte[] bytes = body.encode();
        byte[] sig = Wire.requireExact(authority.signTagged(Tags.CERTIFICATE, bytes), WireLimits.SIGNATURE_BYTES,
                "signature");
        return new Certificate(body, bytes, sig);
    }

    /** Decodes untrusted bytes (at most {@link WireLimits#MAX_CERTIFICATE_BYTES}); never throws. */
    public static Decoded<Certificate> decode(byte[] bytes) {
        return Wire.decode(bytes, WireLimits.MAX_CERTIFICATE_BYTES, "certificate", b -> read(
                Wire.parse(org.giggossip.core.wire.proto.Certificate.parser(), b, WireLimits.MAX_CERTIFICATE_BYTES,
                        "certificate")));
    }

    /** Checks a parsed message; never throws. */
    public static Decoded<Certificate> fromProto(org.giggossip.core.wire.proto.Certificate proto) {
        return Wire.convert(proto, "certificate", Certificate::read);
    }

    static Certificate read(org.giggossip.core.wire.proto.Certificate p)
            throws WireException, com.google.protobuf.InvalidProtocolBufferException {
        byte[] sig = Wire.exact(p.getSignature(), WireLimits.SIGNATURE_BYTES, "certificate.signature");
        var parsed = Wire.parse(org.giggossip.core.wire.proto.CertificateBody.parser(), p.getBody(),
                WireLimits.MAX_CERTIFICATE_BODY_BYTES, "certificate.body");
        return new Certificate(CertificateBody.read(parsed), p.getBody().toByteArray(), sig);
    }

    @Override
    public org.giggossip.core.wire.proto.Certificate toProto() {
        return org.giggossip.core.wire.proto.Certificate.newBuilder()
                .setBody(bodyField())
                .setSignature(signatureField())
                .build();
    }

    /** {@code Sha256.tagged(Tags.CERTIFICATE_ID, bodyBytes)}: the id revocation lists name. */
    public CertificateId id() {
        return id;
    }

    /** The certified key. */
    public PublicKey subject() {
        return body().subject();
    }

    /** The issuing authority's key. */
    public PublicKey authority() {
        return body().authority();
    }

    @Override
    public String toString() {
        return "Certificate[id=" + id.hex() + ", " + body() + "]";
    }
}
