package org.giggossip.node.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real {@link ApiServer} on 127.0.0.1, an ephemeral port, over a {@link FakeNodeApi}. */
public final class ApiServerFixture implements AutoCloseable {
    public static final String TOKEN = "ab".repeat(32);

    public final FakeNodeApi api = new FakeNodeApi();
    public final ApiServer server;
    final HttpClient http = HttpClient.newHttpClient();

    public ApiServerFixture() throws IOException {
        this(ApiServer.DEFAULT_HEARTBEAT);
    }

    ApiServerFixture(Duration heartbeat) throws IOException {
        server = new ApiServer(api, ApiServer.loopback(0), TOKEN, heartbeat);
        server.start();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.address().getPort();
    }

    ApiClient client() {
        return new ApiClient(hostPort(), TOKEN, Duration.ofSeconds(10));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + hostPort() + path))
            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Override
    public void close() {
        server.close();
    }
}
