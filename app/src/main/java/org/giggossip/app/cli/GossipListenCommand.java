package org.giggossip.app.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.giggossip.core.util.Hex;
import org.giggossip.net.voidphone.ApiMessage.Notification;
import org.giggossip.net.voidphone.GossipApiClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gg gossip listen}: subscribes to a data type (GOSSIP NOTIFY), prints each
 * NOTIFICATION and answers it with a VALIDATION. Exits 0 after {@code --count} items,
 * 1 when {@code --timeout} runs out first or the node closes the connection.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Subscribe to data type T, print each item and validate it (GOSSIP NOTIFY, NOTIFICATION, "
        + "VALIDATION).")
final class GossipListenCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GossipApiOptions api;

    @Option(names = "--count", paramLabel = "N",
            description = "Exit 0 after N items (default: listen until stopped).")
    Integer count;

    @Option(names = "--timeout", paramLabel = "D", converter = GossipApiOptions.DurationConverter.class,
            description = "Give up, with exit code 1, when D (e.g. 500ms, 10s, 2m) has passed in all "
                + "(default: no limit).")
    Duration timeout;

    @Option(names = "--valid", description = "Validate every item as valid (the default).")
    boolean valid;

    @Option(names = "--invalid", description = "Validate every item as invalid: the node will not spread it.")
    boolean invalid;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        api.check(cli);
        if (count != null && count < 1) {
            throw new CommandLine.ParameterException(cli, "--count must be at least 1, got " + count);
        }
        if (timeout != null && timeout.isZero()) {
            throw new CommandLine.ParameterException(cli, "--timeout must be positive");
        }
        if (valid && invalid) {
            throw new CommandLine.ParameterException(cli, "--valid and --invalid exclude each other");
        }
        PrintWriter out = cli.getOut();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int received = 0;
        try (GossipApiClient client = api.connect(cli)) {
            client.subscribe(api.type);
            out.printf("listening for type %d on %s%n", api.type, api.api);
            out.flush();
            while (count == null || received < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cli.getErr().printf("%s: timed out after %s with %d%s items%n", spec.qualifiedName(),
                            GossipApiOptions.DurationConverter.format(timeout), received,
                            count == null ? "" : " of " + count);
                    return 1;
                }
                // Wake at least once a minute, so a listen without --timeout has no limit in practice.
                Optional<Notification> n = client.next(Duration.ofNanos(Math.min(left, 60_000_000_000L)));
                if (n.isEmpty()) {
                    continue;
                }
                client.validate(n.get().messageId(), !invalid);
                received++;
                out.printf("id=%d type=%d %s -> %s%n", n.get().messageId(), n.get().dataType(), show(n.get().data()),
                        invalid ? "invalid" : "valid");
                out.flush();
            }
            return 0;
        } catch (EOFException e) {
            cli.getErr().println(spec.qualifiedName() + ": the node closed the connection after " + received
                    + " items");
            return 1;
        } catch (IOException e) {
            cli.getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code text="..."} if the data is printable UTF-8, else {@code hex=...}. */
    static String show(byte[] data) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            if (text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c))) {
                return "text=\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        } catch (CharacterCodingException e) {
            // not text: shown as hex below
        }
        return "hex=" + Hex.encode(data);
    }
}
