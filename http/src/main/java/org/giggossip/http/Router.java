package org.giggossip.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one router of our services: routes of any type, each with a method and a path template
 * such as {@code /v1/jobs/{id}}; a parameter matches one non-empty segment, and a last
 * parameter written {@code {name*}} matches the rest of the path (one or more segments).
 * The first route whose template matches the path and whose method is the request's wins.
 *
 * @param <R> the service's route type
 */
public final class Router<R> {
    /** A route chosen for a request, with the parameters its path template matched. */
    public record Matched<R>(R route, Map<String, String> params) {}

    private final List<R> routes;
    private final Function<R, String> method;
    private final Function<R, String> template;

    public Router(List<R> routes, Function<R, String> method, Function<R, String> template) {
        this.routes = List.copyOf(routes);
        this.method = Objects.requireNonNull(method, "method");
        this.template = Objects.requireNonNull(template, "template");
        for (R r : this.routes) {
            String t = template.apply(r);
            if (!t.startsWith("/")) {
                throw new IllegalArgumentException("a path template starts with '/': " + t);
            }
        }
    }

    /** The routes, in the order they are matched. */
    public List<R> routes() {
        return routes;
    }

    /** Every route as {@code "METHOD /path/{param}"}, in the order they are matched. */
    public List<String> list() {
        return routes.stream().map(r -> method.apply(r) + " " + template.apply(r)).toList();
    }

    /**
     * The route that serves {@code requestMethod} on {@code rawPath}.
     *
     * @throws HttpProblem 404 when no template matches the path; 405, with {@code Allow}, when
     *                     templates match but none of them takes the method
     */
    public Matched<R> find(String requestMethod, String rawPath) {
        String[] parts = rawPath.length() <= 1 ? new String[] {""} : rawPath.substring(1).split("/", -1);
        List<String> allowed = new ArrayList<>();
        for (R r : routes) {
            Optional<Map<String, String>> params = match(template.apply(r), parts);
            if (params.isEmpty()) {
                continue;
            }
            if (method.apply(r).equals(requestMethod)) {
                return new Matched<>(r, params.get());
            }
            allowed.add(method.apply(r));
        }
        if (allowed.isEmpty()) {
            throw new HttpProblem(404, "no such endpoint: " + rawPath + " (see GET /openapi.json)");
        }
        throw new HttpProblem(405, requestMethod + " not allowed on " + rawPath + "; use "
                + String.join(" or ", allowed)).withHeader("Allow", String.join(", ", allowed));
    }

    /** The parameters if {@code path} (split on '/', without the leading one) matches {@code template}. */
    static Optional<Map<String, String>> match(String template, String[] path) {
        String[] parts = template.substring(1).split("/");
        boolean rest = parts[parts.length - 1].endsWith("*}");
        if (rest ? path.length < parts.length : parts.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (rest && i == parts.length - 1) {
                String tail = String.join("/", java.util.Arrays.copyOfRange(path, i, path.length));
                if (tail.isEmpty()) {
                    return Optional.empty();
                }
                params.put(parts[i].substring(1, parts[i].length() - 2), tail);
            } else if (parts[i].startsWith("{")) {
                if (path[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(parts[i].substring(1, parts[i].length() - 1), path[i]);
            } else if (!parts[i].equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
