package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.giggossip.core.ledger.InvoiceInfo;
import org.giggossip.core.ledger.InvoiceState;
import org.giggossip.core.wire.Hash32;
import org.giggossip.sim.time.SimTime;
import org.junit.jupiter.api.Test;

/**
 * What {@link FaultInjectionTest} found on the customer's side, at the scale of
 * a world (EngineLifecycleTest has the step-by-step versions). The hop next to
 * the customer pays its downstream invoice and crashes before the preimage comes
 * back, until past its own invoice's expiry. The settler was paid, so it reveals
 * the preimage and, when its dispute window closes, releases the job payment;
 * the customer's network payment lapses, before or after that. With the shorter
 * window the customer paid for a reply it never opened; now it fetches the
 * published preimage (seed 000, 3.9, last paragraph) and opens the reply in both
 * orders, and only the crashed hop loses, which the {@link MoneyAudit} excuses (4.2).
 */
class FaultCrashedHopTest {

    @Test
    void theJobPaymentReleasedFirstTheCustomerFetchesThePreimage() {
        crashTheCustomersHopAndCheck("10");
    }

    @Test
    void theNetworkPaymentExpiredFirstTheCustomerFetchesThePreimage() {
        crashTheCustomersHopAndCheck("300");
    }

    /** The dispute window decides which the customer sees first: the job payment released, or the network one failed. */
    private static void crashTheCustomersHopAndCheck(String disputeWindow) {
        SimParams p = SimParams.defaults().with("seed", "7").with("nodes", "30").with("topology", "regular")
                .with("degree", "4").with("jobs", "1").with("job_window_s", "1").with("workers", "0.3")
                .with("worker_radius_km", "100").with("pow", "cost").with("pow_difficulty", "16")
                .with("offer_window_s", "3").with("invoice_ttl_s", "60").with("invoice_delta_s", "10")
                .with("dispute_window_s", disputeWindow).with("confirm_after_s", "5")
                .with("job_invoice_margin_s", "900")
                .with("audit", "true").with("progress", "false");
        World w = new Simulation(p).prepare();
        Metrics.Job job = null;
        Hash32 hash = null;
        int hop = -1;
        // until the customer has paid: the hop whose network invoice it paid
        while (hop < 0 && w.scheduler.step()) {
            job = w.metrics.jobs.values().stream().findFirst().orElse(null);
            if (job != null && job.paidAt >= 0) {
                for (Metrics.Route route : job.offerRoutes) {
                    for (int i = 0; i < w.n; i++) {
                        if (paidBy(w, w.account[i], route.hash(), w.account[job.customer])) {
                            hop = i;
                            hash = route.hash();
                        }
                    }
                }
            }
        }
        assertThat(hop).as("the customer paid a network invoice").isNotNegative();
        // until the hop has paid its downstream invoice; then it crashes past its own invoice's expiry
        while (!paysDownstream(w, hash, w.account[hop])) {
            assertThat(w.scheduler.step()).isTrue();
        }
        long expiry = SimTime.of(java.time.Duration.between(w.scheduler.clock().epoch(),
                w.ledger.invoice(w.account[hop], hash).orElseThrow().expiresAt()));
        w.faults.crash(hop, w.scheduler.now(), expiry + SimTime.seconds(10));
        w.scheduler.runUntilIdle(10_000_000);

        MoneyAudit.Findings findings = w.audit.check(w);
        assertThat(findings.violations()).isEmpty();
        assertThat(findings.excused()).singleElement().asString().startsWith("node " + hop + " ");
        assertThat(job.opened).as("the customer opened the reply whose job payment was released").isTrue();
        assertThat(job.settled).isTrue();
        assertThat(w.ledger.liveInvoices()).isZero();
        assertThat(w.ledger.checkConservation().holds()).isTrue();
    }

    private static boolean paidBy(World w, int issuer, Hash32 hash, int payer) {
        Optional<InvoiceInfo> i = w.ledger.invoice(issuer, hash);
        return i.isPresent() && i.get().state() == InvoiceState.ACCEPTED && i.get().payer().orElse(-1) == payer;
    }

    private static boolean paysDownstream(World w, Hash32 hash, int payer) {
        for (int a = 0; a < w.ledger.accountCount(); a++) {
            if (paidBy(w, a, hash, payer)) {
                return true;
            }
        }
        return false;
    }
}
