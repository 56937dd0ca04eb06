package org.giggossip.core.pow;

import org.giggossip.core.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.validation.Verdict;
import org.junit.jupiter.api.Test;

class TimestampWindowTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration TOLERANCE = Duration.ofSeconds(60);
    private static final Duration NS = Duration.ofNanos(1);

    private final Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TimestampWindow window = new TimestampWindow(fixed, TOLERANCE);

    @Test
    void theSeedsRuleHoldsExactlyAtBothBoundaries() {
        assertThat(window.check(NOW)).isEqualTo(Verdict.accept());                      // timestamp == now
        assertThat(window.check(NOW.minus(TOLERANCE))).isEqualTo(Verdict.accept());     // now == timestamp + tolerance
        assertThat(window.check(NOW.minusSeconds(30))).isEqualTo(Verdict.accept());
        assertStale(window.check(NOW.minus(TOLERANCE).minus(NS)));
        assertFuture(window.check(NOW.plus(NS)));
        assertThat(window.allowedSkew()).isZero();
        assertThat(window.tolerance()).isEqualTo(TOLERANCE);
    }

    @Test
    void zeroToleranceAcceptsOnlyNow() {
        TimestampWindow strict = new TimestampWindow(fixed, Duration.ZERO);
        assertThat(strict.check(NOW)).isEqualTo(Verdict.accept());
        assertStale(strict.check(NOW.minus(NS)));
        assertFuture(strict.check(NOW.plus(NS)));
    }

    @Test
    void skewAllowanceWidensOnlyTheFutureSide() {
        Duration skew = Duration.ofSeconds(2);
        TimestampWindow lenient = new TimestampWindow(fixed, TOLERANCE, skew);
        assertThat(lenient.check(NOW.plus(skew))).isEqualTo(Verdict.accept());
        assertFuture(lenient.check(NOW.plus(skew).plus(NS)));
        assertThat(lenient.check(NOW.minus(TOLERANCE))).isEqualTo(Verdict.accept());
        assertStale(lenient.check(NOW.minus(TOLERANCE).minus(NS)));
    }

    @Test
    void theClockIsReadAtEachCheck() {
        FakeClock clock = new FakeClock(NOW);
        TimestampWindow w = new TimestampWindow(clock, TOLERANCE);
        Instant ts = NOW.plusSeconds(5);
        assertFuture(w.check(ts));
        clock.advance(Duration.ofSeconds(5));
        assertThat(w.check(ts)).isEqualTo(Verdict.accept());
        clock.advance(TOLERANCE);
        assertThat(w.check(ts)).isEqualTo(Verdict.accept());
        clock.advance(NS);
        assertStale(w.check(ts));
    }

    @Test
    void extremeTimestampsGiveVerdictsNotExceptions() {
        assertFuture(window.check(Instant.MAX));
        assertStale(window.check(Instant.MIN));
        TimestampWindow huge = new TimestampWindow(fixed, Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(huge.check(Instant.MAX)).isEqualTo(Verdict.accept());
        assertThat(huge.check(Instant.MIN)).isEqualTo(Verdict.accept());
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new TimestampWindow(fixed, Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampWindow(fixed, TOLERANCE, NS.negated()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertFuture(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) v).penalty().severity()).isEqualTo(Penalty.Severity.MINOR);
        assertThat(((Verdict.Reject) v).penalty().reason()).isEqualTo(Penalty.Reason.FUTURE_TIMESTAMP);
    }

    private static void assertStale(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) v).penalty().severity()).isEqualTo(Penalty.Severity.MINOR);
        assertThat(((Verdict.Reject) v).penalty().reason()).isEqualTo(Penalty.Reason.STALE_TIMESTAMP);
    }
}
