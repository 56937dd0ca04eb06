package org.giggossip.core.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.giggossip.core.validation.Verdict;

/**
 * Which topics a node is willing to carry (seed 000, section 3.1; the middleman's
 * answer to "asking for broadcast", section 3). Immutable; build one with
 * {@link #builder()} or take the {@link #defaults()}.
 *
 * <p>Every rule here is a local preference, not a protocol rule: a peer cannot
 * know our policy before asking, and the topic records already enforce syntax
 * when they are decoded. So {@link #evaluate} only ever accepts or
 * {@linkplain Verdict#ignore ignores}, never rejects: the node declines to
 * broadcast and nobody is penalised.
 *
 * <p>Taxi topics (seed 000, section 3.1):
 * <ul>
 *   <li>At most {@linkplain #maxTaxiPrecision() a maximum precision}, default
 *       {@value #DEFAULT_MAX_TAXI_PRECISION} (cells of about 38 m by 19 m). The seed
 *       suggests 8 so that the customer cannot be pinpointed at broadcast time:
 *       "nodes ... might not accept locations in taxi-topics that are too specific".</li>
 *   <li>At least {@linkplain #minTaxiPrecision() a minimum precision}, default
 *       {@value #DEFAULT_MIN_TAXI_PRECISION}, that is no minimum. The seed says a
 *       taxi topic needs precision 7 (cells under 200 m) to be useful, but that is
 *       for the driver to judge: a coarse cell harms nobody's privacy, and a relay
 *       that dropped it would only make the network less useful. A driver's node,
 *       which replies rather than relays, can raise it to 7.</li>
 *   <li>A pickup window at most {@linkplain #maxPickupWindow() this long},
 *       default {@link #DEFAULT_MAX_PICKUP_WINDOW} (2 hours): a longer window
 *       is not a ride request a driver can plan for, and lets one topic linger in
 *       the network.</li>
 *   <li>An earliest pickup at most {@linkplain #maxPickupLead() this far} ahead,
 *       default {@link #DEFAULT_MAX_PICKUP_LEAD} (24 hours): enough to book an
 *       airport ride the evening before, without carrying topics for days.</li>
 *   <li>A window that has not ended yet: a ride whose latest pickup has passed
 *       is of no use to anybody.</li>
 * </ul>
 *
 * <p>Application topics: all kinds by default, or only those in an allow-list.
 */
public final class TopicPolicy {
    /** No minimum: see the class comment. */
    public static final int DEFAULT_MIN_TAXI_PRECISION = Geohash.MIN_PRECISION;
    /** The seed's suggestion (section 3.1): cells of about 38 m by 19 m. */
    public static final int DEFAULT_MAX_TAXI_PRECISION = 8;
    /** Longest pickup window carried by default. */
    public static final Duration DEFAULT_MAX_PICKUP_WINDOW = Duration.ofHours(2);
    /** How far ahead the earliest pickup may be, by default. */
    public static final Duration DEFAULT_MAX_PICKUP_LEAD = Duration.ofHours(24);

    private static final TopicPolicy DEFAULTS = new Builder().build();

    private final boolean carriesTaxi;
    private final Optional<Set<String>> applicationKinds;
    private final int minTaxiPrecision;
    private final int maxTaxiPrecision;
    private final Duration maxPickupWindow;
    private final Duration maxPickupLead;

    private TopicPolicy(Builder b) {
        this.carriesTaxi = b.carriesTaxi;
        this.applicationKinds = b.applicationKinds;
        this.minTaxiPrecision = b.minTaxiPrecision;
        this.maxTaxiPrecision = b.maxTaxiPrecision;
        this.maxPickupWindow = b.maxPickupWindow;
        this.maxPickupLead = b.maxPickupLead;
    }

    /** Taxi topics carried with the defaults above, and every application kind. */
    public static TopicPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.carriesTaxi = carriesTaxi;
        b.applicationKinds = applicationKinds;
        b.minTaxiPrecision = minTaxiPrecision;
        b.maxTaxiPrecision = maxTaxiPrecision;
        b.maxPickupWindow = maxPickupWindow;
        b.maxPickupLead = maxPickupLead;
        return b;
    }

    /**
     * Whether this node carries the topic at time {@code now}: {@link Verdict#accept()}
     * or {@link Verdict#ignore} with the first rule it breaks. The reasons give
     * precisions and durations but never the geohashes, so logging them does not
     * leak where a customer is.
     */
    public Verdict evaluate(Topic topic, Instant now) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(now, "now");
        return switch (topic) {
            case TaxiTopic taxi -> evaluateTaxi(taxi, now);
            case ApplicationTopic app -> evaluateApplication(app);
        };
    }

    private Verdict evaluateTaxi(TaxiTopic taxi, Instant now) {
        if (!carriesTaxi) {
            return Verdict.ignore("taxi topics are not carried");
        }
        return checkPrecision("pickup", taxi.fromGeohash())
            .and(() -> checkPrecision("drop-off", taxi.toGeohash()))
            .and(() -> checkTimes(taxi, now));
    }

    private Verdict checkPrecision(String which, String geohash) {
        int precision = geohash.length();
        if (precision > maxTaxiPrecision) {
            return Verdict.ignore(which + " location too precise: precision " + precision
                + ", at most " + maxTaxiPrecision);
        }
        if (precision < minTaxiPrecision) {
            return Verdict.ignore(which + " location too coarse: precision " + precision
                + ", at least " + minTaxiPrecision);
        }
        return Verdict.accept();
    }

    private Verdict checkTimes(TaxiTopic taxi, Instant now) {
        // Duration.between cannot overflow for any two Instants, unlike Instant.plus.
        Duration window = Duration.between(taxi.pickupAfter(), taxi.pickupBefore());
        if (window.compareTo(maxPickupWindow) > 0) {
            return Verdict.ignore("pickup window of " + window + " is longer than " + maxPickupWindow);
        }
        if (taxi.pickupBefore().isBefore(now)) {
            return Verdict.ignore("pickup window ended " + Duration.between(taxi.pickupBefore(), now) + " ago");
        }
        Duration lead = Duration.between(now, taxi.pickupAfter());
        if (lead.compareTo(maxPickupLead) > 0) {
            return Verdict.ignore("pickup starts in " + lead + ", more than " + maxPickupLead + " ahead");
        }
        return Verdict.accept();
    }

    private Verdict evaluateApplication(ApplicationTopic app) {
        if (applicationKinds.isPresent() && !applicationKinds.get().contains(app.kind())) {
            return Verdict.ignore("application kind not carried: " + app.kind());
        }
        return Verdict.accept();
    }

    /** Whether taxi topics are carried at all. */
    public boolean carriesTaxi() {
        return carriesTaxi;
    }

    /** The application kinds carried, or empty when every kind is. An empty set carries none. */
    public Optional<Set<String>> applicationKinds() {
        return applicationKinds;
    }

    /** The shortest geohash accepted in a taxi topic. */
    public int minTaxiPrecision() {
        return minTaxiPrecision;
    }

    /** The longest geohash accepted in a taxi topic. */
    public int maxTaxiPrecision() {
        return maxTaxiPrecision;
    }

    /** The longest pickup window accepted (inclusive). */
    public Duration maxPickupWindow() {
        return maxPickupWindow;
    }

    /** How far after now the earliest pickup may be (inclusive). */
    public Duration maxPickupLead() {
        return maxPickupLead;
    }

    @Override
    public String toString() {
        return "TopicPolicy[taxi=" + carriesTaxi
            + ", precision=" + minTaxiPrecision + ".." + maxTaxiPrecision
            + ", maxPickupWindow=" + maxPickupWindow + ", maxPickupLead=" + maxPickupLead
            + ", applicationKinds=" + applicationKinds.map(Object::toString).orElse("all") + "]";
    }

    /** Builds a {@link TopicPolicy}; every setting starts at its default. Not thread-safe. */
    public static final class Builder {
        private boolean carriesTaxi = true;
        private Optional<Set<String>> applicationKinds = Optional.empty();
        private int minTaxiPrecision = DEFAULT_MIN_TAXI_PRECISION;
        private int maxTaxiPrecision = DEFAULT_MAX_TAXI_PRECISION;
        private Duration maxPickupWindow = DEFAULT_MAX_PICKUP_WINDOW;
        private Duration maxPickupLead = DEFAULT_MAX_PICKUP_LEAD;

        private Builder() {}

        /** Whether taxi topics are carried at all. */
        public Builder carriesTaxi(boolean carriesTaxi) {
            this.carriesTaxi = carriesTaxi;
            return this;
        }

        /** Carry only these application kinds; with none, carry no application topics. */
        public Builder applicationKinds(Set<String> kinds) {
            this.applicationKinds = Optional.of(Set.copyOf(kinds));
            return this;
        }

        /** Carry every application kind (the default). */
        public Builder allApplicationKinds() {
            this.applicationKinds = Optional.empty();
            return this;
        }

        /** The shortest geohash accepted in a taxi topic, 1 to 12. */
        public Builder minTaxiPrecision(int precision) {
            this.minTaxiPrecision = checkPrecision("minTaxiPrecision", precision);
            return this;
        }

        /** The longest geohash accepted in a taxi topic, 1 to 12. */
        public Builder maxTaxiPrecision(int precision) {
            this.maxTaxiPrecision = checkPrecision("maxTaxiPrecision", precision);
            return this;
        }

        /** The longest pickup window accepted; zero or more. */
        public Builder maxPickupWindow(Duration d) {
            this.maxPickupWindow = checkNotNegative("maxPickupWindow", d);
            return this;
        }

        /** How far after now the earliest pickup may be; zero or more. */
        public Builder maxPickupLead(Duration d) {
            this.maxPickupLead = checkNotNegative("maxPickupLead", d);
            return this;
        }

        /** @throws IllegalArgumentException if the minimum precision is above the maximum */
        public TopicPolicy build() {
            if (minTaxiPrecision > maxTaxiPrecision) {
                throw new IllegalArgumentException("minTaxiPrecision " + minTaxiPrecision
                    + " is above maxTaxiPrecision " + maxTaxiPrecision);
            }
            return new TopicPolicy(this);
        }

        private static int checkPrecision(String name, int precision) {
            if (precision < Geohash.MIN_PRECISION || precision > Geohash.MAX_PRECISION) {
                throw new IllegalArgumentException(name + " must be " + Geohash.MIN_PRECISION + " to "
                    + Geohash.MAX_PRECISION + ", got " + precision);
            }
            return precision;
        }

        private static Duration checkNotNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
