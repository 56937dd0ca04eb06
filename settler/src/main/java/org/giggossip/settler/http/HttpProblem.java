package org.giggossip.settler.http;

/**
 * A request refused with an HTTP status and a reason the caller reads; the
 * server turns it into the JSON error body {@code {"status": n, "error": "reason"}}
 * (see {@link HttpExchanges#errorBody}).
 */
public final class HttpProblem extends RuntimeException {
    private final int status;

    public HttpProblem(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** 400 malformed, 401 unauthenticated, 403 forbidden, 404 unknown, 409 refused, 413 too large, 503 busy. */
    public int status() {
        return status;
    }

    /** 400 with {@code reason}. */
    public static HttpProblem badRequest(String reason) {
        return new HttpProblem(400, reason);
    }
}
