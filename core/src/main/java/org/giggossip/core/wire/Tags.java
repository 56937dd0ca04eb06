package org.giggossip.core.wire;

/**
 * The BIP 340 tags of every tagged hash of the protocol. Each kind of signed
 * object is hashed under its own tag ({@code Sha256.tagged(tag, body)}), so a
 * signature made for one kind can never be valid for another.
 */
public final class Tags {
    private Tags() {}

    /** Certificate signatures (seed 000, section 3.2). */
    public static final String CERTIFICATE = "giggossip/v1/certificate";
    /** Certificate ids (section 3.2): the hash of the signed body bytes. */
    public static final String CERTIFICATE_ID = "giggossip/v1/certificate-id";
    /** Revocation list signatures (section 3.2). */
    public static final String REVOCATION_LIST = "giggossip/v1/revocation-list";
    /** Request payload signatures by the sender (section 3.3). */
    public static final String REQUEST_PAYLOAD = "giggossip/v1/request-payload";
    /** Settlement promise signatures by the settler (section 3.9). */
    public static final String SETTLEMENT_PROMISE = "giggossip/v1/settlement-promise";
    /** The hash of an encrypted reply payload named in a settlement promise (section 3.9). */
    public static final String ENCRYPTED_REPLY_PAYLOAD = "giggossip/v1/encrypted-reply-payload";
    /** A customer's statement to its settler that its payment of a job invoice is locked (docs/settler.md). */
    public static final String JOB_PAYMENT_LOCKED = "giggossip/v1/job-payment-locked";
}
