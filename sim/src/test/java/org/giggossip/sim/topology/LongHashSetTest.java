package org.giggossip.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LongHashSetTest {
    /** Positive ops add, negative remove; small keys force collisions and probe runs. */
    @Property(tries = 300)
    void behavesLikeHashSet(@ForAll @Size(max = 400) List<@IntRange(min = -60, max = 60) Integer> ops) {
        LongHashSet set = new LongHashSet(2);
        Set<Long> reference = new HashSet<>();
        for (int op : ops) {
            long key = Math.abs(op);
            if (op >= 0) {
                assertThat(set.add(key)).isEqualTo(reference.add(key));
            } else {
                assertThat(set.remove(key)).isEqualTo(reference.remove(key));
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        for (long k = 0; k <= 60; k++) {
            assertThat(set.contains(k)).isEqualTo(reference.contains(k));
        }
    }
}
