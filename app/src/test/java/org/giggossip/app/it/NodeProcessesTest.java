package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg node} as separate processes on 127.0.0.1 (issue 4, deliverable 6). */
class NodeProcessesTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path ini(String name, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, text);
    }

    @Test
    void threeNodeProcessesLinkAndStopCleanlyOnSigterm() throws Exception {
        Path s = ini("settler", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\n[settler]\nserve = true\n"
                + "[node]\nadmission_difficulty = 1024\napp_address = 127.0.0.1:0\n");
        try (GgProcess settler = GgProcess.start("settler", s, "node", "--config", "node.ini")) {
            var started = settler.await("msg=\"node ([0-9a-f]{64}@127\\.0\\.0\\.1:[0-9]+) started", START);
            String address = started.group(1);
            var api = settler.await("msg=\"app API on http://(127\\.0\\.0\\.1:[0-9]+)", START);
            String token = org.giggossip.node.api.ApiToken.read(s.resolve("gg-data/api.token"));
            var client = new org.giggossip.node.api.ApiClient(api.group(1), token);
            Path a = ini("a", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\nbootstrapper = " + address
                    + "\n[node]\nadmission_difficulty = 1024\napp_address = 127.0.0.1:0\n");
            Path b = ini("b", "[gossip]\napi_address = 127.0.0.1:0\np2p_address = 127.0.0.1:0\nbootstrapper = " + address
                    + "\n[node]\nadmission_difficulty = 1024\napp_address = 127.0.0.1:0\n");
            try (GgProcess na = GgProcess.start("a", a, "node", "--config", "node.ini");
                 GgProcess nb = GgProcess.start("b", b, "node", "--config", "node.ini")) {
                na.await("msg=\"linked to " + address.substring(0, 12), START);
                nb.await("msg=\"linked to " + address.substring(0, 12), START);
                // the settler's app API sees both peers
                await("the settler's app API to list both peers").atMost(START)
                        .until(() -> client.get("/v1/status").path("peers").asInt() >= 2);
                assertThat(client.get("/v1/status").path("peers").asInt()).isEqualTo(2);
                assertThat(client.get("/v1/peers").size()).isEqualTo(2);
                assertThat(nb.terminate(Duration.ofSeconds(15))).isEqualTo(143);
                assertThat(nb.output()).contains("msg=\"stopped\"");
                // the others keep running
                assertThat(na.alive()).isTrue();
                assertThat(settler.alive()).isTrue();
                na.kill();
                assertThat(na.alive()).isFalse();
            }
            assertThat(settler.terminate(Duration.ofSeconds(15))).isEqualTo(143);
        }
    }
}
