package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WalletLoopTest {
    @Test
    void theBackoffDoublesUpToItsBound() {
        WalletLoop loop = new WalletLoop("test", e -> { }, Duration.ofSeconds(3));
        try {
            assertThat(loop.backoffMillis(0)).isEqualTo(250);
            assertThat(loop.backoffMillis(1)).isEqualTo(500);
            assertThat(loop.backoffMillis(3)).isEqualTo(2000);
            assertThat(loop.backoffMillis(4)).isEqualTo(3000);
            assertThat(loop.backoffMillis(Integer.MAX_VALUE)).isEqualTo(3000);
        } finally {
            loop.close();
        }
    }
}
