package org.giggossip.sim.gig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.giggossip.core.engine.EngineConfig;

/**
 * The parameters of a simulation run: named values with documented defaults,
 * set from a scenario, a scenario file or {@code --set key=value}. Unknown keys
 * and malformed values are refused with a message naming the key, so a typo
 * never runs silently with a default.
 */
public final class SimParams {

    /** One parameter: its default and what it means. */
    public record Key(String name, String defaultValue, String help) {

        /** The kind of value this key takes: read from the default, except for numbers with a whole default. */
        public Type type() {
            if (FRACTIONS.contains(name) || WHOLE_DEFAULT_REALS.contains(name)) {
                return Type.REAL;
            }
            if (defaultValue.equals("true") || defaultValue.equals("false")) {
                return Type.FLAG;
            }
            if (defaultValue.matches("-?\\d+")) {
                return Type.INTEGER;
            }
            return defaultValue.matches("-?[\\d.]+") ? Type.REAL : Type.TEXT;
        }
    }

    /** The kinds of parameter value: true or false, a whole number >= 0, a number >= 0, or a word. */
    public enum Type { FLAG, INTEGER, REAL, TEXT }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    /** Keys whose value is a share from 0 to 1 (a default of 0 must not make them whole numbers). */
    private static final Set<String> FRACTIONS = Set.of("workers", "loss", "silent", "chatterbox", "spammer", "sybil",
            "censor", "covert", "jitter", "rewire", "crash_forwarders", "settler_slow", "late_payers", "never_pay",
            "never_confirm", "disputers", "rule_customer", "rule_worker", "silent_workers");
    /** Other keys that take any number >= 0 although their default is a whole number. */
    private static final Set<String> WHOLE_DEFAULT_REALS = Set.of("worker_radius_km", "hash_rate", "pow_difficulty");

    private static void key(String name, String def, String help) {
        KEYS.put(name, new Key(name, def, help));
    }

    static {
        key("nodes", "1000", "number of simulated nodes");
        key("seed", "1", "seed of every random choice; same seed and parameters give the same report");
        key("topology", "city", "city | regular | smallworld");
        key("degree", "8", "links per node (regular, smallworld; near links in the city model)");
        key("rewire", "0.1", "small-world rewiring probability");
        key("jobs", "20", "jobs posted by random honest customers");
        key("job_window_s", "60", "jobs are posted at uniform times in [0, job_window_s)");
        key("drain_s", "600", "virtual seconds simulated after the last job is posted");
        key("workers", "0.1", "fraction of honest nodes that are drivers (workers)");
        key("worker_radius_km", "3", "a driver answers pickups within this distance");
        key("price_sat", "15000", "base job price in sat (plus 1000 sat per km to the pickup)");
        key("precision", "6", "geohash precision of the pickup and drop-off cells");
        key("fanout", "4", "peers a topic is relayed to");
        key("multibroadcast", "1", "times a node relays one payload id: the routes of one job through a middleman");
        key("replies_per_topic", "2", "copies of one job, each come over another route, a driver answers (1 to 16): "
                + "one offer each, with its own network fee (3.6)");
        key("routes_sweep", "", "values k, comma-separated (such as 1,2,3,4): the run is repeated on the same network "
                + "and seed with replies_per_topic = multibroadcast = k, and the report charts offers per job and "
                + "network fees against k; empty = no sweep");
        key("seen_retention_s", "1800", "how long a node remembers a payload id it relayed (dedup of replays); "
                + "at least the 30 s timestamp tolerance");
        key("pow", "real", "real: every proof of work is solved | cost: replaced by its expected time cost");
        key("pow_difficulty", "1024", "expected hashes per proof of work");
        key("hash_rate", "1000000", "hashes per second of a simulated device (virtual time of solving)");
        key("latency_ms", "40", "base one-way latency (regular, smallworld); the city model uses distance");
        key("jitter", "0.2", "latency jitter as a fraction of the base");
        key("loss", "0", "probability that a frame is lost");
        key("churn_online_s", "0", "mean online time per node, 0 = no churn");
        key("churn_offline_s", "60", "mean offline time per node under churn");
        key("reply_fee_msat", "1000", "each middleman's fee for carrying a reply back");
        key("settler_fee_msat", "1000", "the settler's network fee");
        key("offer_window_s", "10", "how long a customer collects offers");
        key("confirm_after_s", "30", "a customer confirms the job done this long after opening the reply");
        key("dispute_window_s", "120", "the job payment is released after this if not confirmed or disputed");
        key("dispute_deadline_s", "300", "an open dispute nobody rules on ends after this in dispute_default");
        key("dispute_default", "worker", "worker | customer: who a dispute not ruled on by its deadline pays");
        key("never_confirm", "0", "fraction of customers that never confirm (the dispute window pays the worker)");
        key("disputers", "0", "fraction of customers that dispute every job as soon as they open its reply");
        key("rule_customer", "0", "fraction of disputers the settler's administrator rules for (a refund)");
        key("rule_worker", "0", "fraction of disputers the administrator rules against (the worker is paid);"
                + " the others' disputes are never ruled on");
        key("rule_after_s", "3600", "the administrator rules this long after a dispute is opened");
        key("silent_workers", "0", "fraction of drivers that take jobs and never serve: their customers dispute and"
                + " the administrator rules for them after rule_after_s (seed 000, table 2 \"Silent\")");
        key("network_settlement", "on_reveal", "on_reveal | on_job_done: when the settler settles the network chain"
                + " (docs/settler.md, \"Network settlement: on reveal or on job done\")");
        key("silent_compare", "false", "run the silent workers again under each network_settlement, same seed");
        key("settler_delay_ms", "20", "one-way latency to the settler");
        key("wallet_delay_ms", "5", "latency of a wallet call");
        key("payment_delay_ms", "50", "latency of a payment state change reaching a node");
        key("balance_sat", "10000000", "initial balance of every node");
        key("silent", "0", "fraction of nodes that drop everything");
        key("chatterbox", "0", "fraction of nodes that replay broadcasts they received");
        key("chatter_delay_s", "60", "a chatterbox replays each broadcast this long after it (and at 1/4 of it)");
        key("spammer", "0", "fraction of nodes that flood topics");
        key("spam_interval_s", "2", "a spammer posts a topic this often");
        key("sender_limit", "0", "topics relayed per sender per minute by honest nodes, 0 = unlimited");
        key("sybil", "0", "fraction of the victim's peers that are Sybils dropping its topics");
        key("censor", "0", "fraction of nodes that drop one target customer's topics");
        key("covert", "0", "fraction of nodes that turn silent at covert_at_s");
        key("covert_at_s", "30", "when the covert-flash nodes turn silent");
        key("invoice_ttl_s", "0", "lifetime of the settler's network invoices and promises, 0 = offer_window_s + 120");
        key("invoice_delta_s", "30", "each hop's invoice expires this much later than the next hop's (3.8)");
        key("job_invoice_margin_s", "3600", "a worker's job invoice outlives the settler's invoice lifetime,"
                + " dispute window and deadline by this; above 600");
        key("crash_forwarders", "0", "fault: probability that a node crashes after forwarding a reply (durable state)");
        key("crash_within_s", "20", "fault: such a crash starts uniformly within this long after the forward");
        key("crash_max_s", "300", "fault: such a crash lasts uniformly up to this long (may outlast its invoices)");
        key("settler_slow", "0", "fault: probability that a call to or an answer from the settler is delayed");
        key("settler_slow_max_s", "30", "fault: that extra delay is uniform up to this long");
        key("late_payers", "0", "fault: fraction of customers that do not pay when the offer window closes");
        key("late_pay_max_s", "180", "fault: a late payer takes the cheapest live offer uniformly up to this late");
        key("never_pay", "0", "fault: fraction of a late payer's jobs that are never paid");
        key("revocation_fetch_s", "300", "every node fetches the settler's revocation list this often (its own phase)");
        key("max_revocation_age_s", "900", "a node refuses the certificates of a settler whose latest list is older");
        key("revoke_at_s", "0", "the settler revokes the certificate of the driver with the most customers within"
                + " its radius at this time, 0 = never");
        key("audit", "false", "record every node's settled payments per payment hash (MoneyAudit)");
        key("progress", "true", "print a progress line while running (only on a terminal)");
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private SimParams() {}

    /** All defaults. */
    public static SimParams defaults() {
        SimParams p = new SimParams();
        KEYS.values().forEach(k -> p.values.put(k.name(), k.defaultValue()));
        return p;
    }

    /** Every known key, in documentation order. */
    public static Iterable<Key> keys() {
        return KEYS.values();
    }

    /** A copy with {@code name} set to {@code value}; refuses unknown keys and malformed values. */
    public SimParams with(String name, String value) {
        Key key = KEYS.get(Objects.requireNonNull(name, "name"));
        if (key == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + String.join(", ",
                    KEYS.keySet()));
        }
        SimParams p = copy();
        p.values.put(name, value.trim());
        p.check(key);
        return p;
    }

    /** A copy with {@code key=value} applied. */
    public SimParams with(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected key=value, got '" + assignment + "'");
        }
        return with(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
    }

    private SimParams copy() {
        SimParams p = new SimParams();
        p.values.putAll(values);
        return p;
    }

    /** Keys whose value is a fraction in [0, 1]; their defaults look like integers ("0") but are reals. */
    private void check(Key key) {
        String v = values.get(key.name());
        try {
            switch (key.type()) {
                case FLAG -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException("true or false");
                    }
                }
                case INTEGER -> {
                    if (Long.parseLong(v) < 0) {
                        throw new IllegalArgumentException("not negative");
                    }
                }
                case REAL -> {
                    double d = Double.parseDouble(v);
                    if (!(d >= 0) || Double.isInfinite(d)) {
                        throw new IllegalArgumentException("a number >= 0");
                    }
                }
                case TEXT -> { }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + key.name() + "': '" + v + "' is not valid ("
                    + (e instanceof NumberFormatException ? "a number" : e.getMessage()) + ")");
        }
        if (key.name().equals("topology") && !v.matches("city|regular|smallworld")) {
            throw new IllegalArgumentException("parameter 'topology': '" + v + "' is not city, regular or smallworld");
        }
        if (key.name().equals("dispute_default") && !v.matches("worker|customer")) {
            throw new IllegalArgumentException("parameter 'dispute_default': '" + v + "' is not worker or customer");
        }
        if (key.name().equals("pow") && !v.matches("real|cost")) {
            throw new IllegalArgumentException("parameter 'pow': '" + v + "' is not real or cost");
        }
        if (key.name().equals("replies_per_topic")
                && (Long.parseLong(v) < 1 || Long.parseLong(v) > EngineConfig.MAX_REPLIES_PER_TOPIC)) {
            throw new IllegalArgumentException("parameter 'replies_per_topic': " + v + " is not 1 to "
                    + EngineConfig.MAX_REPLIES_PER_TOPIC);
        }
        if (key.name().equals("routes_sweep")) {
            routesSweep(v);
        }
        if (FRACTIONS.contains(key.name()) && Double.parseDouble(v) > 1) {
            throw new IllegalArgumentException("parameter '" + key.name() + "': " + v + " is above 1");
        }
    }

    /** Most values a routes sweep takes: each is a whole run. */
    static final int MAX_SWEEP_VALUES = 8;

    /**
     * The values of {@code routes_sweep}: distinct, each 1 to 16 (a valid {@code multibroadcast} and
     * {@code replies_per_topic}), at most {@value #MAX_SWEEP_VALUES}, in the order given; none when empty.
     */
    static int[] routesSweep(String v) {
        if (v.isEmpty()) {
            return new int[0];
        }
        String[] parts = v.split(",", -1);
        if (parts.length > MAX_SWEEP_VALUES) {
            throw new IllegalArgumentException("parameter 'routes_sweep': more than " + MAX_SWEEP_VALUES + " values");
        }
        int[] ks = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (!part.matches("\\d{1,2}") || Integer.parseInt(part) < 1
                    || Integer.parseInt(part) > EngineConfig.MAX_REPLIES_PER_TOPIC) {
                throw new IllegalArgumentException("parameter 'routes_sweep': '" + part + "' is not 1 to "
                        + EngineConfig.MAX_REPLIES_PER_TOPIC);
            }
            ks[i] = Integer.parseInt(part);
            for (int j = 0; j < i; j++) {
                if (ks[j] == ks[i]) {
                    throw new IllegalArgumentException("parameter 'routes_sweep': " + part + " given twice");
                }
            }
        }
        return ks;
    }

    /** The values of this run's {@code routes_sweep}; none when it sweeps nothing. */
    public int[] routesSweep() {
        return routesSweep(get("routes_sweep"));
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter " + name);
        }
        return v;
    }

    public int integer(String name) {
        long v = Long.parseLong(get(name));
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter '" + name + "' too large: " + v);
        }
        return (int) v;
    }

    public long longValue(String name) {
        return Long.parseLong(get(name));
    }

    public double real(String name) {
        return Double.parseDouble(get(name));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }

    /** The values, in documentation order. */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
