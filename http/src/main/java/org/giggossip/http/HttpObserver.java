package org.giggossip.http;

/**
 * Told of every request an HTTP API of ours answered (for metrics): the settler's
 * API and the node's app API. Called on the request's thread once the answer is sent (for
 * an event stream, when it ends): it must be cheap and thread-safe. Every argument comes
 * from a fixed set, never from the request's path or body, so that a caller cannot make
 * an observer keep more state by inventing paths.
 */
@FunctionalInterface
public interface HttpObserver {
    /** The route of a request that matched no route (404) or no method of its route (405). */
    String UNMATCHED = "unmatched";

    /** Observes nothing. */
    HttpObserver NONE = (route, method, status, refusal) -> { };

    /**
     * @param route   the path template of the route served, such as {@code /v1/jobs/{id}}, or
     *                {@link #UNMATCHED}
     * @param method  the request method as the client sent it (an observer bounds it itself)
     * @param status  the status sent, or -1 when none was (the client went away first)
     * @param refusal why the request was refused, null when it was answered (status below 400)
     */
    void answered(String route, String method, int status, HttpRefusal refusal);
}
