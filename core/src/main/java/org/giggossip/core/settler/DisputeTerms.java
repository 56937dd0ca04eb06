package org.giggossip.core.settler;

import java.time.Duration;
import java.util.Objects;
import org.giggossip.core.wire.DisputeOutcome;

/**
 * What a settler states to a replier before it makes its job invoice (docs/settler.md,
 * "Dispute window and invoice lifetimes"): from the seal, the network
 * invoice lives {@code invoiceTtl}; once the network payment settles, the customer has
 * {@code disputeWindow} to dispute; an open dispute waits {@code disputeDeadline} for the
 * administrator, then {@code disputeDefault} applies. The settler has released or cancelled
 * the job payment by {@link #span()} after the seal; the job invoice must outlive that.
 *
 * @param invoiceTtl      lifetime of the network invoice and of the promise; positive
 * @param disputeWindow   not negative
 * @param disputeDeadline positive
 * @param disputeDefault  the outcome of a dispute not ruled on by its deadline
 */
public record DisputeTerms(Duration invoiceTtl, Duration disputeWindow, Duration disputeDeadline,
        DisputeOutcome disputeDefault) {

    /**
     * The least a job invoice outlives the settler's last moment ({@code settle by}): the time the
     * worker has to settle it once the job preimage is released. The settler refuses to seal, and a
     * customer refuses an offer, whose job invoice expires earlier.
     */
    public static final Duration SETTLE_MARGIN = Duration.ofMinutes(10);

    /** No term is longer (some 73 million years: beyond any sane setting), so that sums never overflow. */
    static final Duration MAX_TERM = Duration.ofMillis(Long.MAX_VALUE / 4);

    public DisputeTerms {
        Objects.requireNonNull(disputeDefault, "disputeDefault");
        for (Duration d : new Duration[] {invoiceTtl, disputeWindow, disputeDeadline}) {
            // bounded so that span() cannot overflow, whatever a settler sends
            if (d == null || d.isNegative() || d.compareTo(MAX_TERM) > 0) {
                throw new IllegalArgumentException("a term outside [0, " + MAX_TERM.toDays() + " days]: " + d);
            }
        }
        if (invoiceTtl.isZero() || disputeDeadline.isZero()) {
            throw new IllegalArgumentException("the invoice lifetime and the dispute deadline must be positive");
        }
    }

    /** The terms of {@code config}. */
    public static DisputeTerms of(SettlerConfig config) {
        return new DisputeTerms(config.invoiceTtl(), config.disputeWindow(), config.disputeDeadline(),
                config.disputeDefault());
    }

    /** From the seal to the last moment the settler releases or cancels the job payment. */
    public Duration span() {
        return invoiceTtl.plus(disputeWindow).plus(disputeDeadline);
    }

    /** The protobuf message of these terms (service.proto). */
    public org.giggossip.core.wire.proto.DisputeTerms toProto() {
        return org.giggossip.core.wire.proto.DisputeTerms.newBuilder().setInvoiceTtlMs(invoiceTtl.toMillis())
                .setDisputeWindowMs(disputeWindow.toMillis()).setDisputeDeadlineMs(disputeDeadline.toMillis())
                .setDisputeDefault(switch (disputeDefault) {
                    case PAY_WORKER -> org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_PAY_WORKER;
                    case REFUND_CUSTOMER ->
                        org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_REFUND_CUSTOMER;
                }).build();
    }

    /**
     * Terms read from untrusted bytes.
     *
     * @throws IllegalArgumentException if a duration is out of range or the outcome is not one this build knows
     */
    public static DisputeTerms fromProto(org.giggossip.core.wire.proto.DisputeTerms p) {
        DisputeOutcome outcome = switch (p.getDisputeDefault()) {
            case DISPUTE_OUTCOME_PAY_WORKER -> DisputeOutcome.PAY_WORKER;
            case DISPUTE_OUTCOME_REFUND_CUSTOMER -> DisputeOutcome.REFUND_CUSTOMER;
            case DISPUTE_OUTCOME_UNSTATED, UNRECOGNIZED ->
                throw new IllegalArgumentException("dispute_default " + p.getDisputeDefaultValue() + " is not known");
        };
        return new DisputeTerms(millis(p.getInvoiceTtlMs()), millis(p.getDisputeWindowMs()),
                millis(p.getDisputeDeadlineMs()), outcome);
    }

    private static Duration millis(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("a duration of at least 2^63 ms");
        }
        return Duration.ofMillis(ms);
    }
}
