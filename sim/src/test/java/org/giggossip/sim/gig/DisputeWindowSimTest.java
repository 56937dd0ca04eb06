package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;

import org.giggossip.sim.gig.Disputes.Group;
import org.giggossip.sim.time.SimTime;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 at the scale of a world, over days of virtual time: a two-day dispute
 * window, a one-day dispute deadline whose default pays the worker, customers
 * that confirm, customers that never confirm, and customers that dispute every
 * job, ruled for them, against them, or never. Before, every job invoice lapsed
 * after two hours: a customer who never confirmed, and every disputer, was
 * refunded at the two hours whatever the settler decided. Now each ends as the
 * settler says, when it says, and no money is created or lost.
 */
class DisputeWindowSimTest {
    static final long WINDOW_S = 2 * 86_400;
    static final long DEADLINE_S = 86_400;
    static final long RULE_AFTER_S = 6 * 3_600;
    /** Delays of the network, the wallets and the settler between the reply opening and the job's end. */
    static final long SLACK_S = 60;

    @Test
    void everyJobEndsAsTheSettlerDecidesAtTheEndOfItsWindowRulingOrDeadline() {
        SimParams p = SimParams.defaults().with("seed", "17").with("nodes", "60").with("topology", "regular")
                .with("degree", "4").with("jobs", "40").with("job_window_s", "120").with("workers", "0.3")
                .with("worker_radius_km", "100").with("pow", "cost").with("pow_difficulty", "16")
                .with("progress", "false").with("audit", "true")
                .with("dispute_window_s", Long.toString(WINDOW_S)).with("dispute_deadline_s", Long.toString(DEADLINE_S))
                .with("dispute_default", "worker").with("rule_after_s", Long.toString(RULE_AFTER_S))
                .with("never_confirm", "0.25").with("disputers", "0.5").with("rule_customer", "0.34")
                .with("rule_worker", "0.33")
                // past the last window and deadline: every job ends inside the run
                .with("drain_s", Long.toString(WINDOW_S + DEADLINE_S + 3_600));
        Simulation.Result result = new Simulation(p).run(null);
        World w = result.world();
        Disputes d = w.disputes;
        String context = d.describe();

        assertThat(result.summary().moneyConserved).as(result.summary().conservation).isTrue();
        assertThat(result.summary().liveInvoicesAtEnd).as("every invoice settled or ended").isZero();
        assertThat(w.settler.liveGigs()).as("the settler holds nothing more").isZero();
        for (Group g : Group.values()) {
            assertThat(d.ends(g).settled + d.ends(g).refunded).as(context + "\n" + g + ": some jobs").isPositive();
        }

        // confirmed: paid within seconds of the confirmation
        assertThat(d.ends(Group.CONFIRMS).refunded).as(context).isZero();
        assertThat(d.ends(Group.CONFIRMS).latest).as(context).isLessThan(SimTime.seconds(p.longValue("confirm_after_s")
                + SLACK_S));
        // never confirmed: the worker is paid when the window closes, not refunded after two hours
        Disputes.Ends silent = d.ends(Group.NEVER_CONFIRMS);
        assertThat(silent.refunded).as(context).isZero();
        assertThat(silent.earliest).as(context).isGreaterThan(SimTime.seconds(WINDOW_S - SLACK_S));
        assertThat(silent.latest).as(context).isLessThan(SimTime.seconds(WINDOW_S + SLACK_S));
        // ruled for the customer: refunded at the ruling (the administrator rules on all of a customer's open
        // disputes at once, so a later job's may be ruled on up to the job window earlier), long after two hours
        long earliestRuling = SimTime.seconds(RULE_AFTER_S - p.longValue("job_window_s"));
        Disputes.Ends forCustomer = d.ends(Group.RULED_FOR_CUSTOMER);
        assertThat(forCustomer.settled).as(context).isZero();
        assertThat(forCustomer.earliest).as(context).isGreaterThanOrEqualTo(earliestRuling);
        assertThat(forCustomer.latest).as(context).isLessThan(SimTime.seconds(RULE_AFTER_S + SLACK_S));
        // ruled for the worker: paid at the ruling
        Disputes.Ends forWorker = d.ends(Group.RULED_FOR_WORKER);
        assertThat(forWorker.refunded).as(context).isZero();
        assertThat(forWorker.earliest).as(context).isGreaterThanOrEqualTo(earliestRuling);
        assertThat(forWorker.latest).as(context).isLessThan(SimTime.seconds(RULE_AFTER_S + SLACK_S));
        // never ruled: the stated default, the worker paid, at the deadline
        Disputes.Ends unruled = d.ends(Group.NEVER_RULED);
        assertThat(unruled.refunded).as(context).isZero();
        assertThat(unruled.earliest).as(context).isGreaterThanOrEqualTo(SimTime.seconds(DEADLINE_S));
        assertThat(unruled.latest).as(context).isLessThan(SimTime.seconds(DEADLINE_S + SLACK_S));
        assertThat(d.rulings).as(context).isEqualTo(forCustomer.refunded + forWorker.settled);
    }
}
