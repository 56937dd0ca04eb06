package org.giggossip.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.giggossip.core.validation.Verdict;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final String SYDNEY_8 = "r3gx2g5m";

    private static TaxiTopic taxi(String from, String to, Duration startsIn, Duration window) {
        Instant after = NOW.plus(startsIn);
        return new TaxiTopic(from, to, after, after.plus(window));
    }

    private static TaxiTopic ride(String from, String to) {
        return taxi(from, to, Duration.ofMinutes(10), Duration.ofMinutes(20));
    }

    private static Verdict evaluate(TopicPolicy policy, Topic topic) {
        return policy.evaluate(topic, NOW);
    }

    private static void assertIgnored(Verdict v, String reasonPart) {
        assertThat(v).isInstanceOf(Verdict.Ignore.class);
        assertThat(((Verdict.Ignore) v).reason()).contains(reasonPart);
    }

    @Test
    void defaults() {
        TopicPolicy p = TopicPolicy.defaults();
        assertThat(p.carriesTaxi()).isTrue();
        assertThat(p.applicationKinds()).isEmpty();
        assertThat(p.minTaxiPrecision()).isEqualTo(1);
        assertThat(p.maxTaxiPrecision()).isEqualTo(8);
        assertThat(p.maxPickupWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(p.maxPickupLead()).isEqualTo(Duration.ofHours(24));
        assertThat(evaluate(p, ride("r3gx2g5", "r3gx2g5"))).isEqualTo(Verdict.accept());
        assertThat(evaluate(p, new ApplicationTopic("delivery/v1", new byte[] {1}))).isEqualTo(Verdict.accept());
    }

    @Test
    void taxiCanBeSwitchedOff() {
        TopicPolicy p = TopicPolicy.builder().carriesTaxi(false).build();
        assertIgnored(evaluate(p, ride("r3gx2g5", "r3gx2g5")), "taxi topics are not carried");
        assertThat(evaluate(p, new ApplicationTopic("delivery/v1", new byte[0])).isAccepted()).isTrue();
    }

    @Test
    void maximumPrecisionBoundary() {
        TopicPolicy p = TopicPolicy.defaults();
        assertThat(evaluate(p, ride(SYDNEY_8, SYDNEY_8)).isAccepted()).isTrue();
        assertIgnored(evaluate(p, ride(SYDNEY_8 + "0", "r3gx")), "pickup location too precise: precision 9");
        assertIgnored(evaluate(p, ride("r3gx", SYDNEY_8 + "0")), "drop-off location too precise: precision 9");
        assertIgnored(evaluate(p, ride("r3gx2g5m0000", "r3gx")), "precision 12, at most 8");
    }

    @Test
    void reasonsDoNotLeakTheLocation() {
        Verdict v = evaluate(TopicPolicy.defaults(), ride("r3gx2g5m0", "r3gx"));
        assertThat(((Verdict.Ignore) v).reason()).doesNotContain("r3g");
    }

    @Test
    void minimumPrecisionBoundary() {
        TopicPolicy p = TopicPolicy.builder().minTaxiPrecision(7).build();
        assertThat(evaluate(p, ride("r3gx2g5", "r3gx2g5")).isAccepted()).isTrue();
        assertIgnored(evaluate(p, ride("r3gx2g", "r3gx2g5")), "pickup location too coarse: precision 6, at least 7");
        assertIgnored(evaluate(p, ride("r3gx2g5", "r3gx2g")), "drop-off location too coarse");
        assertThat(evaluate(TopicPolicy.defaults(), ride("r", "r")).isAccepted()).isTrue();
    }

    @Test
    void maximumWindowBoundary() {
        TopicPolicy p = TopicPolicy.builder().maxPickupWindow(Duration.ofMinutes(30)).build();
        assertThat(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ZERO, Duration.ofMinutes(30))).isAccepted()).isTrue();
        assertIgnored(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ZERO, Duration.ofMinutes(30).plusNanos(1))),
            "pickup window of PT30M0.000000001S is longer than PT30M");
        assertThat(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ZERO, Duration.ZERO)).isAccepted()).isTrue();
    }

    @Test
    void maximumLeadBoundary() {
        TopicPolicy p = TopicPolicy.builder().maxPickupLead(Duration.ofHours(1)).build();
        assertThat(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ofHours(1), Duration.ofMinutes(5))).isAccepted())
            .isTrue();
        assertIgnored(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ofHours(1).plusSeconds(1), Duration.ofMinutes(5))),
            "pickup starts in PT1H1S, more than PT1H ahead");
    }

    @Test
    void endedWindowIsIgnoredButAnOpenOneIsNot() {
        TopicPolicy p = TopicPolicy.defaults();
        // Started ten minutes ago and still open: accepted.
        assertThat(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ofMinutes(-10), Duration.ofMinutes(10))).isAccepted())
            .isTrue();
        assertIgnored(evaluate(p, taxi("r3gx2g5", "r3gx", Duration.ofMinutes(-10), Duration.ofMinutes(9))),
            "pickup window ended PT1M ago");
    }

    @Test
    void extremeInstantsDoNotThrow() {
        TaxiTopic farFuture = new TaxiTopic("r3gx2g5", "r3gx", Instant.MAX, Instant.MAX);
        assertIgnored(evaluate(TopicPolicy.defaults(), farFuture), "more than PT24H ahead");
        TaxiTopic forever = new TaxiTopic("r3gx2g5", "r3gx", Instant.MIN, Instant.MAX);
        assertIgnored(evaluate(TopicPolicy.defaults(), forever), "is longer than PT2H");
    }

    @Test
    void applicationAllowList() {
        TopicPolicy p = TopicPolicy.builder().applicationKinds(Set.of("delivery/v1")).build();
        assertThat(evaluate(p, new ApplicationTopic("delivery/v1", new byte[0])).isAccepted()).isTrue();
        assertIgnored(evaluate(p, new ApplicationTopic("cleaning/v1", new byte[0])),
            "application kind not carried: cleaning/v1");
        assertThat(p.applicationKinds()).contains(Set.of("delivery/v1"));

        TopicPolicy none = TopicPolicy.builder().applicationKinds(Set.of()).build();
        assertIgnored(evaluate(none, new ApplicationTopic("delivery/v1", new byte[0])), "not carried");
        assertThat(evaluate(none, ride("r3gx2g5", "r3gx")).isAccepted()).isTrue();

        TopicPolicy all = p.toBuilder().allApplicationKinds().build();
        assertThat(evaluate(all, new ApplicationTopic("cleaning/v1", new byte[0])).isAccepted()).isTrue();
    }

    @Test
    void allowListIsCopied() {
        Set<String> kinds = new java.util.HashSet<>(Set.of("delivery/v1"));
        TopicPolicy p = TopicPolicy.builder().applicationKinds(kinds).build();
        kinds.add("cleaning/v1");
        assertIgnored(evaluate(p, new ApplicationTopic("cleaning/v1", new byte[0])), "not carried");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        TopicPolicy p = TopicPolicy.builder().carriesTaxi(false).minTaxiPrecision(3).maxTaxiPrecision(9)
            .maxPickupWindow(Duration.ofMinutes(7)).maxPickupLead(Duration.ofMinutes(8))
            .applicationKinds(Set.of("a")).build();
        TopicPolicy q = p.toBuilder().build();
        assertThat(q.toString()).isEqualTo(p.toString());
        assertThat(q.minTaxiPrecision()).isEqualTo(3);
        assertThat(q.maxTaxiPrecision()).isEqualTo(9);
        assertThat(q.carriesTaxi()).isFalse();
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> TopicPolicy.builder().maxTaxiPrecision(13))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTaxiPrecision must be 1 to 12");
        assertThatThrownBy(() -> TopicPolicy.builder().minTaxiPrecision(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minTaxiPrecision");
        assertThatThrownBy(() -> TopicPolicy.builder().minTaxiPrecision(9).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is above maxTaxiPrecision 8");
        assertThatThrownBy(() -> TopicPolicy.builder().maxPickupWindow(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPickupWindow");
        assertThatThrownBy(() -> TopicPolicy.builder().maxPickupLead(null))
            .isInstanceOf(NullPointerException.class);
    }
}
