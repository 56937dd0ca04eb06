package org.giggossip.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.Test;

/** {@link AppModel}: the views built from sequences of engine events, its bounds, and its subscribers. */
class AppModelTest {
    private static final Instant T0 = Instant.parse("2026-01-31T18:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PublicKey SETTLER = PrivateKey.generate(RANDOM).publicKey();
    private static final TaxiTopic RIDE = new TaxiTopic("u4pruyd", "u4pruzz", T0, T0.plusSeconds(1800));

    private final AppModel model = new AppModel();

    private static PayloadId newId() {
        return PayloadId.random(RANDOM);
    }

    private static Hash32 hash(int b) {
        byte[] h = new byte[32];
        h[31] = (byte) b;
        return Hash32.of(h);
    }

    private PayloadId postedWithTwoOffers() {
        PayloadId job = newId();
        model.on(new AppEvent.JobPosted(job, RIDE), T0);
        model.on(new AppEvent.OfferReceived(job, 1, 1_000, 10, SETTLER, hash(1)), T0.plusSeconds(1));
        model.on(new AppEvent.OfferReceived(job, 2, 900, 20, SETTLER, hash(2)), T0.plusSeconds(2));
        return job;
    }

    private String state(PayloadId job) {
        return model.job(job).orElseThrow().state();
    }

    @Test
    void aJobGoesFromPostedToSettled() {
        PayloadId job = postedWithTwoOffers();
        JobView open = model.job(job).orElseThrow();
        assertThat(open.state()).isEqualTo("OPEN");
        assertThat(open.posted()).isEqualTo(T0);
        assertThat(open.offers()).extracting(OfferView::number).containsExactly(1, 2);
        assertThat(open.offers().get(1).expiresAt()).isEqualTo(T0.plusSeconds(2).plus(Duration.ofMinutes(10)));

        model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0.plusSeconds(5));
        assertThat(state(job)).isEqualTo("PAYING");
        assertThat(model.job(job).orElseThrow().chosen()).contains(2);
        assertThat(model.job(job).orElseThrow().chosenBy()).contains("customer");
        assertThat(model.job(job).orElseThrow().chosenAt()).contains(T0.plusSeconds(5));
        model.on(new AppEvent.JobPaid(job, 2, 20, 900), T0);
        assertThat(state(job)).isEqualTo("PAID");

        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        model.on(new AppEvent.ReplyOpened(job, 2, worker, "blue car".getBytes(StandardCharsets.UTF_8)), T0);
        JobView opened = model.job(job).orElseThrow();
        assertThat(opened.state()).isEqualTo("OPENED");
        assertThat(opened.worker()).contains(worker);
        assertThat(new String(opened.reply().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("blue car");

        model.on(new AppEvent.JobSettled(job, 900), T0);
        assertThat(state(job)).isEqualTo("SETTLED");
        assertThat(model.job(job).orElseThrow().reason()).isEmpty();
        assertThat(model.job(job).orElseThrow().outcome()).contains("released");
    }

    @Test
    void theOfferAndTheOpenedJobCarryTheWorkersCertifiedProperties() {
        PayloadId job = newId();
        model.on(new AppEvent.JobPosted(job, RIDE), T0);
        model.on(new AppEvent.OfferReceived(job, 1, 1_000, 10, SETTLER, hash(1),
                Map.of("driving_licence", "valid", "seats", "4")), T0);
        model.on(new AppEvent.OfferReceived(job, 2, 900, 20, SETTLER, hash(2)), T0);
        assertThat(model.job(job).orElseThrow().offers()).extracting(OfferView::workerProperties)
                .containsExactly(Map.of("driving_licence", "valid", "seats", "4"), Map.of());
        assertThat(model.job(job).orElseThrow().workerProperties()).as("not opened yet").isEmpty();

        model.on(new AppEvent.OfferChosen(job, 1, 1_010, false), T0);
        model.on(new AppEvent.JobPaid(job, 1, 10, 1_000), T0);
        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        model.on(new AppEvent.ReplyOpened(job, 1, worker, "blue car".getBytes(StandardCharsets.UTF_8),
                Map.of("driving_licence", "valid", "seats", "4")), T0);
        assertThat(model.job(job).orElseThrow().workerProperties())
                .isEqualTo(Map.of("driving_licence", "valid", "seats", "4"));
    }

    @Test
    void anOfferTakenByTheAutoChoosePolicySaysSo() {
        PayloadId job = postedWithTwoOffers();
        assertThat(model.job(job).orElseThrow().chosenBy()).isEmpty();
        assertThat(model.job(job).orElseThrow().chosenAt()).isEmpty();
        model.on(new AppEvent.OfferChosen(job, 2, 920, true), T0.plusSeconds(10));
        JobView j = model.job(job).orElseThrow();
        assertThat(j.chosenBy()).contains("policy");
        assertThat(j.chosenAt()).contains(T0.plusSeconds(10));
    }

    @Test
    void aDisputedJobWhosePaymentIsReleasedOrRefundedIsResolvedWithItsOutcome() {
        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        List<PayloadId> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            PayloadId job = postedWithTwoOffers();
            model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
            model.on(new AppEvent.JobPaid(job, 2, 20, 900), T0);
            model.on(new AppEvent.ReplyOpened(job, 2, worker, "blue car".getBytes(StandardCharsets.UTF_8)), T0);
            model.on(new AppEvent.DisputeOpened(job, "driver never came"), T0);
            assertThat(state(job)).isEqualTo("DISPUTED");
            assertThat(model.job(job).orElseThrow().outcome()).isEmpty();
            jobs.add(job);
        }
        model.on(new AppEvent.JobSettled(jobs.get(0), 900), T0);
        JobView released = model.job(jobs.get(0)).orElseThrow();
        assertThat(released.state()).isEqualTo("RESOLVED");
        assertThat(released.outcome()).contains("released");

        model.on(new AppEvent.JobRefunded(jobs.get(1), 2, 900, "cancelled by the settler"), T0);
        JobView refunded = model.job(jobs.get(1)).orElseThrow();
        assertThat(refunded.state()).isEqualTo("RESOLVED");
        assertThat(refunded.outcome()).contains("refunded");
        assertThat(refunded.reason()).contains("job payment refunded: cancelled by the settler");
    }

    /**
     * Issue 17: RESOLVED used to say only what became of the money; the settler's word says who decided
     * (the administrator, our withdrawal, the default) and why, before or after the money moves.
     */
    /** Issue 17: the worker is told its job is disputed (its work item says DISPUTED until the money moves). */
    @Test
    void aDisputedJobOfTheWorkerIsShownDisputed() {
        PayloadId job = PayloadId.random(RANDOM);
        model.on(new AppEvent.TopicReceived(job, RIDE), T0);
        model.on(new AppEvent.ReplySent(job, hash(5), 900), T0);
        model.on(new AppEvent.JobPaymentAccepted(hash(5), 900), T0);
        model.on(new AppEvent.JobDisputed(hash(5), "driver never came"), T0);
        assertThat(model.workItem(job).orElseThrow().state()).isEqualTo("DISPUTED");
        model.on(new AppEvent.JobPaymentCancelled(hash(5), "the dispute was resolved for the customer"), T0);
        assertThat(model.workItem(job).orElseThrow().state()).isEqualTo("CANCELLED");
    }

    @Test
    void aResolvedDisputeSaysWhoDecidedAndWhy() {
        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        List<PayloadId> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PayloadId job = postedWithTwoOffers();
            model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
            model.on(new AppEvent.JobPaid(job, 2, 20, 900), T0);
            model.on(new AppEvent.ReplyOpened(job, 2, worker, "blue car".getBytes(StandardCharsets.UTF_8)), T0);
            model.on(new AppEvent.DisputeOpened(job, "driver never came"), T0);
            assertThat(model.job(job).orElseThrow().decidedBy()).isEmpty();
            jobs.add(job);
        }
        // the administrator ruled for us: the notice first, then the refund, which changes neither
        model.on(new AppEvent.DisputeResolved(Optional.of(jobs.get(0)), hash(7), "refunded", "admin",
                "the driver's log shows no pickup"), T0);
        JobView ruled = model.job(jobs.get(0)).orElseThrow();
        assertThat(ruled.state()).isEqualTo("RESOLVED");
        assertThat(ruled.outcome()).contains("refunded");
        assertThat(ruled.decidedBy()).contains("admin");
        assertThat(ruled.reason()).contains("the driver's log shows no pickup");
        model.on(new AppEvent.JobRefunded(jobs.get(0), 2, 900, "cancelled by the settler"), T0);
        JobView after = model.job(jobs.get(0)).orElseThrow();
        assertThat(List.of(after.state(), after.outcome(), after.decidedBy(), after.reason())).isEqualTo(
                List.of(ruled.state(), ruled.outcome(), ruled.decidedBy(), ruled.reason()));

        // we withdrew: the money may come first; the notice then says who decided
        model.on(new AppEvent.JobSettled(jobs.get(1), 900), T0);
        model.on(new AppEvent.DisputeResolved(Optional.of(jobs.get(1)), hash(8), "released", "customer_withdrew",
                "the customer withdrew the dispute"), T0);
        JobView withdrew = model.job(jobs.get(1)).orElseThrow();
        assertThat(withdrew.state()).isEqualTo("RESOLVED");
        assertThat(withdrew.outcome()).contains("released");
        assertThat(withdrew.decidedBy()).contains("customer_withdrew");
        assertThat(withdrew.reason()).contains("the customer withdrew the dispute");

        // a notice for the worker (no job of ours) changes none of our jobs
        model.on(new AppEvent.DisputeResolved(Optional.empty(), hash(9), "released", "admin", "ride confirmed"), T0);
        assertThat(model.job(jobs.get(2)).orElseThrow().state()).isEqualTo("DISPUTED");
        assertThat(model.job(jobs.get(2)).orElseThrow().decidedBy()).isEmpty();
    }

    @Test
    void aDisputeOpenedBeforeTheReplyOpensStaysDisputed() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
        model.on(new AppEvent.JobPaid(job, 2, 20, 900), T0);
        model.on(new AppEvent.DisputeOpened(job, "no reply in time"), T0);
        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        model.on(new AppEvent.ReplyOpened(job, 2, worker, "blue car".getBytes(StandardCharsets.UTF_8)), T0);
        assertThat(state(job)).isEqualTo("DISPUTED");
        assertThat(model.job(job).orElseThrow().worker()).contains(worker);
    }

    @Test
    void aFailedPaymentReopensTheJobKeepingTheOfferWithItsFailure() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferChosen(job, 1, 1_010, false), T0);
        model.on(new AppEvent.PaymentFailed(hash(1), "no link to the settler node 3a9f22319faf"), T0);
        model.on(new AppEvent.OfferFailed(job, 1, "no link to the settler node 3a9f22319faf"), T0);
        JobView j = model.job(job).orElseThrow();
        assertThat(j.state()).isEqualTo("OPEN");
        assertThat(j.chosen()).isEmpty();
        assertThat(j.offers()).extracting(OfferView::number).containsExactly(1, 2);
        assertThat(j.offers().getFirst().failure()).contains("no link to the settler node 3a9f22319faf");
        assertThat(j.offers().get(1).failure()).isEmpty();
        assertThat(j.reason()).contains("payment failed: no link to the settler node 3a9f22319faf");
        model.checkAccept(job, 1); // the same offer again
        model.checkAccept(job, 2); // or another

        // taken again: the failure is cleared, and the job is paid
        model.on(new AppEvent.OfferChosen(job, 1, 1_010, false), T0);
        assertThat(model.job(job).orElseThrow().offers().getFirst().failure()).isEmpty();
        assertThat(model.job(job).orElseThrow().reason()).isEmpty();
        model.on(new AppEvent.JobPaid(job, 1, 10, 1_000), T0);
        assertThat(state(job)).isEqualTo("PAID");
    }

    @Test
    void aFailedPaymentOfAnotherOfferChangesNothing() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferChosen(job, 1, 1_010, false), T0);
        model.on(new AppEvent.OfferFailed(job, 2, "no route"), T0);
        assertThat(state(job)).isEqualTo("PAYING");
        assertThat(model.job(job).orElseThrow().chosen()).contains(1);
    }

    @Test
    void aRefundedJobPaymentEndsThePaidJobRefundedAndNeverReadsPaid() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
        model.on(new AppEvent.JobPaid(job, 2, 20, 900), T0);
        model.on(new AppEvent.PaymentFailed(hash(2), "cancelled by the issuer"), T0);
        assertThat(state(job)).isEqualTo("PAID"); // the network payment alone says nothing of the job's
        model.on(new AppEvent.JobRefunded(job, 2, 900, "cancelled by the issuer"), T0);
        JobView j = model.job(job).orElseThrow();
        assertThat(j.state()).isEqualTo("REFUNDED");
        assertThat(j.outcome()).contains("refunded");
        assertThat(j.reason()).contains("job payment refunded: cancelled by the issuer");
        // a reply opened later (the preimage came back after all) does not make it read as paid
        PublicKey worker = PrivateKey.generate(RANDOM).publicKey();
        model.on(new AppEvent.ReplyOpened(job, 2, worker, "blue car".getBytes(StandardCharsets.UTF_8)), T0);
        assertThat(state(job)).isEqualTo("REFUNDED");
        assertThat(model.job(job).orElseThrow().worker()).contains(worker);
        assertThrows(ApiException.class, () -> model.checkAccept(job, 1));
    }

    @Test
    void expiredOffersLeaveTheListButTheChosenOneStays() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferExpired(job, 1), T0);
        assertThat(model.job(job).orElseThrow().offers()).extracting(OfferView::number).containsExactly(2);
        model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
        model.on(new AppEvent.OfferExpired(job, 2), T0);
        assertThat(model.job(job).orElseThrow().offers()).extracting(OfferView::number).containsExactly(2);
    }

    @Test
    void anExpiredJobKeepsItsReasonAndADisputeIsRecorded() {
        PayloadId a = postedWithTwoOffers();
        model.on(new AppEvent.JobExpired(a, "no offer paid in time"), T0);
        assertThat(state(a)).isEqualTo("EXPIRED");
        assertThat(model.job(a).orElseThrow().reason()).contains("no offer paid in time");

        PayloadId b = postedWithTwoOffers();
        model.on(new AppEvent.DisputeOpened(b, "driver never came"), T0);
        assertThat(state(b)).isEqualTo("DISPUTED");
        assertThat(model.job(b).orElseThrow().reason()).contains("driver never came");
    }

    @Test
    void checkAcceptAnswers404And409() {
        PayloadId job = postedWithTwoOffers();
        assertThat(assertThrows(ApiException.class, () -> model.checkAccept(newId(), 1)).status()).isEqualTo(404);
        assertThat(assertThrows(ApiException.class, () -> model.checkAccept(job, 3)).status()).isEqualTo(404);
        model.checkAccept(job, 1);
        model.on(new AppEvent.OfferChosen(job, 1, 1_010, false), T0);
        ApiException e = assertThrows(ApiException.class, () -> model.checkAccept(job, 2));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).contains("PAYING");
    }

    @Test
    void aCancelledJobIsFinishedAndCheckCancelSaysWhenItIsNotAllowed() {
        PayloadId job = postedWithTwoOffers();
        model.checkCancel(job);
        model.on(new AppEvent.JobCancelled(job), T0);
        JobView view = model.job(job).orElseThrow();
        assertThat(view.state()).isEqualTo(AppModel.CANCELLED);
        assertThat(view.reason()).contains("cancelled by the customer");
        assertThat(assertThrows(ApiException.class, () -> model.checkAccept(job, 1)).status()).isEqualTo(409);
        ApiException again = assertThrows(ApiException.class, () -> model.checkCancel(job));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.getMessage()).contains("is CANCELLED");
        assertThat(assertThrows(ApiException.class, () -> model.checkCancel(newId())).status()).isEqualTo(404);

        PayloadId paid = postedWithTwoOffers();
        model.on(new AppEvent.OfferChosen(paid, 2, 920, false), T0);
        assertThat(assertThrows(ApiException.class, () -> model.checkCancel(paid)).getMessage()).contains("is PAYING");
        model.on(new AppEvent.JobPaid(paid, 2, 20, 900), T0);
        assertThat(assertThrows(ApiException.class, () -> model.checkCancel(paid)).getMessage())
                .contains("is PAID").contains("confirm it or open a dispute");
    }

    @Test
    void aWithdrawnOfferLeavesTheListButAChosenOneStays() {
        PayloadId job = postedWithTwoOffers();
        model.on(new AppEvent.OfferWithdrawn(job, 1, "the worker withdrew the offer"), T0);
        assertThat(model.job(job).orElseThrow().offers()).extracting(OfferView::number).containsExactly(2);
        assertThat(assertThrows(ApiException.class, () -> model.checkAccept(job, 1)).status()).isEqualTo(404);
        assertThat(state(job)).isEqualTo(AppModel.OPEN);
        model.on(new AppEvent.OfferChosen(job, 2, 920, false), T0);
        model.on(new AppEvent.OfferWithdrawn(job, 2, "the worker withdrew the offer"), T0);
        assertThat(model.job(job).orElseThrow().offers()).extracting(OfferView::number).containsExactly(2);
    }

    @Test
    void checkWithdrawGivesTheReplyHashOfEveryOfferSentAndNotPaid() {
        PayloadId job = newId();
        model.on(new AppEvent.TopicReceived(job, RIDE), T0);
        assertThat(assertThrows(ApiException.class, () -> model.checkWithdraw(job)).status()).isEqualTo(409);
        model.on(new AppEvent.ReplySent(job, hash(7), 5_000), T0);
        assertThat(model.checkWithdraw(job)).containsExactly(hash(7));
        model.on(new AppEvent.ReplySent(job, hash(8), 5_000), T0); // the same job answered over a second route
        assertThat(model.checkWithdraw(job)).containsExactlyInAnyOrder(hash(7), hash(8));
        model.on(new AppEvent.JobPaymentAccepted(hash(7), 5_000), T0);
        ApiException paid = assertThrows(ApiException.class, () -> model.checkWithdraw(job));
        assertThat(paid.status()).isEqualTo(409);
        assertThat(paid.getMessage()).contains("is PAID");
        assertThat(assertThrows(ApiException.class, () -> model.checkWithdraw(newId())).status()).isEqualTo(404);
    }

    @Test
    void workGoesFromNewToSettledOrCancelled() {
        PayloadId paid = newId();
        PayloadId cancelled = newId();
        PayloadId failed = newId();
        for (PayloadId id : List.of(paid, cancelled, failed)) {
            model.on(new AppEvent.TopicReceived(id, RIDE), T0);
        }
        assertThat(model.workItem(paid).orElseThrow().state()).isEqualTo("NEW");
        model.checkReply(paid);

        model.on(new AppEvent.ReplySent(paid, hash(7), 5_000), T0);
        assertThat(model.workItem(paid).orElseThrow().state()).isEqualTo("REPLIED");
        assertThat(assertThrows(ApiException.class, () -> model.checkReply(paid)).status()).isEqualTo(404);
        model.on(new AppEvent.JobPaymentAccepted(hash(7), 5_000), T0);
        assertThat(model.workItem(paid).orElseThrow().state()).isEqualTo("PAID");
        model.on(new AppEvent.JobPaymentReceived(hash(7), 5_000), T0);
        assertThat(model.workItem(paid).orElseThrow().state()).isEqualTo("SETTLED");

        model.on(new AppEvent.ReplySent(cancelled, hash(8), 5_000), T0);
        model.on(new AppEvent.JobPaymentCancelled(hash(8), "dispute lost"), T0);
        assertThat(model.workItem(cancelled).orElseThrow().state()).isEqualTo("CANCELLED");

        model.on(new AppEvent.ReplyFailed(failed, "no route back"), T0);
        assertThat(model.workItem(failed).orElseThrow().state()).isEqualTo("FAILED");

        assertThat(model.work()).extracting(WorkView::id).containsExactly(failed, cancelled, paid);
        assertThat(assertThrows(ApiException.class, () -> model.checkReply(newId())).status()).isEqualTo(404);
    }

    @Test
    void aJobAnsweredOverTwoRoutesStaysSettledWhenTheOfferNotTakenLapses() {
        // replies_per_topic: one reply per route, each with its own job invoice; the customer pays one
        PayloadId job = newId();
        model.on(new AppEvent.TopicReceived(job, RIDE), T0);
        model.on(new AppEvent.ReplySent(job, hash(7), 5_000), T0);
        model.on(new AppEvent.ReplyFailed(job, "no route back"), T0);
        model.on(new AppEvent.ReplySent(job, hash(8), 5_000), T0);
        assertThat(model.workItem(job).orElseThrow().state()).isEqualTo("REPLIED");
        model.on(new AppEvent.JobPaymentAccepted(hash(8), 5_000), T0);
        model.on(new AppEvent.JobPaymentReceived(hash(8), 5_000), T0);
        model.on(new AppEvent.JobPaymentCancelled(hash(7), "expired"), T0);
        assertThat(model.workItem(job).orElseThrow().state()).isEqualTo("SETTLED");

        // neither taken: cancelled once both have lapsed, not at the first
        PayloadId lapsed = newId();
        model.on(new AppEvent.TopicReceived(lapsed, RIDE), T0);
        model.on(new AppEvent.ReplySent(lapsed, hash(9), 5_000), T0);
        model.on(new AppEvent.ReplySent(lapsed, hash(10), 5_000), T0);
        model.on(new AppEvent.JobPaymentCancelled(hash(9), "expired"), T0);
        assertThat(model.workItem(lapsed).orElseThrow().state()).isEqualTo("REPLIED");
        model.on(new AppEvent.JobPaymentCancelled(hash(10), "expired"), T0);
        assertThat(model.workItem(lapsed).orElseThrow().state()).isEqualTo("CANCELLED");
    }

    @Test
    void eventsAreNumberedGapFreeFromOneIncludingThoseAboutNothingKnown() {
        assertThat(model.lastSeq()).isZero();
        assertThat(model.on(new AppEvent.SettlerRefused("down"), T0).seq()).isEqualTo(1);
        assertThat(model.on(new AppEvent.JobSettled(newId(), 1), T0).seq()).isEqualTo(2);
        assertThat(model.on(new AppEvent.JobPaymentReceived(hash(3), 1), T0).seq()).isEqualTo(3);
        assertThat(model.jobs()).isEmpty();
        assertThat(model.work()).isEmpty();
        assertThat(model.lastSeq()).isEqualTo(3);
    }

    @Test
    void keepsAtMostNFinishedJobsDroppingTheOldest() {
        AppModel small = new AppModel(new AppModel.Limits(100, 2, 100, 16, Duration.ofMinutes(10)));
        List<PayloadId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PayloadId id = newId();
            ids.add(id);
            small.on(new AppEvent.JobPosted(id, RIDE), T0.plusSeconds(i));
        }
        for (int i = 0; i < 4; i++) {
            small.on(new AppEvent.JobExpired(ids.get(i), "timeout"), T0);
        }
        assertThat(small.jobs()).extracting(JobView::id).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    }

    @Test
    void boundsAllJobsAndAllWork() {
        AppModel small = new AppModel(new AppModel.Limits(3, 3, 2, 16, Duration.ofMinutes(10)));
        List<PayloadId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PayloadId id = newId();
            ids.add(id);
            small.on(new AppEvent.JobPosted(id, RIDE), T0);
            small.on(new AppEvent.TopicReceived(id, new ApplicationTopic("k", new byte[] {(byte) i})), T0);
        }
        assertThat(small.jobs()).extracting(JobView::id).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(small.work()).extracting(WorkView::id).containsExactly(ids.get(4), ids.get(3));
    }

    @Test
    void offersPerJobAreBounded() {
        PayloadId job = newId();
        model.on(new AppEvent.JobPosted(job, RIDE), T0);
        for (int i = 0; i < AppModel.MAX_OFFERS_PER_JOB + 10; i++) {
            model.on(new AppEvent.OfferReceived(job, i, 1, 1, SETTLER, hash(i & 0xff)), T0);
        }
        assertThat(model.job(job).orElseThrow().offers()).hasSize(AppModel.MAX_OFFERS_PER_JOB);
    }

    @Test
    void subscribersGetEveryLaterEventInOrder() throws Exception {
        model.on(new AppEvent.SettlerRefused("before"), T0);
        List<ApiEvent> got = new CopyOnWriteArrayList<>();
        Subscription s = model.subscribe(got::add);
        int threads = 4;
        int each = 200;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    model.on(new AppEvent.FeeEarned(hash(1), i), T0);
                }
            }));
        }
        for (Thread w : writers) {
            w.join();
        }
        await("all events delivered").atMost(WAIT).until(() -> got.size() == threads * each);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).seq()).isEqualTo(2 + i);
        }
        s.close();
        assertThat(model.subscriberCount()).isZero();
        model.on(new AppEvent.SettlerRefused("after"), T0);
        assertThat(got).hasSize(threads * each);
    }

    @Test
    void aSlowSubscriberIsDroppedWithAReasonAndNeverBlocksTheNode() throws Exception {
        AppModel small = new AppModel(new AppModel.Limits(10, 10, 10, 4, Duration.ofMinutes(10)));
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicReference<String> dropped = new AtomicReference<>();
        Subscription slow = small.subscribe(e -> {
            try {
                stuck.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, dropped::set);
        List<ApiEvent> fast = new CopyOnWriteArrayList<>();
        small.subscribe(fast::add);

        for (int i = 0; i < 50; i++) {
            small.on(new AppEvent.FeeEarned(hash(1), i), T0);
            // the fast one keeps up; the slow one never takes more than its first event
            int delivered = i + 1;
            await("the fast subscriber to keep up").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                    .until(() -> fast.size() == delivered);
        }
        stuck.countDown();

        assertThat(slow.isClosed()).isTrue();
        assertThat(dropped.get()).contains("fell behind");
        assertThat(slow.closeReason()).isEqualTo(dropped.get());
        assertThat(fast).hasSize(50);
        assertThat(small.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatThrowsIsDropped() throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        AtomicReference<String> reason = new AtomicReference<>();
        Subscription s = model.subscribe(e -> {
            throw new IllegalStateException("boom");
        }, r -> {
            reason.set(r);
            dropped.countDown();
        });
        model.on(new AppEvent.SettlerRefused("x"), T0);
        assertThat(dropped.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(reason.get()).contains("boom");
        assertThat(s.isClosed()).isTrue();
        assertThat(model.subscriberCount()).isZero();
    }
}
