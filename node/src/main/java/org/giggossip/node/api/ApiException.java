package org.giggossip.node.api;

/** A request the node refused: an HTTP-like status (400, 404, 409, 503) and the reason a user reads. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** 400 bad input, 404 unknown, 409 wrong state, 503 the node cannot do it now. */
    public int status() {
        return status;
    }
}
