package org.giggossip.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A small client of the app API ({@link ApiServer}), used by the {@code gg job|work|peers|status}
 * commands and by tests. Answers are JSON trees as {@code openapi.json} describes them.
 * Failures are {@link ApiClientException}s whose message a user can act on.
 */
public final class ApiClient {
    private final HttpClient http;
    private final String hostPort;
    private final String token;
    private final Duration timeout;

    /** A failed call: the node is unreachable ({@code status} 0) or answered with an error status. */
    public static final class ApiClientException extends Exception {
        private final int status;

        public ApiClientException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when no answer came. */
        public int status() {
            return status;
        }
    }

    /**
     * @param hostPort the API's {@code host:port}, e.g. {@code 127.0.0.1:8735}
     * @param token    the bearer token
     */
    public ApiClient(String hostPort, String token) {
        this(hostPort, token, Duration.ofSeconds(30));
    }

    public ApiClient(String hostPort, String token, Duration timeout) {
        this.hostPort = Objects.requireNonNull(hostPort, "hostPort");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code GET path}, the answer's JSON. */
    public JsonNode get(String path) throws ApiClientException {
        return send(request(path).GET().build());
    }

    /** {@code POST path} with a JSON body, the answer's JSON. */
    public JsonNode post(String path, JsonNode body) throws ApiClientException {
        byte[] bytes;
        try {
            bytes = ApiJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * Follows {@code GET /v1/events}, handing each event's JSON (its {@code data}) to
     * {@code onEvent} until it returns false, the stream ends or the thread is interrupted.
     */
    public void events(Predicate<JsonNode> onEvent) throws ApiClientException {
        HttpRequest req = HttpRequest.newBuilder(uri("/v1/events"))
            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (InputStream body = res.body();
             BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (res.statusCode() != 200) {
                throw failed(res.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            StringBuilder data = new StringBuilder();
            String event = "message";
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        JsonNode json = ApiJson.MAPPER.readTree(data.toString());
                        if (event.equals("dropped")) {
                            throw new ApiClientException(0, "the node dropped the event stream: "
                                + json.path("reason").asText());
                        }
                        if (!onEvent.test(json)) {
                            return;
                        }
                    }
                    data.setLength(0);
                    event = "message";
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                }
                // comments (": heartbeat") and "id:" lines need nothing
            }
        } catch (IOException e) {
            throw new ApiClientException(0, "event stream from " + hostPort + " broke: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(timeout)
            .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private URI uri(String path) {
        return URI.create("http://" + hostPort + path);
    }

    private JsonNode send(HttpRequest req) throws ApiClientException {
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiClientException(0, "interrupted");
        }
        String text = new String(res.body(), StandardCharsets.UTF_8);
        if (res.statusCode() / 100 != 2) {
            throw failed(res.statusCode(), text);
        }
        try {
            return ApiJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ApiClientException(res.statusCode(), "the node at " + hostPort + " sent no JSON: " + e.getMessage());
        }
    }

    private ApiClientException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused"
            : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new ApiClientException(0, "cannot reach the node at " + hostPort + ": " + why
            + "; is `gg node` running?");
    }

    private static ApiClientException failed(int status, String body) {
        String reason = body;
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            if (json != null && json.hasNonNull("error")) {
                reason = json.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it came
        }
        return new ApiClientException(status, "the node answered " + status + ": " + reason);
    }
}
