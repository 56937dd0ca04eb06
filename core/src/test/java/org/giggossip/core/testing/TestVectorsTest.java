package org.giggossip.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestVectorsTest {

    @Test
    void aMissingVectorFileIsAnErrorNamingWhereItBelongs() {
        assertThatThrownBy(() -> TestVectors.lines("no-such-vectors.txt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("core/src/test/resources/vectors/no-such-vectors.txt");
    }

    @Test
    void everyOfficialVectorFileIsOnTheClassPath() {
        for (String name : new String[] {"bip340-test-vectors.csv", "bip340-final-test-vectors.csv",
                "bolt08-transport-vectors.txt", "bolt11-examples.txt"}) {
            assertThat(TestVectors.lines(name)).as(name).hasSizeGreaterThan(10);
        }
    }
}
