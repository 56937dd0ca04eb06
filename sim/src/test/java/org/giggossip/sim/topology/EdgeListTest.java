package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeListTest {
    @Test
    void buildsSortedRowsAndMergesRepeats() {
        Topology g = new EdgeList(5).add(0, 3).add(3, 0).add(0, 1).add(4, 0).add(1, 2).add(0, 3).toTopology();
        GraphChecks.assertSimpleAndSymmetric(g);
        assertThat(g.nodeCount()).isEqualTo(5);
        assertThat(g.edgeCount()).isEqualTo(4);
        assertThat(g.neighbors(0)).containsExactly(1, 3, 4);
        assertThat(g.neighbors(2)).containsExactly(1);
        assertThat(g.degree(3)).isEqualTo(1);
        assertThat(g.slot(0, 4)).isEqualTo(2);
        assertThat(g.slot(2, 4)).isEqualTo(-1);
        assertThat(g.nodeAtSlot(g.slot(4, 0))).isZero();
        assertThat(g.minDegree()).isEqualTo(1);
        assertThat(g.maxDegree()).isEqualTo(3);
        assertThat(g.meanDegree()).isEqualTo(1.6);
    }

    @Test
    void rejectsSelfLoopsAndStrangers() {
        EdgeList e = new EdgeList(3);
        assertThatThrownBy(() -> e.add(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.add(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.add(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void componentsAreNumberedBySmallestNode() {
        Topology g = new EdgeList(6).add(4, 5).add(0, 2).add(2, 3).toTopology();
        Components c = Components.of(g);
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.connected()).isFalse();
        assertThat(c.label(0)).isZero();
        assertThat(c.label(1)).isEqualTo(1);
        assertThat(c.label(4)).isEqualTo(2);
        assertThat(c.size(0)).isEqualTo(3);
        assertThat(c.largest()).isZero();
        assertThat(Components.of(new EdgeList(0).toTopology()).count()).isZero();
    }
}
