package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import picocli.CommandLine.Command;

/** {@code gg peers}: the running node's linked peers ({@code GET /v1/peers}), one per line. */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "List the peers the running node is linked to.")
final class PeersCommand extends ApiCommand {
    @Override
    int run(ApiClient client, PrintWriter out) throws ApiClientException {
        JsonNode peers = client.get("/v1/peers");
        options.print(out, peers, () -> {
            if (peers.isEmpty()) {
                out.println("no peers");
            }
            for (JsonNode p : peers) {
                out.println(p.path("id").asText() + "@" + p.path("address").asText() + "  "
                    + (p.path("outbound").asBoolean() ? "outbound" : "inbound") + " since " + p.path("since").asText()
                    + "  reconnects " + p.path("reconnects").asInt());
            }
        });
        return 0;
    }
}
