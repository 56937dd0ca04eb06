package org.giggossip.core.violationb;

import org.giggossip.core.violation.CycleA;

/** The other half of the package cycle of {@link CycleA}. */
public final class CycleB {
    private CycleB() {}

    public static int depth(int n) {
        return n <= 0 ? 0 : 1 + CycleA.depth(n - 1);
    }
}
