package org.giggossip.net.link;

/** A link could not be made or was lost; the message says why. */
public final class LinkException extends RuntimeException {
    public LinkException(String reason) {
        super(reason);
    }
}
