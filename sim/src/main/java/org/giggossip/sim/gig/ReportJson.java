package org.giggossip.sim.gig;

import java.util.Map;
import org.giggossip.sim.report.JsonWriter;
import org.giggossip.sim.stats.Percentiles;

/**
 * The text of {@code report.json}: the run's {@link Summary} in a fixed layout,
 * one member per line. The first members are the key numbers of a run, from
 * {@code delivery_ratio} to {@code peak_heap_mb}, in the order in which
 * docs/simulator.md lists what a run measures; then the attack's outcome (only
 * for a run with attackers), the remaining counts, and every parameter with its typed
 * value; a run with a {@code routes_sweep} also has {@code routes_sweep}, one object per value
 * swept. Equal parameters give byte-identical text except the lines
 * {@code wall_seconds}, {@code peak_heap_mb}, {@code cpu_seconds} and
 * {@code live_heap_mb}, which measure the machine.
 *
 * <p>A statistic of no samples (say, time to paid when no job was paid) is
 * written as {@code null}, never as a made-up zero.
 */
final class ReportJson {
    /** Decimals of every fractional number in the file. */
    static final int DECIMALS = 6;

    private ReportJson() {}

    static String render(String scenario, Summary s, SimParams params) {
        StringBuilder text = new StringBuilder(8192);
        JsonWriter w = new JsonWriter(text, true, DECIMALS);
        w.beginObject()
            .field("scenario", scenario)
            .field("nodes", s.nodes)
            .field("jobs", s.jobs)
            .field("delivery_ratio", s.deliveryRatio)
            .field("jobs_with_offers", s.jobsWithOffers);
        stats(w, "offers_per_job", s.offersPerJob, "mean", "p50", "p99");
        stats(w, "time_to_first_offer_ms", s.timeToFirstOfferMs, "p50", "p99");
        stats(w, "time_to_paid_ms", s.timeToPaidMs, "p50", "p99");
        stats(w, "network_fee_per_job_sat", s.networkFeePerJobSat, "mean", "p99");
        stats(w, "hops_per_offer", s.hopsPerOffer, "mean", "max");
        w.field("pow_attempts_total", s.powAttemptsTotal)
            .field("frames_total", s.framesTotal);
        stats(w, "bytes_per_node", s.bytesPerNode, "mean", "max");
        w.field("payments_settled", s.paymentsSettled)
            .field("payments_cancelled", s.paymentsCancelled)
            .field("money_conserved", s.moneyConserved)
            .field("wall_seconds", Math.round(s.wallSeconds * 1000) / 1000.0)
            .field("peak_heap_mb", s.peakHeapMb);
        if (!s.attack.isEmpty()) {
            object(w, "attack", s.attack);
        }
        w.field("cpu_seconds", Math.round(s.cpuSeconds * 1000) / 1000.0)
            .field("live_heap_mb", s.liveHeapMb)
            .field("jobs_paid", s.jobsPaid)
            .field("replies_opened", s.repliesOpened)
            .field("jobs_settled", s.jobsSettled)
            .field("honest_nodes", s.honestNodes)
            .field("pow_solved", s.powSolved)
            .field("live_invoices_at_end", s.liveInvoicesAtEnd)
            .field("simulated_seconds", s.simulatedSeconds);
        w.name("network_fee_by_hops_sat").beginObject();
        s.feeByHops.forEach((hops, fee) -> w.field(Integer.toString(hops), fee));
        w.endObject();
        if (!s.routesSweep.isEmpty()) {
            w.name("routes_sweep").beginArray();
            for (RoutesSweep.Point p : s.routesSweep) {
                w.beginObject().field("replies_per_topic", p.repliesPerTopic())
                        .field("multibroadcast", p.multibroadcast()).field("jobs", p.jobs())
                        .field("jobs_with_offers", p.jobsWithOffers()).field("offers_per_job", p.offersPerJob())
                        .field("offer_fee_sat", p.offerFeeSat()).field("cheapest_offer_fee_sat", p.cheapestFeeSat())
                        .field("jobs_paid", p.jobsPaid()).field("paid_fee_sat", p.paidFeeSat())
                        .field("frames_total", p.framesTotal()).endObject();
            }
            w.endArray();
        }
        if (!s.silentWorkers.isEmpty()) {
            w.name("silent_workers").beginArray();
            for (SilentWorkers.Point p : s.silentWorkers) {
                w.beginObject().field("network_settlement", p.policy().iniName()).field("jobs", p.jobs())
                        .field("refunded", p.refunded()).field("customer_network_msat", p.customerNetworkMsat())
                        .field("customer_price_msat", p.customerPriceMsat())
                        .field("middlemen_msat", p.middlemenMsat()).field("worker_msat", p.workerMsat())
                        .field("settler_msat", p.settlerMsat()).field("money_conserved", p.moneyConserved())
                        .field("live_invoices_at_end", p.liveInvoicesAtEnd())
                        .field("network_payment_held_s_mean", p.networkHeldSeconds()).endObject();
            }
            w.endArray();
        }
        object(w, "counters", s.counters);
        object(w, "rejections", s.rejections);
        w.field("conservation", s.conservation);
        params(w, params);
        w.endObject();
        return text.append('\n').toString();
    }

    /** {@code "name": {field: value, …}} for the given fields of {@code p}; null values when there are no samples. */
    private static void stats(JsonWriter w, String name, Percentiles p, String... fields) {
        w.name(name).beginObject();
        for (String f : fields) {
            w.name(f);
            if (p.count() == 0) {
                w.nullValue();
                continue;
            }
            switch (f) {
                case "mean" -> w.value(p.mean());
                case "p50" -> w.value(p.p50());
                case "p99" -> w.value(p.p99());
                case "max" -> w.value(p.max());
                default -> throw new IllegalArgumentException("no statistic " + f);
            }
        }
        w.endObject();
    }

    private static void object(JsonWriter w, String name, Map<String, ? extends Number> values) {
        w.name(name).beginObject();
        values.forEach((k, v) -> {
            if (v instanceof Double d) {
                w.field(k, d);
            } else {
                w.field(k, v.longValue());
            }
        });
        w.endObject();
    }

    /** Every parameter in documentation order, as a JSON boolean, number or string by its type. */
    private static void params(JsonWriter w, SimParams params) {
        w.name("params").beginObject();
        for (SimParams.Key k : SimParams.keys()) {
            String v = params.get(k.name());
            w.name(k.name());
            switch (k.type()) {
                case FLAG -> w.value(Boolean.parseBoolean(v));
                case INTEGER -> w.value(Long.parseLong(v));
                case REAL -> w.value(Double.parseDouble(v));
                case TEXT -> w.value(v);
            }
        }
        w.endObject();
    }
}
