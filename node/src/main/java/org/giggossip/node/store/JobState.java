package org.giggossip.node.store;

/** A job's progress as the node store records it; moves only forward. */
public enum JobState {
    /** Broadcast (customer) or replied to (worker); no offer accepted yet. */
    OPEN,
    /** An offer was accepted and paid for; the job is owed. */
    ACCEPTED,
    /** The job payment settled. Final. */
    DONE,
    /** Given up, expired or refunded. Final. */
    CANCELLED
}
