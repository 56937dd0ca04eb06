package org.giggossip.store.violation;

import java.security.SecureRandom;
import org.giggossip.sim.random.SeededRandom;

/** In a package named like {@code store}'s: the simulator's insecure generator outside the simulator. */
public final class UsesSeededRandom {
    private UsesSeededRandom() {}

    public static SecureRandom random() {
        return new SeededRandom(1);
    }
}
