package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.api.ApiJson;
import org.giggossip.node.api.ApiServerFixture;
import org.giggossip.node.api.FakeNodeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg job|work|peers|status} against a real app API server over the {@link FakeNodeApi}. */
class CliApiCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ApiServerFixture f;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        f = new ApiServerFixture();
        tokenFile = dir.resolve("api.token");
        Files.writeString(tokenFile, ApiServerFixture.TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private CapturedGg gg(String... args) {
        CapturedGg g = new CapturedGg();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api";
        all[args.length + 1] = f.hostPort();
        all[args.length + 2] = "--token-file";
        all[args.length + 3] = tokenFile.toString();
        int code = g.run(all);
        assertThat(code).as("gg " + String.join(" ", args) + ": " + g.err()).isZero();
        return g;
    }

    @Test
    void statusAndPeers() {
        String status = gg("status").out();
        assertThat(status).contains(f.api.id.hex()).contains("127.0.0.1:9735").contains("21 sat available")
            .contains("5 sat locked");
        assertThat(gg("peers").out().strip()).isEqualTo(f.api.peer.hex()
            + "@10.0.0.2:9735  outbound since 2026-01-31T18:00:00Z  reconnects 2");
    }

    @Test
    void jsonPrintsTheRawAnswer() throws IOException {
        JsonNode status = ApiJson.MAPPER.readTree(gg("status", "--json").out());
        assertThat(status.path("id").asText()).isEqualTo(f.api.id.hex());
    }

    @Test
    void postATaxiJobSeeOffersAcceptAndShowTheReply() {
        String id = gg("job", "post", "--from", "u4pruyd", "--to", "u4pruzz",
            "--after", "2026-01-31T18:00:00Z", "--before", "2026-01-31T18:20:00Z").out().strip();
        assertThat(id).matches("[0-9a-f]{32}");
        PayloadId job = PayloadId.of(Hex.decode(id));
        TaxiTopic topic = (TaxiTopic) f.api.model.job(job).orElseThrow().topic();
        assertThat(topic.pickupBefore()).hasToString("2026-01-31T18:20:00Z");

        assertThat(gg("job", "offers", id).out()).contains("no offers yet (job OPEN)");
        var settler = PrivateKey.generate(new SecureRandom()).publicKey();
        f.api.emit(new AppEvent.OfferReceived(job, 1, 1_500_000, 20_500, settler, Hash32.of(new byte[32])));
        assertThat(gg("job", "offers", id).out().strip())
            .startsWith("#1  job 1500 sat + network 20.500 sat = 1520.500 sat, settler " + settler.hex().substring(0, 16));

        assertThat(gg("job", "accept", id, "1").out()).contains("accepted offer #1").contains("PAYING");
        assertThat(f.api.calls).contains("accept " + id + " 1");

        f.api.emit(new AppEvent.ReplyOpened(job, 1, settler, "grey van, plate GG-1".getBytes(StandardCharsets.UTF_8)));
        String shown = gg("job", "show", id).out();
        assertThat(shown).contains("state   OPENED").contains("reply   grey van, plate GG-1").contains("(chosen)");
    }

    @Test
    void offersAndTheOpenedJobShowWhatTheWorkerIsCertifiedFor() {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        var settler = PrivateKey.generate(new SecureRandom()).publicKey();
        f.api.emit(new AppEvent.OfferReceived(job, 1, 5_000, 1_000, settler, Hash32.of(new byte[32]),
            Map.of("driving_licence", "valid", "note", "a\u001b[2Jb")));
        f.api.emit(new AppEvent.OfferReceived(job, 2, 9_000, 1_000, settler, Hash32.of(new byte[32])));
        java.util.List<String> lines = gg("job", "offers", id).out().strip().lines().toList();
        assertThat(lines.get(0)).startsWith("#1  job 5 sat + network 1 sat = 6 sat")
            .endsWith(", worker certified driving_licence=valid, note=a?[2Jb");
        assertThat(lines.get(1)).startsWith("#2  ").doesNotContain("certified");

        f.api.emit(new AppEvent.OfferChosen(job, 1, 6_000, false));
        f.api.emit(new AppEvent.JobPaid(job, 1, 1_000, 5_000));
        f.api.emit(new AppEvent.ReplyOpened(job, 1, settler, "grey van".getBytes(StandardCharsets.UTF_8),
            Map.of("driving_licence", "valid")));
        assertThat(gg("job", "show", id).out()).contains("worker  " + settler.hex() + "\n"
            + "        certified driving_licence=valid\n");
    }

    @Test
    void offersWaitPrintsOffersAsTheyArrive() throws Exception {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        assertThat(f.api.model.job(job).orElseThrow().topic())
            .isEqualTo(new ApplicationTopic("delivery/v1", "two boxes".getBytes(StandardCharsets.UTF_8)));
        int readsBefore = f.api.jobReads.get();
        Thread later = Thread.ofVirtual().start(() -> {
            // the offer arrives after the first look, so only the watch can see it
            await("the watch to start").atMost(WAIT).until(() -> f.api.jobReads.get() > readsBefore);
            f.api.emit(new AppEvent.OfferReceived(job, 4, 7_000, 1_000,
                PrivateKey.generate(new SecureRandom()).publicKey(), Hash32.of(new byte[32])));
        });
        String out = gg("job", "offers", id, "--wait", "2").out();
        later.join();
        assertThat(out).contains("#4  job 7 sat + network 1 sat = 8 sat");
    }

    @Test
    void offersAreListedCheapestInAllFirstAndSayWhoChose() {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        var settler = PrivateKey.generate(new SecureRandom()).publicKey();
        // #1 is the cheapest job price but the dearest in all; #2 and #3 cost the same in all
        f.api.emit(new AppEvent.OfferReceived(job, 1, 5_000, 9_000, settler, Hash32.of(new byte[32])));
        f.api.emit(new AppEvent.OfferReceived(job, 2, 8_000, 2_000, settler, Hash32.of(new byte[32])));
        f.api.emit(new AppEvent.OfferReceived(job, 3, 9_000, 1_000, settler, Hash32.of(new byte[32])));
        f.api.emit(new AppEvent.OfferReceived(job, 4, 6_000, 1_000, settler, Hash32.of(new byte[32])));
        java.util.List<String> lines = gg("job", "offers", id).out().strip().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 4)).extracting(l -> l.substring(0, l.indexOf(' ')))
            .containsExactly("#4", "#2", "#3", "#1");
        assertThat(lines.get(0)).startsWith("#4  job 6 sat + network 1 sat = 7 sat");
        assertThat(lines.get(4)).isEqualTo("no offer chosen: nothing is paid until you take one with `gg job accept "
            + id + " OFFER`");

        f.api.emit(new AppEvent.OfferChosen(job, 2, 10_000, true));
        String chosen = gg("job", "offers", id).out();
        assertThat(chosen).containsPattern("offer #2 chosen by the auto_choose policy at \\S+; the job is PAYING");
        assertThat(gg("job", "show", id).out()).contains("choice  offer #2 chosen by the auto_choose policy")
            .contains("#2  job 8 sat + network 2 sat = 10 sat, settler").contains("(chosen)");
    }

    @Test
    void disputeAJobAndWithdrawTheDispute() {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        CapturedGg none = new CapturedGg();
        assertThat(none.run("job", "dispute", id, "--withdraw", "--api", f.hostPort(), "--token-file",
            tokenFile.toString())).isEqualTo(1);
        assertThat(none.err()).contains("job " + id + " is OPEN, not DISPUTED: there is no dispute to withdraw");
        assertThat(f.api.calls).doesNotContain("confirm " + id);

        assertThat(gg("job", "dispute", id, "--reason", "the driver never came").out())
            .contains("disputed job " + id + "; the job is DISPUTED");
        assertThat(f.api.calls).contains("dispute " + id + " the driver never came");
        assertThat(gg("job", "dispute", id, "--withdraw").out()).contains("withdrew the dispute of job " + id);
        assertThat(f.api.calls).contains("confirm " + id);
        f.api.emit(new AppEvent.JobSettled(job, 8_000));
        assertThat(gg("job", "show", id).out()).contains("state   RESOLVED").contains("payment released");

        CapturedGg neither = new CapturedGg();
        assertThat(neither.run("job", "dispute", id, "--api", f.hostPort())).isEqualTo(2);
        assertThat(neither.err()).contains("--reason").contains("--withdraw");
    }

    /** Issue 17: {@code gg job show} of a resolved dispute says the outcome, who decided and why. */
    @Test
    void aResolvedDisputeShowsWhoDecidedAndWhy() throws Exception {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        gg("job", "dispute", id, "--reason", "the driver never came");
        f.api.emit(new AppEvent.DisputeResolved(java.util.Optional.of(job), Hash32.of(new byte[32]), "refunded",
            "admin", "the driver's log shows no pickup"));
        f.api.emit(new AppEvent.JobRefunded(job, 1, 8_000, "the dispute was resolved for the customer"));
        String shown = gg("job", "show", id).out();
        assertThat(shown).contains("state   RESOLVED").contains("payment refunded")
            .contains("decided by the settler's administrator (admin)")
            .contains("reason  the driver's log shows no pickup");
        JsonNode json = ApiJson.MAPPER.readTree(gg("job", "show", id, "--json").out());
        assertThat(json.path("decided_by").asText()).isEqualTo("admin");
        assertThat(json.path("outcome").asText()).isEqualTo("refunded");
        assertThat(json.path("reason").asText()).isEqualTo("the driver's log shows no pickup");
    }

    /**
     * The worker answers a dispute of a job whose offer the customer paid (docs/settler.md, "Disputes"); a job
     * it did not reply to, or whose offer nobody paid, is refused.
     */
    @Test
    void aWorkerAnswersADispute() {
        PayloadId job = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("delivery/v1",
            "two boxes".getBytes(StandardCharsets.UTF_8))));
        CapturedGg early = new CapturedGg();
        assertThat(early.run("work", "answer-dispute", job.hex(), "--statement", "I waited", "--api",
            f.hostPort(), "--token-file", tokenFile.toString())).isEqualTo(1);
        assertThat(early.err()).contains("is NEW: the customer paid none of our offers");
        Hash32 offer = Hash32.of(new byte[32]);
        f.api.emit(new AppEvent.ReplySent(job, offer, 8_000));
        CapturedGg unpaid = new CapturedGg();
        assertThat(unpaid.run("work", "answer-dispute", job.hex(), "--statement", "I waited", "--api",
            f.hostPort(), "--token-file", tokenFile.toString())).isEqualTo(1);
        assertThat(unpaid.err()).contains("is REPLIED: the customer paid none of our offers");
        f.api.emit(new AppEvent.JobPaymentAccepted(offer, 8_000));
        assertThat(gg("work", "answer-dispute", job.hex(), "--statement", "I waited 20 minutes").out())
            .contains("answered the dispute of job " + job.hex());
        assertThat(f.api.calls).contains("answer-dispute " + job.hex() + " I waited 20 minutes");
    }

    @Test
    void cancelAnOpenJobAndNotAPaidOne() {
        String id = gg("job", "post", "--app", "delivery/v1", "--data", "two boxes").out().strip();
        PayloadId job = PayloadId.of(Hex.decode(id));
        assertThat(gg("job", "cancel", id).out()).contains("cancelled job " + id + "; the job is CANCELLED");
        assertThat(f.api.calls).contains("cancel " + id);
        assertThat(gg("job", "show", id).out()).contains("state   CANCELLED");

        String paid = gg("job", "post", "--app", "delivery/v1", "--data", "one box").out().strip();
        PayloadId paidJob = PayloadId.of(Hex.decode(paid));
        f.api.emit(new AppEvent.OfferReceived(paidJob, 1, 8_000, 2_000,
            PrivateKey.generate(new SecureRandom()).publicKey(), Hash32.of(new byte[32])));
        f.api.emit(new AppEvent.JobPaid(paidJob, 1, 2_000, 8_000));
        CapturedGg refused = new CapturedGg();
        assertThat(refused.run("job", "cancel", paid, "--api", f.hostPort(), "--token-file", tokenFile.toString()))
            .isEqualTo(1);
        assertThat(refused.err()).contains("409").contains("is PAID").contains("confirm it or open a dispute");
        assertThat(f.api.calls).doesNotContain("cancel " + paid);
        assertThat(f.api.model.job(job).orElseThrow().state()).isEqualTo("CANCELLED");
    }

    @Test
    void workWithdrawTakesAnOfferBackBeforeItIsPaid() {
        PayloadId job = PayloadId.random(new SecureRandom());
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("delivery/v1",
            "3 boxes".getBytes(StandardCharsets.UTF_8))));
        CapturedGg early = new CapturedGg();
        assertThat(early.run("work", "withdraw", job.hex(), "--api", f.hostPort(), "--token-file",
            tokenFile.toString())).isEqualTo(1);
        assertThat(early.err()).contains("409").contains("is NEW");
        gg("work", "reply", job.hex(), "--price-sat", "1500", "--message", "at 6pm");
        assertThat(gg("work", "withdraw", job.hex()).out().strip()).isEqualTo("withdrew the offer for job " + job.hex());
        assertThat(f.api.calls).contains("withdraw " + job.hex());
        assertThat(f.api.model.workItem(job).orElseThrow().state()).isEqualTo("CANCELLED");
    }

    @Test
    void workListenPrintsReceivedJobsAndReplyAnswersOne() throws Exception {
        PayloadId job = PayloadId.random(new SecureRandom());
        CapturedGg listener = new CapturedGg();
        Thread listen = Thread.ofVirtual().start(() -> listener.run("work", "listen", "--count", "1",
            "--api", f.hostPort(), "--token-file", tokenFile.toString()));
        await("gg work listen to subscribe").atMost(WAIT).until(() -> f.api.model.subscriberCount() == 1);
        f.api.emit(new AppEvent.TopicRelayed(job, 2));
        f.api.emit(new AppEvent.TopicReceived(job, new ApplicationTopic("delivery/v1",
            "3 boxes".getBytes(StandardCharsets.UTF_8))));
        listen.join(WAIT.toMillis());
        assertThat(listen.isAlive()).as("exits after --count 1").isFalse();
        assertThat(listener.out().strip()).isEqualTo(job.hex() + "  app delivery/v1: 3 boxes");

        assertThat(gg("work", "reply", job.hex(), "--price-sat", "1500", "--message", "at 6pm").out().strip())
            .isEqualTo("replied to job " + job.hex() + " at 1500 sat");
        assertThat(f.api.calls).contains("reply " + job.hex() + " 1500000 at 6pm");
    }

    @Test
    void errorsFromTheNodeAreShownAndExitWith1() {
        CapturedGg g = new CapturedGg();
        int code = g.run("job", "show", "00".repeat(16), "--api", f.hostPort(), "--token-file", tokenFile.toString());
        assertThat(code).isEqualTo(1);
        assertThat(g.err()).contains("gg job show: the node answered 404: no job " + "00".repeat(16));
    }

    @Test
    void aWrongTokenOrNoNodeIsExplained() throws IOException {
        Path wrong = dir.resolve("wrong.token");
        Files.writeString(wrong, "cd".repeat(32));
        CapturedGg g = new CapturedGg();
        assertThat(g.run("status", "--api", f.hostPort(), "--token-file", wrong.toString())).isEqualTo(1);
        assertThat(g.err()).contains("401").contains("token");

        int port = f.server.address().getPort();
        f.close();
        CapturedGg down = new CapturedGg();
        assertThat(down.run("peers", "--api", "127.0.0.1:" + port, "--token-file", tokenFile.toString())).isEqualTo(1);
        assertThat(down.err()).contains("cannot reach the node at 127.0.0.1:" + port + ": connection refused; is `gg node` running?");

        CapturedGg noToken = new CapturedGg();
        assertThat(noToken.run("status", "--token-file", dir.resolve("missing").toString())).isEqualTo(1);
        assertThat(noToken.err()).contains("cannot read the API token").contains("GG_API_TOKEN");
    }

    @Test
    void postNeedsATaxiOrAnAppTopic() {
        CapturedGg g = new CapturedGg();
        assertThat(g.run("job", "post", "--from", "u4pruyd", "--api", f.hostPort())).isEqualTo(2);
        assertThat(g.err()).contains("--to");
        assertThat(f.api.calls).isEmpty();
    }

    @Test
    void theCommandsAreListedInTheHelp() {
        CapturedGg g = new CapturedGg();
        assertThat(g.run("--help")).isZero();
        assertThat(g.out()).contains("job").contains("work").contains("peers").contains("status");
    }
}
