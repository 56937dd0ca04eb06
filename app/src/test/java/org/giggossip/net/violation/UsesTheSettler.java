package org.giggossip.net.violation;

import org.giggossip.settler.service.SettlerService;

/** In a package named like {@code net}'s: breaks "net uses only core". */
public final class UsesTheSettler {
    private UsesTheSettler() {}

    public static String name() {
        return SettlerService.class.getName();
    }
}
