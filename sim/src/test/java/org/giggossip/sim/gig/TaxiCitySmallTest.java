package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A small taxi-city run: the whole protocol on a few hundred nodes. */
class TaxiCitySmallTest {

    @Test
    void jobsReachTheCityGetOffersAndSettleWithMoneyConserved() {
        SimParams p = SimParams.defaults().with("nodes", "300").with("jobs", "6").with("workers", "0.15")
                .with("progress", "false");
        Summary s = new Simulation(p).run(null).summary();
        System.out.println("delivery " + s.deliveryRatio + " offers " + s.jobsWithOffers + "/" + s.jobs
                + " paid " + s.jobsPaid + " opened " + s.repliesOpened + " settled " + s.jobsSettled
                + " hops " + s.hopsPerOffer + " fee " + s.networkFeePerJobSat + " first " + s.timeToFirstOfferMs
                + " frames " + s.framesTotal + " pow " + s.powAttemptsTotal + " " + s.conservation + " live "
                + s.liveInvoicesAtEnd + " counters " + s.counters + " rej " + s.rejections + " wall " + s.wallSeconds);
        assertThat(s.moneyConserved).isTrue();
        assertThat(s.deliveryRatio).isGreaterThanOrEqualTo(0.99);
        assertThat(s.jobsWithOffers).isEqualTo(s.jobs);
        assertThat(s.repliesOpened).isEqualTo(s.jobs);
    }
}
