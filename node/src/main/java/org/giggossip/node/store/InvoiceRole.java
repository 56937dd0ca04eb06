package org.giggossip.node.store;

/** Which side of an invoice this node is on. */
public enum InvoiceRole {
    /** We issued it and are paid through it (as worker, middleman or settler-facing hop). */
    ISSUED,
    /** We pay it (as customer, or as a middleman paying the next hop's invoice). */
    PAID
}
