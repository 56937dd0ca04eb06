package org.giggossip.node.metrics;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.giggossip.http.HttpObserver;
import org.giggossip.http.HttpRefusal;

/**
 * Requests and refusals of one HTTP API (the node's app API or the settler's), counted for
 * {@code /metrics}: requests by route template, method and status class, refusals by
 * {@link HttpRefusal}. Thread-safe and cheap (one map lookup and one {@link LongAdder} per
 * request). Bounded: routes are the templates the API's router matched (a fixed list; a path
 * that matched none is {@link HttpObserver#UNMATCHED}), methods outside the standard ones count
 * as {@code OTHER}, and at most {@value #MAX_SERIES} series are kept in any case.
 */
public final class HttpMetrics implements HttpObserver {
    /** Most (route, method, class) series kept; beyond, requests count under route {@code other}. */
    static final int MAX_SERIES = 512;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private record Series(String route, String method, String code) {}

    private final String api;
    private final Map<Series, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder[] refusals = new LongAdder[HttpRefusal.values().length];

    /** @param api the API's name, the {@code api} label: {@code app} or {@code settler} */
    public HttpMetrics(String api) {
        this.api = api;
        for (int i = 0; i < refusals.length; i++) {
            refusals[i] = new LongAdder();
        }
    }

    @Override
    public void answered(String route, String method, int status, HttpRefusal refusal) {
        String m = METHODS.contains(method) ? method : "OTHER";
        String code = status < 100 || status > 599 ? "none" : (status / 100) + "xx";
        Series s = new Series(route, m, code);
        LongAdder n = requests.get(s);
        if (n == null) {
            n = requests.size() < MAX_SERIES ? requests.computeIfAbsent(s, k -> new LongAdder())
                    : requests.computeIfAbsent(new Series("other", m, code), k -> new LongAdder());
        }
        n.increment();
        if (refusal != null) {
            refusals[refusal.ordinal()].increment();
        }
    }

    /** Requests counted so far for {@code route}, any method and status. */
    public long requests(String route) {
        return requests.entrySet().stream().filter(e -> e.getKey().route().equals(route))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Refusals counted so far for {@code refusal}. */
    public long refusals(HttpRefusal refusal) {
        return refusals[refusal.ordinal()].sum();
    }

    /**
     * Writes the samples of this API into the families {@code gg_http_requests_total} and
     * {@code gg_http_refusals_total}, which {@link #families} started.
     */
    void requestSamples(Exposition e) {
        requests.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Series::route).thenComparing(Series::method)
                        .thenComparing(Series::code)))
                .forEach(x -> e.sample(x.getValue().sum(), "api", api, "route", x.getKey().route(),
                        "method", x.getKey().method(), "code", x.getKey().code()));
    }

    void refusalSamples(Exposition e) {
        for (HttpRefusal r : HttpRefusal.values()) {
            e.sample(refusals[r.ordinal()].sum(), "api", api, "reason", r.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Writes both families with the samples of {@code apis}. */
    static void families(Exposition e, HttpMetrics... apis) {
        e.family("gg_http_requests_total", Exposition.Type.COUNTER,
                "HTTP requests answered, by API, route template, method and status class (none: no status sent).");
        for (HttpMetrics m : apis) {
            m.requestSamples(e);
        }
        e.family("gg_http_refusals_total", Exposition.Type.COUNTER,
                "HTTP requests refused (status 400 or more), by API and reason.");
        for (HttpMetrics m : apis) {
            m.refusalSamples(e);
        }
    }
}
