package org.giggossip.core.violation;

import org.giggossip.net.noise.Bolt8Handshake;

/** Breaks "core uses no other module". */
public final class UsesNet {
    private UsesNet() {}

    public static String name() {
        return Bolt8Handshake.class.getName();
    }
}
