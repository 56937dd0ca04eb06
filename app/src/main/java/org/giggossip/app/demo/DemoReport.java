package org.giggossip.app.demo;

import java.util.Optional;
import org.giggossip.sim.report.JsonWriter;

/**
 * The summary of one {@code gg demo} run, as {@code --report FILE} writes it
 * (docs/demo.md).
 *
 * @param linksUpMs    time to dial every link (TCP, BOLT 8, admission), from the first dial
 * @param firstOfferMs time from posting the job to its first offer, -1 if none
 * @param paidMs       time from posting the job to both invoices accepted, -1 if never
 * @param failure      what went wrong, if something did
 */
public record DemoReport(int nodes, int offers, long chosenPriceSat, long networkFeeSat, boolean paid,
        boolean replyOpened, boolean settled, boolean moneyConserved, String transport, long elapsedMs,
        long linksUpMs, long firstOfferMs, long paidMs, Optional<String> failure) {

    /** True when the whole protocol ran: paid, opened, settled and conserved. */
    public boolean ok() {
        return failure.isEmpty() && paid && replyOpened && settled && moneyConserved;
    }

    /** The JSON document of the report. */
    public String toJson() {
        StringBuilder s = new StringBuilder();
        JsonWriter w = new JsonWriter(s, true, 3).beginObject()
                .field("nodes", nodes)
                .field("offers", offers)
                .field("chosen_price_sat", chosenPriceSat)
                .field("network_fee_sat", networkFeeSat)
                .field("paid", paid)
                .field("reply_opened", replyOpened)
                .field("settled", settled)
                .field("money_conserved", moneyConserved)
                .field("transport", transport)
                .field("elapsed_ms", elapsedMs)
                .field("links_up_ms", linksUpMs)
                .field("first_offer_ms", firstOfferMs)
                .field("paid_ms", paidMs);
        w.name("failure");
        if (failure.isPresent()) {
            w.value(failure.get());
        } else {
            w.nullValue();
        }
        w.endObject();
        return s.append('\n').toString();
    }

    /** Collects the report as the demo goes. */
    static final class Builder {
        private final int nodes;
        private final String transport;
        private int offers;
        private long priceMsat;
        private long feeMsat;
        private boolean paid;
        private boolean opened;
        private boolean settled;
        private boolean conserved;
        private String failure;
        private long linksUpMs = -1;
        private long firstOfferMs = -1;
        private long paidMs = -1;

        Builder timings(long linksUp, long firstOffer, long paid) {
            linksUpMs = linksUp;
            firstOfferMs = firstOffer;
            paidMs = paid;
            return this;
        }

        Builder(int nodes, String transport) {
            this.nodes = nodes;
            this.transport = transport;
        }

        Builder offers(int n) {
            offers = n;
            return this;
        }

        Builder chosen(long jobPriceMsat, long networkFeeMsat) {
            priceMsat = jobPriceMsat;
            feeMsat = networkFeeMsat;
            return this;
        }

        Builder paid(boolean v) {
            paid = v;
            return this;
        }

        Builder replyOpened(boolean v) {
            opened = v;
            return this;
        }

        Builder settled(boolean v) {
            settled = v;
            return this;
        }

        Builder moneyConserved(boolean v) {
            conserved = v;
            return this;
        }

        Builder failed(String reason) {
            failure = reason;
            return this;
        }

        DemoReport elapsed(long startedNanos) {
            return new DemoReport(nodes, offers, priceMsat / 1000, feeMsat / 1000, paid, opened, settled, conserved,
                    transport, (System.nanoTime() - startedNanos) / 1_000_000, linksUpMs, firstOfferMs, paidMs,
                    Optional.ofNullable(failure));
        }
    }
}
