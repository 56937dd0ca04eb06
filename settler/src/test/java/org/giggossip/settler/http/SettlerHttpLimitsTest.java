package org.giggossip.settler.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.giggossip.http.HttpConfig;
import org.giggossip.settler.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/**
 * The settler on the HTTP layer, over real sockets: the slow client of the report (a request
 * header trickled one byte at a time) is closed at the read timeout while others are served,
 * and a body over the limit is refused before it is sent.
 */
class SettlerHttpLimitsTest {
    private static HttpConfig config(Duration readTimeout) {
        return HttpConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withRequestReadTimeout(readTimeout).withIdleTimeout(Duration.ofSeconds(60));
    }

    @Test
    void aSlowHeaderClientIsClosedAtTheReadTimeoutWhileOthersAreServed() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        try (ApiFixture fx = new ApiFixture(config(timeout), SettlerHttpServer.Options.defaults(), true);
                Socket slow = new Socket(InetAddress.getLoopbackAddress(), fx.server.address().getPort())) {
            long started = System.nanoTime();
            OutputStream out = slow.getOutputStream();
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickle = Thread.ofVirtual().start(() -> {
                byte[] header = "GET /v1/health HTTP/1.1\r\nHost: settler\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        .getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; !stop.get(); i = (i + 1) % header.length) {
                        out.write(header[i]);
                        out.flush();
                        Thread.sleep(250); // the slow-loris pace under test: one header byte every 250 ms
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the settler
                }
            });
            assertThat(fx.get("/v1/health").status()).isEqualTo(200);
            slow.setSoTimeout(30_000);
            int first;
            try {
                first = slow.getInputStream().read();
            } catch (SocketException reset) {
                first = -1;
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            stop.set(true);
            trickle.join();
            assertThat(first).isEqualTo(-1);
            assertThat(elapsedMs).isBetween(timeout.toMillis() - 200, timeout.toMillis() + 20_000);
            assertThat(fx.get("/v1/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        try (ApiFixture fx = new ApiFixture(config(Duration.ofSeconds(10)).withMaxBodyBytes(4096),
                SettlerHttpServer.Options.defaults(), true);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), fx.server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/gigs/status HTTP/1.1\r\nHost: settler\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
            assertThat(answer).contains("\"title\":\"Payload Too Large\"").contains("over the limit of 4096");
        }
    }

    @Test
    void aSecondRevocationStreamOfOneClientOverItsShareIsAnswered429WithRetryAfter() throws Exception {
        try (ApiFixture fx = new ApiFixture(config(Duration.ofSeconds(10)).withStreams(16, 1),
                SettlerHttpServer.Options.defaults(), true)) {
            java.net.http.HttpResponse<java.util.stream.Stream<String>> first = fx.http().send(
                    java.net.http.HttpRequest.newBuilder(fx.base.resolve("/v1/revocations/stream")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body().iterator().next()).isEqualTo(": connected");
            java.net.http.HttpResponse<String> second = fx.http().send(
                    java.net.http.HttpRequest.newBuilder(fx.base.resolve("/v1/revocations/stream")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            first.body().close();
        }
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // a reset ends it too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
