package org.giggossip.core.settler;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When a settler settles its network invoice, which starts the settlement of the whole network chain
 * (docs/settler.md, "Network settlement: on reveal or on job done"; seed 000, table 2 "Silent", 4.2).
 */
public enum NetworkSettlement {
    /** As soon as both invoices are accepted: every hop is paid before any service. */
    ON_REVEAL,
    /**
     * Once the job is done (confirmed, or its dispute window or deadline ends for the worker); the network
     * preimage goes to the customer alone at the reveal, and a dispute resolved for the customer cancels
     * the network invoice, refunding the whole chain.
     */
    ON_JOB_DONE;

    /** The name in {@code gg settler}'s file: {@code on_reveal} or {@code on_job_done}. */
    public String iniName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code name} in {@code gg settler}'s file, if any. */
    public static Optional<NetworkSettlement> parse(String name) {
        return Arrays.stream(values()).filter(v -> v.iniName().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
