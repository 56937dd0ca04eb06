package org.giggossip.settler.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * What every JSON endpoint on the JDK's {@code HttpServer} does the same way:
 * read a request body with its size checked before it is read, write a JSON
 * answer, and write the JSON error body. Shared by the settler's API and usable
 * by any other {@code com.sun.net.httpserver} API of ours.
 */
public final class HttpExchanges {
    private HttpExchanges() {}

    /**
     * The request body, refused with 413 when its declared length is over
     * {@code maxBytes} (before any byte is read) or when more than that arrives.
     *
     * @throws HttpProblem 413 too large, 400 bad Content-Length or unreadable body
     */
    public static byte[] readBody(HttpExchange ex, int maxBytes) {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("bad Content-Length");
            }
            if (length > maxBytes) {
                throw new HttpProblem(413, "body of " + length + " bytes is over the limit of " + maxBytes);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new HttpProblem(413, "body is over the limit of " + maxBytes + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw HttpProblem.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** The error body: {@code {"status": status, "error": reason}}. */
    public static ObjectNode errorBody(int status, String reason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", status);
        body.put("error", reason);
        return body;
    }

    /** Sends {@code body} as the JSON answer with {@code status}; answers are never cached. */
    public static void sendJson(HttpExchange ex, ObjectMapper mapper, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /**
     * The path parameters if {@code path} (the request path without its leading
     * '/', split on '/') matches {@code template}, such as {@code /v1/jobs/{id}};
     * a parameter never matches an empty segment.
     */
    public static java.util.Optional<java.util.Map<String, String>> matchTemplate(String template, String[] path) {
        String[] parts = template.substring(1).split("/");
        if (parts.length != path.length) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, String> params = new java.util.HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{")) {
                if (path[i].isEmpty()) {
                    return java.util.Optional.empty();
                }
                params.put(parts[i].substring(1, parts[i].length() - 1), path[i]);
            } else if (!parts[i].equals(path[i])) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(params);
    }

    /** A route chosen for a request, with the parameters its path template matched. */
    public record Matched<R>(R route, java.util.Map<String, String> params) {}

    /**
     * The route of {@code routes} that serves {@code ex}, each route's method and path template
     * given by {@code method} and {@code template}; the first whose template matches the path and
     * whose method is the request's wins.
     *
     * @throws HttpProblem 404 when no template matches the path; 405, with {@code Allow} set, when
     *                     templates match but none of them takes the request's method
     */
    public static <R> Matched<R> findRoute(HttpExchange ex, java.util.List<R> routes,
            java.util.function.Function<R, String> method, java.util.function.Function<R, String> template) {
        String path = ex.getRequestURI().getRawPath();
        String[] parts = path.length() <= 1 ? new String[] {""} : path.substring(1).split("/", -1);
        java.util.List<String> allowed = new java.util.ArrayList<>();
        for (R r : routes) {
            java.util.Optional<java.util.Map<String, String>> params = matchTemplate(template.apply(r), parts);
            if (params.isEmpty()) {
                continue;
            }
            if (method.apply(r).equals(ex.getRequestMethod())) {
                return new Matched<>(r, params.get());
            }
            allowed.add(method.apply(r));
        }
        if (allowed.isEmpty()) {
            throw new HttpProblem(404, "no such endpoint: " + path + " (see GET /openapi.json)");
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new HttpProblem(405, ex.getRequestMethod() + " not allowed on " + path + "; use "
                + String.join(" or ", allowed));
    }
}
