package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import picocli.CommandLine.Command;

/** {@code gg status}: the running node's identity, addresses, peers and balance ({@code GET /v1/status}). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running node's id, listen address, peer count and balance.")
final class StatusCommand extends ApiCommand {
    @Override
    int run(ApiClient client, PrintWriter out) throws ApiClientException {
        JsonNode s = client.get("/v1/status");
        JsonNode b = client.get("/v1/balance");
        options.print(out, s, () -> {
            out.println("node     " + s.path("id").asText());
            out.println("listen   " + (s.path("listen").asText().isEmpty() ? "(not listening)" : s.path("listen").asText()));
            out.println("peers    " + s.path("peers").asInt());
            out.println("balance  " + ApiFormat.sat(b.path("available_msat").asLong()) + " available, "
                + ApiFormat.sat(b.path("locked_msat").asLong()) + " locked");
            out.println("version  " + s.path("version").asText());
            out.println("started  " + s.path("started").asText());
        });
        return 0;
    }
}
