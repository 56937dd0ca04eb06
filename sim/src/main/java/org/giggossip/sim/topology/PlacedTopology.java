package org.giggossip.sim.topology;

import java.util.Objects;

/**
 * A topology whose nodes have geographic positions, as the {@link CityModel}
 * builds: node {@code i} of the graph is at {@code positions} entry {@code i}.
 *
 * @param topology  the graph
 * @param positions one position per node
 */
public record PlacedTopology(Topology topology, Positions positions) {
    /** Checks that there is one position per node. */
    public PlacedTopology {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(positions, "positions");
        if (topology.nodeCount() != positions.count()) {
            throw new IllegalArgumentException("topology has " + topology.nodeCount()
                + " nodes but there are " + positions.count() + " positions");
        }
    }

    /** The length in kilometres of the directed link at {@code slot} from node {@code u}. */
    public double linkLengthKm(int u, int slot) {
        return positions.distanceKm(u, topology.nodeAtSlot(slot));
    }
}
