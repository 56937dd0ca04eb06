package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiJson;
import org.giggossip.node.api.ApiServer;
import org.giggossip.node.api.ApiToken;
import picocli.CommandLine.Option;

/**
 * Options every command over the app API takes: where the node's API is, its
 * token, and whether to print raw JSON. The token comes from {@code --token-file}
 * if given, else from the environment variable {@value #TOKEN_ENV}, else from
 * {@value #DEFAULT_TOKEN_FILE} (the file the node creates in its data directory).
 */
final class ApiOptions {
    static final String DEFAULT_API = "127.0.0.1:" + ApiServer.DEFAULT_PORT;
    static final String DEFAULT_TOKEN_FILE = "gg-data/" + ApiToken.FILE_NAME; // the daemon's default data_dir
    static final String TOKEN_ENV = "GG_API_TOKEN";

    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = DEFAULT_API,
            description = "The node's app API (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "File holding the API token (default: $" + TOKEN_ENV + " if set, else "
                + DEFAULT_TOKEN_FILE + ").")
    Path tokenFile;

    @Option(names = "--json", description = "Print the node's answer as raw JSON.")
    boolean json;

    /** A client for the configured node. */
    ApiClient client() throws ApiClient.ApiClientException {
        return new ApiClient(api, token());
    }

    private String token() throws ApiClient.ApiClientException {
        Path file = tokenFile;
        if (file == null) {
            String env = System.getenv(TOKEN_ENV);
            if (env != null && !env.isBlank()) {
                return env.strip();
            }
            file = Path.of(DEFAULT_TOKEN_FILE);
        }
        try {
            return ApiToken.read(file);
        } catch (IOException e) {
            throw new ApiClient.ApiClientException(0, "cannot read the API token from " + file + ": "
                + e.getMessage() + " (give --token-file PATH or set " + TOKEN_ENV + ")");
        }
    }

    /** Prints {@code answer} as JSON when {@code --json} is set, else runs {@code human}. */
    void print(PrintWriter out, JsonNode answer, Runnable human) {
        if (json) {
            try {
                out.println(ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            human.run();
        }
    }
}
