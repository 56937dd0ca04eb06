package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import org.giggossip.node.api.ApiJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gg job post|offers|accept|cancel|confirm|dispute|show|list}: the customer's side, over the running node's
 * app API.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Post a job and take an offer (the customer's side), on the running node.",
        subcommands = {JobCommand.Post.class, JobCommand.Offers.class, JobCommand.Accept.class, JobCommand.Cancel.class,
            JobCommand.Confirm.class, JobCommand.Dispute.class, JobCommand.Show.class, JobCommand.List.class})
final class JobCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code gg job post}: prints the new job's id alone on standard output. */
    @Command(name = "post", mixinStandardHelpOptions = true,
            description = "Broadcast a job: a taxi ride (--from/--to) or an application topic (--app/--data); "
                + "prints the job id.")
    static final class Post extends ApiCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        static final class Kind {
            @ArgGroup(exclusive = false)
            Taxi taxi;
            @ArgGroup(exclusive = false)
            App app;
        }

        static final class Taxi {
            @Option(names = "--from", required = true, paramLabel = "GEOHASH", description = "Pickup cell.")
            String from;
            @Option(names = "--to", required = true, paramLabel = "GEOHASH", description = "Drop-off cell.")
            String to;
            @Option(names = "--after", paramLabel = "ISO", description = "Earliest pickup (default: now).")
            Instant after;
            @Option(names = "--before", paramLabel = "ISO", description = "Latest pickup (default: 30 minutes after --after).")
            Instant before;
        }

        static final class App {
            @Option(names = "--app", required = true, paramLabel = "KIND", description = "Application kind, e.g. delivery/v1.")
            String kind;
            @Option(names = "--data", required = true, paramLabel = "TEXT", description = "The job's description (UTF-8).")
            String data;
        }

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            if (kind.taxi != null) {
                Instant after = kind.taxi.after != null ? kind.taxi.after : Instant.now();
                Instant before = kind.taxi.before != null ? kind.taxi.before : after.plus(Duration.ofMinutes(30));
                ObjectNode t = body.putObject("taxi");
                t.put("from", kind.taxi.from);
                t.put("to", kind.taxi.to);
                t.put("pickup_after", after.toString());
                t.put("pickup_before", before.toString());
            } else {
                ObjectNode a = body.putObject("app");
                a.put("kind", kind.app.kind);
                a.put("data_text", kind.app.data);
            }
            JsonNode job = client.post("/v1/jobs", body);
            options.print(out, job, () -> out.println(job.path("id").asText()));
            if (!options.json) {
                spec.commandLine().getErr().println("gg job post: posted; see offers with `gg job offers "
                    + job.path("id").asText() + " --wait 30`");
            }
            return 0;
        }
    }

    /**
     * {@code gg job offers}: the offers so far, cheapest in all first, and whether one was chosen and by whom;
     * with {@code --wait}, those that arrive are printed as they arrive, then all of them again by price.
     */
    @Command(name = "offers", mixinStandardHelpOptions = true,
            description = "List a job's offers, cheapest in all (job price + network fee) first, and say whether one "
                + "was chosen and by whom; with --wait, print new ones as they arrive, then all by price.")
    static final class Offers extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
                description = "Keep watching for new offers this long (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            Instant deadline = Instant.now().plusSeconds(Math.max(0, waitSeconds));
            Set<Integer> shown = new HashSet<>();
            JsonNode view = client.get("/v1/jobs/" + job);
            boolean watch = waitSeconds > 0;
            while (watch) {
                if (!options.json) {
                    for (JsonNode o : view.path("offers")) {
                        if (shown.add(o.path("number").asInt())) {
                            out.println("new offer " + ApiFormat.offer(o));
                            out.flush();
                        }
                    }
                }
                if (!Instant.now().isBefore(deadline) || !view.path("state").asText().equals("OPEN")) {
                    break;
                }
                try {
                    // polling: the node answers from memory, and a watch rarely lasts long
                    Thread.sleep(Math.min(250, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                view = client.get("/v1/jobs/" + job);
            }
            JsonNode last = view;
            options.print(out, last.path("offers"), () -> {
                if (last.path("offers").isEmpty()) {
                    out.println("no offers yet (job " + last.path("state").asText() + ")");
                    return;
                }
                if (watch) {
                    out.println("by total price:");
                }
                ApiFormat.offersByPrice(last.path("offers")).forEach(out::println);
                out.println(ApiFormat.choice(last));
            });
            return 0;
        }
    }

    /** {@code gg job accept}: takes one offer and starts paying it. */
    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Take offer OFFER of job JOBID and pay its network and job invoices.")
    static final class Accept extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Parameters(index = "1", paramLabel = "OFFER", description = "The offer's number, as `gg job offers` shows it.")
        int offer;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("offer", offer);
            JsonNode view = client.post("/v1/jobs/" + job + "/accept", body);
            options.print(out, view, () -> out.println("accepted offer #" + offer + " of job " + job
                + "; the job is " + view.path("state").asText() + " (see `gg job show " + job + "`)"));
            return 0;
        }
    }

    /**
     * {@code gg job cancel}: the customer withdraws a job none of whose offers it paid; the gigs of its
     * offers are called off at once (docs/operations.md, "Cancelling").
     */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Withdraw job JOBID before paying any offer: it becomes CANCELLED, no offer may be taken,"
                + " and each offer's settler is told to call its gig off, so its worker learns at once. Refused"
                + " once an offer is being paid or was paid (confirm or dispute it instead).")
    static final class Cancel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            JsonNode view = client.post("/v1/jobs/" + job + "/cancel", ApiJson.MAPPER.createObjectNode());
            options.print(out, view, () -> out.println("cancelled job " + job + "; the job is "
                + view.path("state").asText() + " (see `gg job show " + job + "`)"));
            return 0;
        }
    }

    /** {@code gg job show}: a job, its offers and, once opened, the worker's reply. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a job: its state, offers and, once paid and opened, the worker's reply.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            JsonNode view = client.get("/v1/jobs/" + job);
            options.print(out, view, () -> out.println(ApiFormat.job(view)));
            return 0;
        }
    }

    /** {@code gg job confirm}: the customer confirms that the job was done, so that every invoice settles. */
    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Confirm that a paid job was done: the settler settles every invoice of its payment.")
    static final class Confirm extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            JsonNode view = client.post("/v1/jobs/" + job + "/confirm", ApiJson.MAPPER.createObjectNode());
            options.print(out, view, () -> out.println("confirmed job " + job + "; the job is "
                + view.path("state").asText() + " (see `gg job show " + job + "`)"));
            return 0;
        }
    }

    /**
     * {@code gg job dispute}: the customer tells the settler that a paid job was not done, so that it holds the
     * job payment; {@code --withdraw} takes an open dispute back, which releases the payment to the worker.
     */
    @Command(name = "dispute", mixinStandardHelpOptions = true,
            description = "Dispute a paid job (--reason): the settler holds its job payment until it resolves the "
                + "dispute. --withdraw takes your open dispute back: the job payment is released to the worker.")
    static final class Dispute extends ApiCommand {
        @Parameters(index = "0", paramLabel = "JOBID", description = "The job id (hex).")
        String job;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--reason", paramLabel = "TEXT", description = "Why the job was not done (1 to 1000 characters).")
            String reason;
            @Option(names = "--withdraw", description = "Withdraw your open dispute of this job.")
            boolean withdraw;
        }

        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            if (what.withdraw) {
                JsonNode current = client.get("/v1/jobs/" + job);
                if (!current.path("state").asText().equals("DISPUTED")) {
                    spec.commandLine().getErr().println("gg job dispute: job " + job + " is "
                        + current.path("state").asText() + ", not DISPUTED: there is no dispute to withdraw");
                    return 1;
                }
                // the settler releases a disputed job payment on the customer's confirmation
                JsonNode view = client.post("/v1/jobs/" + job + "/confirm", ApiJson.MAPPER.createObjectNode());
                options.print(out, view, () -> out.println("withdrew the dispute of job " + job
                    + "; its payment is released to the worker (see `gg job show " + job + "`)"));
                return 0;
            }
            ObjectNode body = ApiJson.MAPPER.createObjectNode();
            body.put("reason", what.reason);
            JsonNode view = client.post("/v1/jobs/" + job + "/dispute", body);
            options.print(out, view, () -> out.println("disputed job " + job + "; the job is "
                + view.path("state").asText() + " and the settler holds its payment (see `gg job show " + job + "`)"));
            return 0;
        }
    }

    /** {@code gg job list}: the node's own jobs, newest last, a line each. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the jobs this node posted: id, state, offers and topic, a line each.")
    static final class List extends ApiCommand {
        @Override
        int run(ApiClient client, PrintWriter out) throws ApiClientException {
            JsonNode jobs = client.get("/v1/jobs");
            options.print(out, jobs, () -> {
                if (jobs.isEmpty()) {
                    out.println("no jobs");
                }
                for (JsonNode j : jobs) {
                    out.println(ApiFormat.jobLine(j));
                }
            });
            return 0;
        }
    }
}
