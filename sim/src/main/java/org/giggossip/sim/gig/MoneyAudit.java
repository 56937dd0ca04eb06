package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.wire.Hash32;

/**
 * Who gained and who lost what, per node and payment hash, read from the
 * ledger's own events as they happen (parameter {@code audit}); and the checks
 * that no honest node lost money it should not have (seed 000, 3.8 and 3.9):
 * <ul>
 *   <li>a node that issued an invoice for a payment hash (a middleman, a replier, a
 *       worker's job invoice) ends with at least what it paid for that hash, unless
 *       it was offline from before the preimage reached it until too late to settle
 *       its own accepted invoice, which expired (4.2: the documented risk of a hop
 *       offline past its own invoice's expiry); such losses are listed apart, as
 *       excused;</li>
 *   <li>a customer is charged only for the network and job invoices of its own jobs
 *       whose reply it opened;</li>
 *   <li>every millisatoshi a node gained or lost is accounted for by these flows.</li>
 * </ul>
 */
final class MoneyAudit {

    /** What one node did with one payment hash. */
    static final class Flow {
        boolean issued;
        boolean accepted;
        long inMsat;
        long outMsat;
        /** When the node's own accepted invoice expired unsettled, else -1. */
        long expiredAt = -1;
        /** When the node's last payment for this hash settled, else -1. */
        long paidAt = -1;
    }

    private record Key(int node, Hash32 hash) {}

    /** The outcome of {@link #check}: rule violations and excused losses, one line each. */
    record Findings(List<String> violations, List<String> excused) {
        boolean clean() {
            return violations.isEmpty();
        }
    }

    private final Map<Key, Flow> flows = new LinkedHashMap<>();

    /** An event of node {@code node}'s wallet, as the ledger emits it, at virtual time {@code now}. */
    void on(int node, WalletEvent event, long now) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> flow(node, c.paymentHash()).issued = true;
            case WalletEvent.InvoiceAccepted a -> flow(node, a.paymentHash()).accepted = true;
            case WalletEvent.InvoiceSettled s -> flow(node, s.paymentHash()).inMsat += s.amountMsat();
            case WalletEvent.PaymentSettled s -> {
                Flow f = flow(node, s.paymentHash());
                f.outMsat += s.amountMsat();
                f.paidAt = now;
            }
            case WalletEvent.InvoiceCancelled c -> {
                Flow f = flow(node, c.paymentHash());
                if (f.accepted && c.reason().equals(Ledger.EXPIRED)) {
                    f.expiredAt = now;
                }
            }
            case WalletEvent.PaymentAccepted a -> { }
            case WalletEvent.PaymentFailed f -> { }
            case WalletEvent.CallFailed f -> { }
            case WalletEvent.InvoiceLookedUp l -> { } // moves no money
        }
    }

    private Flow flow(int node, Hash32 hash) {
        return flows.computeIfAbsent(new Key(node, hash), k -> new Flow());
    }

    /** Checks the rules above on a finished run whose payments have all ended. */
    Findings check(World w) {
        List<String> violations = new ArrayList<>();
        List<String> excused = new ArrayList<>();
        long initial = w.params.longValue("balance_sat") * 1000;
        long[] net = new long[w.n];
        Set<Integer> customers = new HashSet<>();
        Map<Hash32, Metrics.Job> jobOfHash = jobsByHash(w.metrics);
        Map<Metrics.Job, Integer> chargesPerJob = new HashMap<>();
        flows.forEach((key, f) -> {
            int i = key.node();
            long gain = f.inMsat - f.outMsat;
            net[i] += gain;
            String where = "node " + i + " hash " + key.hash().hex().substring(0, 16);
            if (f.issued) {
                if (gain >= 0) {
                    return;
                }
                String loss = where + " lost " + -gain + " msat as a hop (paid " + f.outMsat + ", received "
                        + f.inMsat + ")";
                // Offline from before the preimage reached it (and its Settle could run) until too late to settle.
                if (f.expiredAt >= 0 && w.faults.offlineThroughout(i, f.paidAt + w.paymentDelay + w.walletDelay,
                        f.expiredAt - w.walletDelay)) {
                    excused.add(loss + ": offline from before its payment settled at " + f.paidAt
                            + " ns until its own invoice expired at " + f.expiredAt + " ns");
                } else {
                    violations.add(loss);
                }
            } else if (f.outMsat > 0) {
                customers.add(i);
                Metrics.Job job = jobOfHash.get(key.hash());
                if (job == null || job.customer != i) {
                    violations.add(where + " paid " + f.outMsat + " msat for no job of its own");
                } else if (!job.opened) {
                    violations.add(where + " was charged " + f.outMsat + " msat for job " + job.id
                            + " whose reply it never opened");
                } else if (chargesPerJob.merge(job, 1, Integer::sum) > 2) {
                    violations.add(where + " was charged for job " + job.id + " more than twice");
                }
            }
        });
        for (int i = 0; i < w.n; i++) {
            long balance = w.ledger.balance(w.account[i]);
            long locked = w.ledger.locked(w.account[i]);
            if (balance + locked - initial != net[i]) {
                violations.add("node " + i + ": balance " + balance + " + locked " + locked + " - initial " + initial
                        + " is not the audited " + net[i] + " msat");
            }
            if (!customers.contains(i) && balance + locked < initial && !excusedNode(excused, i)) {
                violations.add("node " + i + " was never charged as a customer but ends with "
                        + (balance + locked - initial) + " msat");
            }
        }
        return new Findings(violations, excused);
    }

    private static boolean excusedNode(List<String> excused, int node) {
        String prefix = "node " + node + " ";
        return excused.stream().anyMatch(s -> s.startsWith(prefix));
    }

    /** Each job's network hashes (one per offer) and job hashes (one per reply sent), to their job. */
    private static Map<Hash32, Metrics.Job> jobsByHash(Metrics m) {
        Map<Hash32, Metrics.Job> byHash = new HashMap<>();
        for (Metrics.Job j : m.jobs.values()) {
            j.offerRoutes.forEach(r -> byHash.put(r.hash(), j));
            j.replyHashes.forEach(h -> byHash.put(h, j));
        }
        return byHash;
    }
}
