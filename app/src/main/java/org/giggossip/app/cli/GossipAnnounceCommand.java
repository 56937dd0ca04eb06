package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.giggossip.core.util.Hex;
import org.giggossip.net.voidphone.ApiMessage;
import org.giggossip.net.voidphone.GossipApiClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gg gossip announce}: sends one GOSSIP ANNOUNCE to a node's VoidPhone API. */
@Command(
    name = "announce",
    mixinStandardHelpOptions = true,
    description = "Ask the node to spread DATA of data type T to its peers (GOSSIP ANNOUNCE).")
final class GossipAnnounceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GossipApiOptions api;

    @Option(names = "--ttl", paramLabel = "N", defaultValue = "0",
            description = "Hops the item may travel, 0 to 255; 0 means unlimited (default: ${DEFAULT-VALUE}).")
    int ttl;

    @Option(names = "--hex", description = "DATA is hex, not text.")
    boolean hex;

    @Parameters(paramLabel = "DATA", description = "The item: text (sent as UTF-8), or hex with --hex.")
    String data;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        api.check(cli);
        if (ttl < 0 || ttl > 255) {
            throw new CommandLine.ParameterException(cli, "--ttl must be 0 to 255, got " + ttl);
        }
        byte[] bytes = hex ? Hex.tryDecode(data).orElseThrow(() -> new CommandLine.ParameterException(cli,
                "DATA is not hex: " + data)) : data.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > ApiMessage.MAX_DATA) {
            throw new CommandLine.ParameterException(cli, "DATA of " + bytes.length + " bytes, at most "
                    + ApiMessage.MAX_DATA);
        }
        PrintWriter out = cli.getOut();
        try (GossipApiClient client = api.connect(cli)) {
            client.announce(ttl, api.type, bytes);
        } catch (IOException e) {
            cli.getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
        out.printf("announced %d bytes of type %d (ttl %s) to %s%n", bytes.length, api.type,
                ttl == 0 ? "unlimited" : String.valueOf(ttl), api.api);
        return 0;
    }
}
