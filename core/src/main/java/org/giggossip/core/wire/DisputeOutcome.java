package org.giggossip.core.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a job payment when a dispute is not ruled on by its deadline
 * (docs/settler.md, "Dispute window and invoice lifetimes"). A settler
 * states it in every {@link SettlementPromiseBody}.
 */
public enum DisputeOutcome {
    /** The job preimage is released: the worker is paid. */
    PAY_WORKER,
    /** The worker is told to cancel its job invoice: the customer is refunded. */
    REFUND_CUSTOMER;

    /** The name in configuration files: {@code worker} or {@code customer}. */
    public String configName() {
        return this == PAY_WORKER ? "worker" : "customer";
    }

    /** The outcome named {@code worker} or {@code customer} (any case), if either. */
    public static Optional<DisputeOutcome> ofConfigName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "worker" -> Optional.of(PAY_WORKER);
            case "customer" -> Optional.of(REFUND_CUSTOMER);
            default -> Optional.empty();
        };
    }

    org.giggossip.core.wire.proto.DisputeOutcome toProto() {
        return this == PAY_WORKER ? org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_PAY_WORKER
                : org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_REFUND_CUSTOMER;
    }

    /** The outcome stated, or null for an older promise that states none (or a value this build does not know). */
    static DisputeOutcome fromProto(org.giggossip.core.wire.proto.DisputeOutcome p) {
        return switch (p) {
            case DISPUTE_OUTCOME_PAY_WORKER -> PAY_WORKER;
            case DISPUTE_OUTCOME_REFUND_CUSTOMER -> REFUND_CUSTOMER;
            case DISPUTE_OUTCOME_UNSTATED, UNRECOGNIZED -> null;
        };
    }
}
