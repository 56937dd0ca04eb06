package org.giggossip.sim.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named event counters, listed in the order they were first asked for, so a
 * report that prints them is the same every run. Look a counter up once and keep
 * the {@link Counter}; incrementing it is a field update.
 */
public final class Counters {
    private final Map<String, Counter> counters = new LinkedHashMap<>();

    /** An empty set of counters. */
    public Counters() {}

    /** The counter named {@code name}, created at 0 on first use. */
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, n -> new Counter());
    }

    /** The value of {@code name}, 0 if it was never created. */
    public long get(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** A snapshot of every counter, in creation order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counters.forEach((name, c) -> copy.put(name, c.get()));
        return Collections.unmodifiableMap(copy);
    }

    /** One count. Not thread-safe: owned by the simulation loop. */
    public static final class Counter {
        private long value;

        Counter() {}

        /** Adds one. */
        public void increment() {
            value++;
        }

        /** Adds {@code n}. */
        public void add(long n) {
            value += n;
        }

        /** The current value. */
        public long get() {
            return value;
        }
    }
}
