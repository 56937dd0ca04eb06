package org.giggossip.settler.client;

import java.io.IOException;

/** The settler answered with an error status; {@link #getMessage()} is its reason. */
public final class SettlerHttpException extends IOException {
    private final int status;

    public SettlerHttpException(int status, String reason) {
        super("settler answered HTTP " + status + ": " + reason);
        this.status = status;
    }

    /** The HTTP status (401, 403, 404, 409, ...). */
    public int status() {
        return status;
    }
}
