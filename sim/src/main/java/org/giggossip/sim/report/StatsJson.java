package org.giggossip.sim.report;

import java.util.Map;
import org.giggossip.sim.stats.Counters;
import org.giggossip.sim.stats.Percentiles;
import org.giggossip.sim.stats.TimeSeries;

/** Writes the statistics types as JSON members, in a fixed layout that result files share. */
public final class StatsJson {
    private StatsJson() {}

    /** {@code "name": {"count":…, "min":…, "p50":…, "p90":…, "p99":…, "p999":…, "max":…, "mean":…}}. */
    public static void percentiles(JsonWriter w, String name, Percentiles p) {
        w.name(name).beginObject()
            .field("count", p.count())
            .field("min", p.min())
            .field("p50", p.p50())
            .field("p90", p.p90())
            .field("p99", p.p99())
            .field("p999", p.p999())
            .field("max", p.max())
            .field("mean", p.mean())
            .endObject();
    }

    /** {@code "name": {"counter": value, …}} in the counters' creation order. */
    public static void counters(JsonWriter w, String name, Counters counters) {
        w.name(name).beginObject();
        for (Map.Entry<String, Long> e : counters.snapshot().entrySet()) {
            w.field(e.getKey(), e.getValue());
        }
        w.endObject();
    }

    /** {@code "name": {"bucketNanos": width, "sum": […], "count": […]}}. */
    public static void timeSeries(JsonWriter w, String name, TimeSeries series) {
        w.name(name).beginObject().field("bucketNanos", series.width()).name("sum").beginArray();
        for (int i = 0; i < series.bucketCount(); i++) {
            w.value(series.sum(i));
        }
        w.endArray().name("count").beginArray();
        for (int i = 0; i < series.bucketCount(); i++) {
            w.value(series.count(i));
        }
        w.endArray().endObject();
    }
}
