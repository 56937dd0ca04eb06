package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WattsStrogatzTest {
    @Test
    void withoutRewiringItIsTheRingLattice() {
        int n = 1000;
        int k = 6;
        Topology g = WattsStrogatz.build(n, k, 0.0, new SplittableRandom(5));
        assertThat(g.edgeCount()).isEqualTo(n * k / 2);
        for (int u = 0; u < n; u++) {
            for (int j = 1; j <= k / 2; j++) {
                assertThat(g.hasEdge(u, (u + j) % n)).isTrue();
            }
        }
        // The lattice's clustering is 3(k-2) / (4(k-1)) = 0.6 for k = 6.
        assertThat(TopologyMetrics.clustering(g, n, new SplittableRandom(0))).isCloseTo(0.6, within(1e-12));
    }

    @Property(tries = 60)
    void edgeCountIsKeptAndGraphIsSimpleAndConnected(
            @ForAll @IntRange(min = 10, max = 300) int n, @ForAll @IntRange(min = 2, max = 4) int halfK,
            @ForAll @DoubleRange(min = 0, max = 0.3) double p, @ForAll long seed) {
        Topology g = WattsStrogatz.build(n, 2 * halfK, p, new SplittableRandom(seed));
        assertThat(g.edgeCount()).isEqualTo(n * halfK);
        GraphChecks.assertSimpleAndSymmetric(g);
        assertThat(Components.of(g).connected()).isTrue();
    }

    @Test
    void aboutAShareOfPEdgesIsRewired() {
        int n = 20_000;
        int k = 10;
        double p = 0.2;
        Topology g = WattsStrogatz.build(n, k, p, new SplittableRandom(8));
        long latticeEdges = 0;
        for (int u = 0; u < n; u++) {
            for (int j = 1; j <= k / 2; j++) {
                if (g.hasEdge(u, (u + j) % n)) {
                    latticeEdges++;
                }
            }
        }
        double rewired = 1 - latticeEdges / (double) g.edgeCount();
        // Rewiring can land on another lattice pair, so slightly under p; the binomial sd is about 0.002.
        assertThat(rewired).isBetween(0.19, 0.205);
    }

    @Test
    void smallWorldKeepsClusteringButShortensPaths() {
        int n = 5000;
        int k = 8;
        Topology lattice = WattsStrogatz.build(n, k, 0, new SplittableRandom(1));
        Topology small = WattsStrogatz.build(n, k, 0.05, new SplittableRandom(1));
        double cLattice = TopologyMetrics.clustering(lattice, n, new SplittableRandom(2));
        double cSmall = TopologyMetrics.clustering(small, n, new SplittableRandom(2));
        double lLattice = TopologyMetrics.pathLengths(lattice, 20, new SplittableRandom(3)).mean();
        double lSmall = TopologyMetrics.pathLengths(small, 20, new SplittableRandom(3)).mean();
        assertThat(cSmall).isGreaterThan(0.6 * cLattice);
        assertThat(lSmall).isLessThan(0.1 * lLattice);
    }

    @Test
    void sameSeedSameGraph() {
        Topology a = WattsStrogatz.build(3000, 6, 0.1, new SplittableRandom(4));
        Topology b = WattsStrogatz.build(3000, 6, 0.1, new SplittableRandom(4));
        assertThat(a.adjacency()).isEqualTo(b.adjacency());
        assertThat(a.offsets()).isEqualTo(b.offsets());
        assertThat(a.sameAs(WattsStrogatz.build(3000, 6, 0.1, new SplittableRandom(5)))).isFalse();
    }

    @Test
    void rejectsOddKAndBadP() {
        SplittableRandom r = new SplittableRandom(0);
        assertThatThrownBy(() -> WattsStrogatz.build(10, 3, 0.1, r)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WattsStrogatz.build(10, 4, 1.5, r)).isInstanceOf(IllegalArgumentException.class);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
