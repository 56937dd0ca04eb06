package org.giggossip.node.metrics;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a settler service's {@code /metrics} shows ({@code docs/metrics.md}, "Settler metrics"): its gigs
 * by stage, the preimages and Dave DATs it published, and its HTTP API's requests and
 * refusals ({@link #http()}, given to the {@code SettlerHttpServer}). Thread-safe; bounded:
 * stages are a fixed set, the API's labels as in {@link HttpMetrics}.
 */
public final class SettlerMetrics {
    private final HttpMetrics http = new HttpMetrics("settler");
    private final Instant started;
    private final Supplier<Map<String, Integer>> gigsByStage;
    private final LongSupplier preimages;
    private final LongSupplier dats;

    /**
     * @param gigsByStage the live gigs by stage, every stage present (the service's, read per scrape)
     * @param preimages   preimages published since start
     * @param dats        Dave DATs published since start (0 without Dave)
     */
    public SettlerMetrics(Instant started, Supplier<Map<String, Integer>> gigsByStage, LongSupplier preimages,
            LongSupplier dats) {
        this.started = started;
        this.gigsByStage = gigsByStage;
        this.preimages = preimages;
        this.dats = dats;
    }

    /** The API's requests and refusals: give it to the {@code SettlerHttpServer}. */
    public HttpMetrics http() {
        return http;
    }

    /** The scrape. */
    public String scrape() {
        Exposition e = new Exposition();
        e.family("gg_settler_start_time_seconds", Exposition.Type.GAUGE,
                "When the settler service started, in Unix seconds.").sample(started.getEpochSecond());
        e.family("gg_settler_gigs", Exposition.Type.GAUGE,
                "Live gigs by stage (issued, sealing, sealed, revealing, revealed, disputed).");
        for (Map.Entry<String, Integer> s : gigsByStage.get().entrySet()) {
            e.sample(s.getValue(), "state", s.getKey().toLowerCase(Locale.ROOT));
        }
        e.family("gg_settler_preimages_published_total", Exposition.Type.COUNTER,
                "Network preimages revealed and published since start.").sample(preimages.getAsLong());
        e.family("gg_settler_dave_dats_published_total", Exposition.Type.COUNTER,
                "Preimages and revocation lists mined and published on Dave since start.").sample(dats.getAsLong());
        HttpMetrics.families(e, http);
        return e.text();
    }
}
