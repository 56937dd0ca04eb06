package org.giggossip.node.api;

/**
 * @param availableMsat spendable now
 * @param lockedMsat    held in accepted, unsettled incoming invoices (ours once settled)
 */
public record Balance(long availableMsat, long lockedMsat) {}
