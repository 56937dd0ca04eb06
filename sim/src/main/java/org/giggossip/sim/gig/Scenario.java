package org.giggossip.sim.gig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named set of parameters: the built-in scenarios of {@code gg sim} (a city
 * of taxis, and one per attack of seed 000, 4.3) and scenario files for custom
 * runs. A scenario file is UTF-8 text of {@code key = value} lines; {@code #}
 * starts a comment; {@code scenario = NAME} starts from a built-in.
 */
public record Scenario(String name, String description, Map<String, String> settings) {

    /** Largest scenario file read, in bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private static final Map<String, Scenario> BUILT_IN = new LinkedHashMap<>();

    private static void builtIn(String name, String description, String... settings) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        BUILT_IN.put(name, new Scenario(name, description, m));
    }

    static {
        builtIn("taxi-city", "customers across Sydney hail rides; drivers near the pickup answer",
                "topology=city");
        builtIn("routes-per-job", "the taxi city run again with k = 1 to 4 routes per job (replies_per_topic = k,"
                + " then multibroadcast = k too): offers per job, network fees and frames (seed 000, 3.6)",
                "topology=city", "routes_sweep=1,2,3,4");
        builtIn("attack-silent", "30% of nodes drop everything (seed 000, 4.3.1)",
                "topology=city", "silent=0.3");
        builtIn("attack-spam", "2% of nodes flood topics every 2 s; honest nodes relay 6 topics per sender per minute",
                "topology=city", "spammer=0.02", "spam_interval_s=2", "sender_limit=6");
        // Nodes forget a payload id after 45 s (just over the 30 s timestamp tolerance, the shortest the
        // engine allows), so the replays at 60 s find it forgotten and reach the proof-of-work and timestamp
        // checks; with the default 30 min memory every replay is declined as already seen.
        builtIn("attack-chatterbox", "5% of nodes replay the broadcasts they received (4.3.2)",
                "topology=city", "chatterbox=0.05", "chatter_delay_s=60", "seen_retention_s=45");
        builtIn("attack-sybil-eclipse", "half of one customer's peers are Sybils dropping its topics (4.3.3, 4.3.4)",
                "topology=city", "sybil=0.5", "multibroadcast=2");
        builtIn("attack-censorship", "20% of nodes drop one customer's topics (4.3.5)",
                "topology=city", "censor=0.2");
        builtIn("attack-covert-flash", "10% of nodes behave, then all turn silent at 30 s (4.3.6)",
                "topology=city", "covert=0.1", "covert_at_s=30");
        // The administrator rules for the customer a minute after each dispute, before the 300 s deadline
        // (whose default would pay the worker); each run is made again under both policies, same seed.
        builtIn("attack-silent-worker", "20% of drivers take jobs and never serve; their customers dispute and the"
                + " settler rules for them; the network chain settles on reveal, then on job done (table 2, 4.2)",
                "topology=city", "silent_workers=0.2", "rule_after_s=60", "silent_compare=true");
        // Drivers are 30% of nodes and a job comes every 3 s, so that the revoked driver (the one with the
        // most customers near it) keeps offering after its revocation and its last job tells when
        // customers stopped taking it.
        builtIn("attack-revoked", "the settler revokes a central driver at 120 s; nodes fetch the list every 60 s"
                + " (3.2)", "topology=city", "workers=0.3", "jobs=120", "job_window_s=360", "revoke_at_s=120",
                "revocation_fetch_s=60", "max_revocation_age_s=180");
    }

    /** The built-in scenarios, in order. */
    public static Iterable<Scenario> builtIns() {
        return BUILT_IN.values();
    }

    /** A built-in scenario by name. */
    public static Scenario named(String name) {
        Scenario s = BUILT_IN.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; built in: "
                    + String.join(", ", BUILT_IN.keySet()) + " (or give a scenario file)");
        }
        return s;
    }

    /** Reads a scenario file; every problem names the file and line. */
    public static Scenario fromFile(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes, more than a scenario file may have ("
                    + MAX_FILE_BYTES + ")");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        String base = null;
        int lineNo = 0;
        for (String raw : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected key = value, got '" + raw + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.equals("scenario")) {
                base = value;
            } else {
                settings.put(key, value);
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (base != null) {
            all.putAll(named(base).settings());
        }
        all.putAll(settings);
        String name = file.getFileName().toString();
        Scenario s = new Scenario(name, "scenario file " + name + (base == null ? "" : " based on " + base), all);
        s.apply(SimParams.defaults());
        return s;
    }

    /** {@code params} with this scenario's settings applied. */
    public SimParams apply(SimParams params) {
        SimParams p = params;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        return p;
    }
}
