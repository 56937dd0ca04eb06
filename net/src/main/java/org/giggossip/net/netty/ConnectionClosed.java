package org.giggossip.net.netty;

import java.util.Objects;

/**
 * Why a handler of this package closed its connection, as a user event fired
 * just before the close (for peer scoring and a rate-limited log line; docs/style.md 6, 14).
 */
public record ConnectionClosed(String reason) {
    public ConnectionClosed {
        Objects.requireNonNull(reason, "reason");
    }
}
