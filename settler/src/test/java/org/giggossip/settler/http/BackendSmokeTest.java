package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/** The test backend issues a reply hash: the ground the other HTTP tests stand on. */
class BackendSmokeTest {
    @Test
    void issuesAReplyHash() throws Exception {
        try (ApiFixture fx = new ApiFixture()) {
            assertThat(fx.newGig().hex()).hasSize(64);
        }
    }
}
