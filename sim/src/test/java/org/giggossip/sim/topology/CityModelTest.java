package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.giggossip.core.topic.Geohash;
import org.junit.jupiter.api.Test;

class CityModelTest {
    private static final CityModel SYDNEY = CityModel.sydney();
    private static final PlacedTopology CITY = SYDNEY.build(30_000, new SplittableRandom(21));

    @Test
    void isConnectedSimpleAndHasAtLeastTheNearLinks() {
        Topology g = CITY.topology();
        assertThat(Components.of(g).connected()).isTrue();
        GraphChecks.assertSimpleAndSymmetric(g);
        assertThat(g.minDegree()).isGreaterThanOrEqualTo(SYDNEY.nearLinks());
        assertThat(g.meanDegree()).isBetween(6.0, 12.0);
    }

    @Test
    void nodesLieInTheDisc() {
        Positions p = CITY.positions();
        for (int i = 0; i < p.count(); i++) {
            double d = Positions.distanceKm(SYDNEY.centerLatitude(), SYDNEY.centerLongitude(), p.latitude(i), p.longitude(i));
            assertThat(d).isLessThanOrEqualTo(SYDNEY.radiusKm() * 1.001);
        }
    }

    @Test
    void mostLinksAreShortAndAFewAreLong() {
        Topology g = CITY.topology();
        int shortLinks = 0;
        int longLinks = 0;
        for (int u = 0; u < g.nodeCount(); u++) {
            for (int s = g.firstSlot(u); s < g.firstSlot(u + 1); s++) {
                double km = CITY.linkLengthKm(u, s);
                if (km < 1.0) {
                    shortLinks++;
                } else if (km > 5.0) {
                    longLinks++;
                }
            }
        }
        assertThat(shortLinks / (double) g.slotCount()).isGreaterThan(0.9);
        assertThat(longLinks).isPositive();
    }

    @Test
    void nodesAreClusteredNotUniform() {
        // Uniform placement would put about 1/16 of the nodes in a disc of a quarter
        // the radius around any point; suburbs make some such discs much fuller.
        Positions p = CITY.positions();
        int best = 0;
        for (int c = 0; c < 200; c++) {
            int near = 0;
            for (int i = 0; i < p.count(); i++) {
                if (p.distanceKm(c, i) < SYDNEY.radiusKm() / 4) {
                    near++;
                }
            }
            best = Math.max(best, near);
        }
        assertThat(best).isGreaterThan(p.count() / 8);
    }

    @Test
    void geohashesComeFromCoreAndNameSydney() {
        Positions p = CITY.positions();
        assertThat(p.geohash(0, 7)).isEqualTo(Geohash.encode(p.latitude(0), p.longitude(0), 7));
        assertThat(Geohash.encode(SYDNEY.centerLatitude(), SYDNEY.centerLongitude(), 4)).isEqualTo("r3gx");
        int inR3g = 0;
        for (int i = 0; i < p.count(); i++) {
            if (p.geohash(i, 3).equals("r3g")) {
                inR3g++;
            }
        }
        assertThat(inR3g).isGreaterThan(p.count() * 9 / 10);
    }

    @Test
    void sameSeedSameCity() {
        PlacedTopology again = SYDNEY.build(30_000, new SplittableRandom(21));
        assertThat(again.topology().adjacency()).isEqualTo(CITY.topology().adjacency());
        assertThat(again.positions().sameAs(CITY.positions())).isTrue();
        assertThat(SYDNEY.build(30_000, new SplittableRandom(22)).positions().sameAs(CITY.positions())).isFalse();
    }

    @Test
    void sparseIsolatedSuburbsAreJoined() {
        // Tight, far-apart suburbs and no long links: the nearest-neighbour graph falls apart.
        CityModel islands = SYDNEY.withClusters(12, 1.0, 0.05).withNearLinks(3).withLongLinksPerNode(0);
        PlacedTopology city = islands.build(2000, new SplittableRandom(2));
        assertThat(Components.of(city.topology()).connected()).isTrue();
        GraphChecks.assertSimpleAndSymmetric(city.topology());
    }
}
