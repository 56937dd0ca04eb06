package org.giggossip.core.wire;

/**
 * What a settler checks, besides the replier's own claim, that the customer's job
 * payment is locked before it reveals the network preimage; stated in its
 * {@link SettlementPromiseBody} so the customer's node knows whether it must send
 * its statement (docs/settler.md, "What the settler checks before it reveals").
 */
public enum JobPaymentEvidence {
    /**
     * The settler's wallet sees the job invoice (the embedded ledger, which keeps every
     * account): it looks the invoice up and reveals only if it is ACCEPTED for the promised amount.
     */
    LEDGER(0),
    /**
     * The settler cannot see the job invoice (LND, separate wallets): the customer signs that its
     * payment of the job invoice is locked, and the settler needs that statement.
     */
    CUSTOMER_STATEMENT(1);

    private final int code;

    JobPaymentEvidence(int code) {
        this.code = code;
    }

    /** The value on the wire ({@code job_payment_evidence}). */
    public int code() {
        return code;
    }

    /** The evidence of a wire value; an unknown value is a {@link WireException}. */
    static JobPaymentEvidence ofCode(int code) throws WireException {
        for (JobPaymentEvidence e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new WireException(DecodeError.Reason.INVALID_VALUE, "unknown job_payment_evidence " + Integer.toUnsignedString(code));
    }
}
