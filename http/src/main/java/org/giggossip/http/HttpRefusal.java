package org.giggossip.http;

import java.util.Optional;

/**
 * Why an HTTP API refused a request, as one of a fixed set (for metrics): refusal
 * messages carry free text (keys, paths, sizes), a refusal never does, so counting by
 * it cannot grow without bound.
 */
public enum HttpRefusal {
    /** 401: no or wrong bearer token (the node's app API). */
    TOKEN,
    /** 401: no {@code Authorization} header, or a malformed one (the settler's signed requests). */
    AUTH_MALFORMED,
    /** 401: the signed timestamp is outside the window. */
    AUTH_STALE,
    /** 401: the signature does not verify. */
    AUTH_BAD_SIGNATURE,
    /** 401: the nonce was used before (a replay). */
    AUTH_REPLAY,
    /** 400: malformed input. */
    BAD_REQUEST,
    /** 403: not an administrator, not a party of the object. */
    FORBIDDEN,
    /** 404: no such route or object. */
    NOT_FOUND,
    /** 405: the route does not take this method. */
    METHOD_NOT_ALLOWED,
    /** 409: the object is not in a state that allows this (a settler refusal). */
    CONFLICT,
    /** 413: the body is over the limit. */
    TOO_LARGE,
    /** 429: too many requests. */
    RATE_LIMITED,
    /** 500: a bug of ours. */
    INTERNAL,
    /** 503: busy (too many streams or long polls) or stopping. */
    UNAVAILABLE,
    /** 504: the service did not answer in time. */
    TIMEOUT,
    /** Any other status of 400 or more. */
    OTHER;

    /** The refusal a status of 400 or more stands for; empty below 400 (an answer, not a refusal). */
    public static Optional<HttpRefusal> ofStatus(int status) {
        if (status < 400) {
            return Optional.empty();
        }
        return Optional.of(switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> AUTH_MALFORMED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 500 -> INTERNAL;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> OTHER;
        });
    }
}
