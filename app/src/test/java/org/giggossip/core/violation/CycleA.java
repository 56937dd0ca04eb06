package org.giggossip.core.violation;

import org.giggossip.core.violationb.CycleB;

/** With {@link CycleB}, breaks "the packages of core are free of cycles". */
public final class CycleA {
    private CycleA() {}

    public static int depth(int n) {
        return n <= 0 ? 0 : 1 + CycleB.depth(n - 1);
    }
}
