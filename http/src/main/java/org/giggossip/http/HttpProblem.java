package org.giggossip.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * A request refused with an HTTP status and a detail the caller reads, answered as
 * {@code application/problem+json} (RFC 9457), with the headers the status calls for
 * ({@code Allow} on 405, {@code Retry-After} on 429 and 503, {@code WWW-Authenticate} on 401).
 */
public final class HttpProblem extends RuntimeException {
    /** The media type of the error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final Map<String, String> headers;

    public HttpProblem(int status, String detail) {
        this(status, detail, Map.of());
    }

    private HttpProblem(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 400 malformed, 401 unauthenticated, 403 forbidden, 404 unknown, 409 refused, 413 too large, 503 busy. */
    public int status() {
        return status;
    }

    /** The response headers that go with it. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The same problem answered with header {@code name} set to {@code value}. */
    public HttpProblem withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpProblem(status, getMessage(), h);
    }

    /** 400 with {@code detail}. */
    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, detail);
    }

    /**
     * The RFC 9457 body: {@code type} (about:blank: the status says it all), {@code title} (the
     * status' reason phrase), {@code status}, {@code detail}, and {@code error}, the detail again
     * under the name the first clients of our APIs read.
     */
    public ObjectNode body() {
        return body(status, getMessage());
    }

    /** The RFC 9457 body of a problem with {@code status} and {@code detail}. */
    public static ObjectNode body(int status, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.getMessage(status));
        body.put("status", status);
        body.put("detail", detail);
        body.put("error", detail);
        return body;
    }
}
