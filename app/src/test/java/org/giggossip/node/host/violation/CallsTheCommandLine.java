package org.giggossip.node.host.violation;

import org.giggossip.app.cli.Gg;

/** In a package of node's library: breaks "the commands call the library, never the other way". */
public final class CallsTheCommandLine {
    private CallsTheCommandLine() {}

    public static String name() {
        return Gg.class.getName();
    }
}
