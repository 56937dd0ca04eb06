package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomRegularTest {
    @Property(tries = 150)
    void everyDegreeIsExactlyKAndTheGraphIsSimpleAndConnected(
            @ForAll @IntRange(min = 3, max = 120) int n, @ForAll @IntRange(min = 2, max = 12) int k,
            @ForAll long seed) {
        Assume.that(k < n && (n * k) % 2 == 0);
        Topology g = RandomRegular.build(n, k, new SplittableRandom(seed));
        assertRegularConnected(g, n, k);
    }

    /** A large graph, a degree-2 graph (one Hamiltonian cycle) and a complete graph. */
    @ParameterizedTest
    @CsvSource({"200000, 8, 800000", "10000, 2, 10000", "9, 8, 36"})
    void edgeCasesAndLargeGraphs(int n, int k, int edges) {
        Topology g = RandomRegular.build(n, k, new SplittableRandom(n));
        assertRegularConnected(g, n, k);
        assertThat(g.edgeCount()).isEqualTo(edges);
    }

    @Test
    void sameSeedSameArraysDifferentSeedDifferentGraph() {
        Topology a = RandomRegular.build(5000, 6, new SplittableRandom(11));
        Topology b = RandomRegular.build(5000, 6, new SplittableRandom(11));
        Topology c = RandomRegular.build(5000, 6, new SplittableRandom(12));
        assertThat(a.offsets()).isEqualTo(b.offsets());
        assertThat(a.adjacency()).isEqualTo(b.adjacency());
        assertThat(a.sameAs(c)).isFalse();
    }

    @Test
    void rejectsImpossibleParameters() {
        SplittableRandom r = new SplittableRandom(0);
        assertThatThrownBy(() -> RandomRegular.build(5, 3, r)).hasMessageContaining("even");
        assertThatThrownBy(() -> RandomRegular.build(4, 4, r)).hasMessageContaining("k < n");
        assertThatThrownBy(() -> RandomRegular.build(10, 1, r)).hasMessageContaining("2 <= k");
    }

    private static void assertRegularConnected(Topology g, int n, int k) {
        assertThat(g.nodeCount()).isEqualTo(n);
        assertThat(g.minDegree()).isEqualTo(k);
        assertThat(g.maxDegree()).isEqualTo(k);
        GraphChecks.assertSimpleAndSymmetric(g);
        assertThat(Components.of(g).connected()).isTrue();
    }
}
