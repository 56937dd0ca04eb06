package org.giggossip.node.store;

/** This node's part in a job. */
public enum JobRole {
    /** We broadcast it and collect offers. */
    CUSTOMER,
    /** We received it and replied with an offer. */
    WORKER
}
