package org.giggossip.core.wire;

/**
 * The id of a certificate (seed 000, section 3.2), as listed in revocation
 * lists: {@code Sha256.tagged("giggossip/v1/certificate-id", body)} over the
 * exact signed body bytes, 32 bytes.
 */
public final class CertificateId extends FixedBytes {
    /** Bytes in the id. */
    public static final int SIZE = WireLimits.HASH_BYTES;

    private CertificateId(byte[] bytes) {
        super(bytes, SIZE, "certificate id");
    }

    /** Wraps {@value #SIZE} bytes; throws {@link IllegalArgumentException} for any other length. */
    public static CertificateId of(byte[] bytes) {
        return new CertificateId(bytes);
    }
}
