package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.giggossip.core.settler.DisputeTerms;
import org.junit.jupiter.api.Test;

/** The invariants {@link EngineConfig} checks at construction. */
class EngineConfigTest {

    @Test
    void aSeenRetentionShorterThanTheTimestampToleranceIsRefused() {
        // inside the tolerance a replayed broadcast passes every check but dedup (seed 000, 4.3.2)
        assertThatThrownBy(() -> EngineConfig.builder().timestampTolerance(Duration.ofSeconds(30))
                .seenRetention(Duration.ofSeconds(29)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seenRetention");
    }

    @Test
    void aSeenRetentionEqualToTheToleranceIsAccepted() {
        EngineConfig c = EngineConfig.builder().timestampTolerance(Duration.ofSeconds(30))
                .seenRetention(Duration.ofSeconds(30)).build();
        assertThat(c.seenRetention()).isEqualTo(c.timestampTolerance());
    }

    @Test
    void aJobInvoiceMarginNoLongerThanWhatTheSettlerAsksBeyondItsTermsIsRefused() {
        // the settler and customers ask for 10 min beyond the terms; the margin also covers the time to the seal
        assertThatThrownBy(() -> EngineConfig.builder().jobInvoiceMargin(DisputeTerms.SETTLE_MARGIN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobInvoiceMargin");
        assertThat(EngineConfig.defaults().jobInvoiceMargin()).isEqualTo(Duration.ofHours(1));
        assertThat(EngineConfig.defaults().maxSettlementSpan()).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> EngineConfig.builder().maxSettlementSpan(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
