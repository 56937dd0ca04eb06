package org.giggossip.core.settler;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Schnorr;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.Tags;

/**
 * A customer's signed statement that its payment of a job invoice is locked (in
 * flight, the funds held by the invoice): the evidence a settler that cannot see
 * the job invoice needs before it reveals (docs/settler.md, "What the settler
 * checks before it reveals"). The signature, by the key of the customer's
 * certificate, is BIP 340 over {@code Sha256.tagged(Tags.JOB_PAYMENT_LOCKED,
 * settler || reply payment hash || amount msat as 8 bytes big-endian)}: bound to
 * one settler, one gig and one amount, so it cannot be replayed for another.
 */
public final class JobPaymentStatement {
    private JobPaymentStatement() {}

    /** The signed bytes. */
    static byte[] body(PublicKey settler, Hash32 replyPaymentHash, long amountMsat) {
        return ByteBuffer.allocate(32 + Hash32.SIZE + 8).put(settler.bytes()).put(replyPaymentHash.bytes())
                .putLong(amountMsat).array();
    }

    /** The customer signs that it locked {@code amountMsat} for the job invoice of {@code replyPaymentHash}. */
    public static SettlerRequest.JobPaymentLocked sign(long callId, PublicKey settler, Hash32 replyPaymentHash,
            long amountMsat, Signer customer) {
        Objects.requireNonNull(customer, "customer");
        byte[] signature = customer.signTagged(Tags.JOB_PAYMENT_LOCKED, body(settler, replyPaymentHash, amountMsat));
        return new SettlerRequest.JobPaymentLocked(callId, replyPaymentHash, amountMsat, signature);
    }

    /** Whether {@code statement} is signed by {@code customer} for {@code settler}. */
    static boolean verify(SettlerRequest.JobPaymentLocked statement, PublicKey settler, PublicKey customer) {
        return Schnorr.verifyTagged(customer, Tags.JOB_PAYMENT_LOCKED,
                body(settler, statement.replyPaymentHash(), statement.amountMsat()), statement.signature());
    }
}
