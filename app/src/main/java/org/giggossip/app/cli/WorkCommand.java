package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import org.giggossip.node.api.ApiJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gg work listen|reply|withdraw|answer-dispute}: the worker's side, over the running node's app API. */
@Command(name = "work", mixinStandardHelpOptions = true,
        description = "Receive jobs and answer them (the worker's side), on the running node.",
        subcommands = {WorkCommand.Listen.class, WorkCommand.Reply.class, WorkCommand.Withdraw.class,
            WorkCommand.AnswerDispute.class})
final class WorkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code gg work listen}: follows the event stream and prints each job received, as it arrives. */
    @Command(name = "listen", mixinStandardHelpOptions = true,
            description = "Print jobs as the node receives them, until Ctrl-C or --count jobs.")
    static final class Listen extends ApiCommand {
        @Option(names = "--count", paramLabel = "N", defaultValue = "0",
                description = "Stop after N jobs (default: never).")
        int count;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            AtomicInteger seen = new AtomicInteger();
            client.events(e -> {
                if (!e.path("type").asText().equals("TopicReceived")) {
                    return true;
                }
                JsonNode ev = e.path("event");
                options.print(out, e, () -> out.println(ev.path("job").asText() + "  " + ApiFormat.topic(ev.path("topic"))));
                out.flush();
                return count <= 0 || seen.incrementAndGet() < count;
            });
            return 0;
        }
    }

    /** {@code gg work reply}: answers a received job with a price and a message. */
    @Command(name = "reply", mixinStandardHelpOptions = true,
            description = "Answer a received job with a price and a message for the customer.")
    static final class Reply extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex), as `gg work listen` shows it.")
        String job;

        @Option(names = "--price-sat", required = true, paramLabel = "N", description = "Price of the job in satoshis.")
        long priceSat;

        @Option(names = "--message", required = true, paramLabel = "TEXT",
                description = "For the customer, readable once paid (e.g. where and when to meet).")
        String message;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("price_sat", priceSat);
            body.put("message", message);
            JsonNode answer = client.post("/v1/work/" + job + "/reply", body);
            options.print(out, answer, () -> out.println("replied to job " + job + " at "
                + ApiFormat.sat(answer.path("price_msat").asLong())));
            return 0;
        }
    }

    /** {@code gg work answer-dispute}: the worker's statement on the customer's dispute of a job it replied to. */
    @Command(name = "answer-dispute", mixinStandardHelpOptions = true,
            description = "Answer the customer's dispute of a job you replied to: the settler keeps your statement"
            + " beside the customer's for its administrator (once per dispute).")
    static final class AnswerDispute extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Option(names = "--statement", required = true, paramLabel = "TEXT",
                description = "What happened, in your words (1 to 1024 bytes).")
        String statement;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("statement", statement);
            JsonNode answer = client.post("/v1/work/" + job + "/answer-dispute", body);
            options.print(out, answer, () -> out.println("answered the dispute of job " + job
                + "; the settler's administrator decides (a refusal shows as SettlerRefused in `gg events`)"));
            return 0;
        }
    }

    /**
     * {@code gg work withdraw}: takes our offer for a received job back before the customer pays it
     * (docs/operations.md, "Cancelling").
     */
    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = "Withdraw your offer for job JOBID before the customer pays it: your settler calls the gig"
                + " off and tells the customer, and your job invoice is cancelled. Refused once the customer paid.")
    static final class Withdraw extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex), as `gg work listen` shows it.")
        String job;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            JsonNode answer = client.post("/v1/work/" + job + "/withdraw", ApiJson.MAPPER.createObjectNode());
            options.print(out, answer, () -> out.println("withdrew the offer for job " + job));
            return 0;
        }
    }
}
