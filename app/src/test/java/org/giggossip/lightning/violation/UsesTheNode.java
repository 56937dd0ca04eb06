package org.giggossip.lightning.violation;

import org.giggossip.node.daemon.NodeDaemon;

/** In a package named like {@code lightning}'s: breaks "lightning uses only core and store". */
public final class UsesTheNode {
    private UsesTheNode() {}

    public static String name() {
        return NodeDaemon.class.getName();
    }
}
