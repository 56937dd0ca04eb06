package org.giggossip.sim.gig;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.sim.time.SimTime;

/**
 * Customers that never confirm a job, customers that dispute every job, and the
 * settler's administrator who rules on some disputes and leaves the others to
 * their deadline (docs/settler.md, "Dispute window and invoice
 * lifetimes"), all off by default:
 * <ul>
 *   <li>{@code never_confirm}: a share of the customers never confirm: the job
 *       payment is released to the worker when the dispute window closes.</li>
 *   <li>{@code disputers}: a share of the customers open a dispute as soon as
 *       they open a reply. The administrator rules for {@code rule_customer} of
 *       them (the customer is refunded) and for the worker for {@code rule_worker}
 *       of them, {@code rule_after_s} after each dispute; the others' disputes are
 *       never ruled on and end at their deadline ({@code dispute_deadline_s}) in
 *       {@code dispute_default}.</li>
 * </ul>
 * <p>{@code silent_workers}: a share of the drivers take jobs and never serve (seed 000, table 2
 * "Silent"); their customers dispute as soon as they open the reply and the administrator rules for them
 * {@code rule_after_s} later. For these jobs it follows every hop's network invoice that settles, to tell
 * what the customers paid for the network, and who earned it: the settler, the silent worker (its own
 * hop) and the middlemen (docs/settler.md, "Network settlement: on reveal or on job done").
 *
 * <p>Each customer's group is drawn once from its own stream. Per group it counts
 * the jobs that ended paid ({@code JobSettled}) and refunded ({@code JobRefunded})
 * and the shortest and longest time from opening the reply to that end, for a
 * test to check who was paid, and when.
 */
final class Disputes {
    /** What a customer does once it opened a reply, and how its disputes are ruled on. */
    enum Group {
        /** Confirms after {@code confirm_after_s}, as every customer by default. */
        CONFIRMS,
        /** Never confirms nor disputes. */
        NEVER_CONFIRMS,
        /** Disputes; the administrator rules for the customer. */
        RULED_FOR_CUSTOMER,
        /** Disputes; the administrator rules for the worker. */
        RULED_FOR_WORKER,
        /** Disputes; nobody rules: the deadline and the stated default decide. */
        NEVER_RULED
    }

    /** How the jobs of one group ended: counts, and the range of (end - reply opened) in virtual nanoseconds. */
    static final class Ends {
        long settled;
        long refunded;
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;

        @Override
        public String toString() {
            return settled + " settled, " + refunded + " refunded" + (settled + refunded == 0 ? ""
                    : String.format(java.util.Locale.ROOT, ", %.0f s to %.0f s after the reply opened",
                            SimTime.toSeconds(earliest), SimTime.toSeconds(latest)));
        }
    }

    private final World world;
    final Group[] group;
    private final long ruleAfter;
    private final Map<Group, Ends> ends = new java.util.EnumMap<>(Group.class);
    /** When each job's reply was opened, by job id, until the job ends. */
    private final Map<PayloadId, Long> openedAt = new HashMap<>();
    long disputesOpened;
    long rulings;
    private final double silentShare;
    /** The settler's network payment hashes, and since when each node's invoice for one has been accepted. */
    private final java.util.Set<org.giggossip.core.wire.Hash32> networkHashes = new java.util.HashSet<>();
    private final Map<Held, Long> heldSince = new HashMap<>();

    private record Held(int account, org.giggossip.core.wire.Hash32 hash) {}

    /** Drivers that take jobs and never serve ({@code silent_workers}). */
    final boolean[] silentWorker;
    /** The network chains of the silent workers' paid jobs, by network payment hash. */
    private final Map<org.giggossip.core.wire.Hash32, Chain> silentChains = new HashMap<>();
    /** The customers' jobs with a silent worker, once their reply opened, until they end. */
    private final java.util.Set<PayloadId> silentJobs = new java.util.HashSet<>();
    /** What the silent workers' jobs cost and earned; see {@link Silent}. */
    final Silent silent = new Silent();

    /** The invoices of one silent job's network chain that settled: the settler's, the worker's and the largest. */
    private static final class Chain {
        final int worker;
        long settler;
        long workerInvoice;
        long customerPaid;

        Chain(int worker) {
            this.worker = worker;
        }
    }

    /**
     * The silent workers' jobs, in msat: jobs whose reply opened, how they ended, what their customers paid
     * for the network (the largest invoice of the chain that settled: the one the customer paid) and lost
     * in job prices, and who earned the network fees.
     */
    static final class Silent {
        long jobs;
        long refunded;
        long settled;
        long customerNetworkMsat;
        long customerPriceMsat;
        long settlerMsat;
        long workerMsat;
        long middlemenMsat;
        /** Network invoices of the nodes (every hop's, not the settler's) accepted then settled or cancelled. */
        long networkPaymentsHeld;
        /** How long they were held in all, in virtual nanoseconds. */
        long networkHeldNanos;

        @Override
        public String toString() {
            return jobs + " jobs (" + refunded + " refunded, " + settled + " paid to the worker); customers paid "
                    + customerNetworkMsat + " msat in network fees and " + customerPriceMsat + " in job prices; "
                    + "middlemen earned " + middlemenMsat + ", the silent workers " + workerMsat + ", the settler "
                    + settlerMsat;
        }
    }
    Disputes(World world, SimParams p, int n) {
        this.world = world;
        this.ruleAfter = SimTime.seconds(p.longValue("rule_after_s"));
        this.group = new Group[n];
        Arrays.fill(group, Group.CONFIRMS);
        this.silentWorker = new boolean[n];
        this.silentShare = p.real("silent_workers");
        if (silentShare > 0) {
            SplittableRandom silentDraw = world.streams.stream("disputes.silent");
            for (int i = 0; i < n; i++) {
                silentWorker[i] = world.worker[i] && silentDraw.nextDouble() < silentShare;
            }
        }
        double neverConfirm = p.real("never_confirm");
        double disputers = p.real("disputers");
        double forCustomer = p.real("rule_customer");
        double forWorker = p.real("rule_worker");
        if (neverConfirm + disputers > 1 || forCustomer + forWorker > 1) {
            throw new IllegalArgumentException("never_confirm + disputers and rule_customer + rule_worker must each"
                    + " be at most 1");
        }
        if (neverConfirm == 0 && disputers == 0) {
            return; // no draw: a run without them takes no random number more
        }
        SplittableRandom draw = world.streams.stream("disputes.groups");
        for (int i = 0; i < n; i++) {
            double u = draw.nextDouble();
            double v = draw.nextDouble();
            if (u < neverConfirm) {
                group[i] = Group.NEVER_CONFIRMS;
            } else if (u < neverConfirm + disputers) {
                group[i] = v < forCustomer ? Group.RULED_FOR_CUSTOMER
                        : v < forCustomer + forWorker ? Group.RULED_FOR_WORKER : Group.NEVER_RULED;
            }
        }
    }

    /** Customer {@code node}'s policy: without automatic confirmation unless it confirms. */
    EngineConfig configFor(int node, EngineConfig base) {
        return group[node] == Group.CONFIRMS ? base : base.toBuilder().autoConfirmAfter(null).build();
    }

    /** How the jobs of {@code g}'s customers ended. */
    Ends ends(Group g) {
        return ends.computeIfAbsent(g, k -> new Ends());
    }

    /** An event of node {@code node}'s engine at virtual time {@code now}. */
    void on(int node, AppEvent event, long now) {
        switch (event) {
            case AppEvent.ReplyOpened r -> {
                openedAt.put(r.job(), now);
                Integer worker = world.index.get(r.worker());
                if (worker != null && silentWorker[worker]) {
                    silentJobOpened(node, r.job(), now);
                    return;
                }
                Group g = group[node];
                if (g == Group.RULED_FOR_CUSTOMER || g == Group.RULED_FOR_WORKER || g == Group.NEVER_RULED) {
                    world.at(now, node, () -> {
                        world.engines[node].openDispute(r.job(), "simulated: the driver never came");
                        disputesOpened++;
                    });
                    if (g != Group.NEVER_RULED) {
                        world.scheduler.schedule(now + ruleAfter, () -> rule(node, g == Group.RULED_FOR_WORKER));
                    }
                }
            }
            case AppEvent.JobSettled s -> {
                if (silentJobs.remove(s.job())) {
                    silent.settled++;
                    silent.customerPriceMsat += s.jobMsat();
                }
                ended(node, s.job(), now, true);
            }
            case AppEvent.JobRefunded r -> {
                if (silentJobs.remove(r.job())) {
                    silent.refunded++;
                }
                ended(node, r.job(), now, false);
            }
            case AppEvent.JobPaymentAccepted a when silentWorker[node] ->
                    world.settler.gig(a.replyPaymentHash()).map(org.giggossip.core.settler.GigView::networkHash)
                            .ifPresent(h -> silentChains.putIfAbsent(h, new Chain(node)));
            default -> { }
        }
    }

    /** The silent worker never comes: the customer disputes, and the administrator rules for it later. */
    private void silentJobOpened(int node, PayloadId job, long now) {
        silent.jobs++;
        silentJobs.add(job);
        world.at(now, node, () -> {
            world.engines[node].openDispute(job, "simulated: the driver never came");
            disputesOpened++;
        });
        world.scheduler.schedule(now + ruleAfter, () -> rule(node, false));
    }

    /**
     * An invoice of {@code node}'s (-1: the settler's) for {@code hash} settled: if it is of a silent
     * job's network chain, what the customer paid and who earned it.
     */
    void silentSettled(int node, org.giggossip.core.wire.Hash32 hash, long amountMsat) {
        Chain c = silentChains.get(hash);
        if (c == null) {
            return;
        }
        if (node < 0) {
            c.settler = amountMsat;
            silent.settlerMsat += amountMsat;
        } else if (node == c.worker) {
            c.workerInvoice = amountMsat;
        }
        c.customerPaid = Math.max(c.customerPaid, amountMsat);
    }

    /** A network payment hash of the settler's (only with {@code silent_workers}: what the hold time is measured on). */
    void networkInvoice(org.giggossip.core.wire.Hash32 hash) {
        if (silentShare > 0) {
            networkHashes.add(hash);
        }
    }

    /**
     * An event of a node's hold invoice: for a network invoice, how long it was held (accepted until settled
     * or cancelled), that is how long its payer's payment was locked: the liquidity a policy costs the
     * customers and the middlemen.
     */
    void networkInvoiceEvent(int acct, org.giggossip.core.payment.WalletEvent event, long now) {
        if (silentShare == 0) {
            return;
        }
        switch (event) {
            case org.giggossip.core.payment.WalletEvent.InvoiceAccepted a when networkHashes.contains(a.paymentHash())
                    -> heldSince.putIfAbsent(new Held(acct, a.paymentHash()), now);
            case org.giggossip.core.payment.WalletEvent.InvoiceSettled s -> released(acct, s.paymentHash(), now);
            case org.giggossip.core.payment.WalletEvent.InvoiceCancelled c -> released(acct, c.paymentHash(), now);
            default -> { }
        }
    }

    private void released(int acct, org.giggossip.core.wire.Hash32 hash, long now) {
        Long since = heldSince.remove(new Held(acct, hash));
        if (since != null) {
            silent.networkPaymentsHeld++;
            silent.networkHeldNanos += now - since;
        }
    }

    /** Adds up the silent jobs' chains (once, at the end of the run). */
    Silent silentTotals() {
        long customer = 0;
        long worker = 0;
        long middlemen = 0;
        for (Chain c : silentChains.values()) {
            customer += c.customerPaid;
            if (c.workerInvoice > 0) {
                worker += c.workerInvoice - c.settler;
                middlemen += c.customerPaid - c.workerInvoice;
            } else {
                middlemen += c.customerPaid - c.settler;
            }
        }
        silent.customerNetworkMsat = customer;
        silent.workerMsat = worker;
        silent.middlemenMsat = middlemen;
        return silent;
    }

    /** The administrator rules on every open dispute of customer {@code node}. */
    private void rule(int node, boolean payWorker) {
        for (GigView gig : world.settler.disputes()) {
            if (gig.customer().equals(world.ids[node])) {
                world.settler.resolveDispute(gig.replyHash(), payWorker,
                        payWorker ? "the administrator ruled for the worker" : "the administrator ruled for the customer");
                rulings++;
            }
        }
    }

    private void ended(int node, PayloadId job, long now, boolean settled) {
        Long opened = openedAt.remove(job);
        if (opened == null) {
            return; // a job refunded before its reply opened: not what this counts
        }
        Ends e = ends(group[node]);
        if (settled) {
            e.settled++;
        } else {
            e.refunded++;
        }
        e.earliest = Math.min(e.earliest, now - opened);
        e.latest = Math.max(e.latest, now - opened);
    }

    /** Per group, how its jobs ended. */
    String describe() {
        StringBuilder b = new StringBuilder("disputes opened ").append(disputesOpened).append(", rulings ")
                .append(rulings);
        for (Group g : Group.values()) {
            b.append("\n  ").append(g).append(": ").append(ends(g));
        }
        return b.toString();
    }
}
