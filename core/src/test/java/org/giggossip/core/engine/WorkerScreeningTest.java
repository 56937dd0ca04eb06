package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.engine.HandNetwork.FUNDS;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.junit.jupiter.api.Test;

/**
 * A customer's {@code requiredWorkerProperties} (seed 000, 3.9: the customer "can verify the
 * basic properties of the gig worker with their digital certificate" before paying) on a
 * {@link HandNetwork}: customer C, middleman M and worker W in a line, the real settler.
 */
class WorkerScreeningTest {
    static final long PRICE = 50_000;
    static final Map<String, String> LICENCE = Map.of("driving_licence", "valid");
    static final String MESSAGE = "white Toyota GG-042";
    static final TaxiTopic TOPIC = new TaxiTopic("r3gx2g5", "r3gx2u", HandNetwork.T0.plus(Duration.ofMinutes(5)),
            HandNetwork.T0.plus(Duration.ofMinutes(20)));

    HandNetwork net;
    Node c;
    Node m;
    Node w;

    /** C requires a valid driving licence of its workers; W is certified with {@code workerProperties}. */
    void start(Map<String, String> workerProperties) {
        net = new HandNetwork(11, SettlerConfig.of(500, Duration.ofMinutes(10), Duration.ofHours(1)));
        EngineConfig base = EngineConfig.builder().fanout(4).powDifficulty(16).build();
        c = net.node("C", base.toBuilder().requiredWorkerProperties(LICENCE).build());
        m = net.node("M", base);
        w = net.node("W", base.toBuilder().settler(net.settler.id())
                .workerPolicy((topic, now) -> Optional.of(new WorkerPolicy.Bid(PRICE,
                        MESSAGE.getBytes(StandardCharsets.UTF_8))))
                .build(), workerProperties);
        HandNetwork.line(c, m, w);
    }

    @Test
    void anOfferFromAWorkerWithoutTheRequiredPropertyIsDroppedBeforePayment() {
        start(Map.of());
        PayloadId job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(c.events(AppEvent.OfferReceived.class)).as("no offer is listed").isEmpty();
        assertThat(c.events(AppEvent.OfferRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.job()).isEqualTo(job);
            assertThat(r.reason()).isEqualTo("dropped before payment: worker certificate: "
                    + "certificate lacks required property driving_licence=valid");
        });
        assertThat(c.engine.offers(job)).isEmpty();

        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(net.walletRequests(c)).as("C pays nothing").noneMatch(r -> r instanceof WalletRequest.Pay);
        assertThat(c.events(AppEvent.JobExpired.class)).extracting(AppEvent.JobExpired::reason)
                .containsExactly("no offers");
        assertThat(net.balances().get("C")).isEqualTo(FUNDS);
        assertThat(c.events(AppEvent.DisputeOpened.class)).isEmpty();
    }

    @Test
    void anOfferFromACertifiedWorkerShowsItsPropertiesAndIsPaid() {
        start(LICENCE);
        PayloadId job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(c.events(AppEvent.OfferRejected.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferReceived.class)).singleElement()
                .satisfies(o -> assertThat(o.workerProperties()).isEqualTo(LICENCE));
        assertThat(c.engine.offers(job)).singleElement()
                .satisfies(o -> assertThat(o.workerProperties()).isEqualTo(LICENCE));
        ReplyFrame reply = net.frames(m, c, ReplyFrame.class).getFirst();
        assertThat(reply.settlementPromise().body().replierCertificate().orElseThrow().subject()).isEqualTo(w.id());

        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(c.events(AppEvent.ReplyOpened.class)).singleElement().satisfies(o -> {
            assertThat(o.worker()).isEqualTo(w.id());
            assertThat(o.workerProperties()).isEqualTo(LICENCE);
            assertThat(new String(o.message(), StandardCharsets.UTF_8)).isEqualTo(MESSAGE);
        });
        assertThat(c.events(AppEvent.DisputeOpened.class)).isEmpty();
    }

    /**
     * A promise that names a certificate other than the one inside the reply (a settler colluding
     * with an uncertified worker): the offer looks screened, but the reply opening with another
     * certificate is refused and the job payment disputed.
     */
    @Test
    void aReplyThatOpensWithAnotherCertificateThanTheOfferShowedIsDisputed() {
        start(Map.of());
        PublicKey licensed = PrivateKey.generate(net.random).publicKey();
        net.settler.authority().grant(licensed, "driving_licence", "valid");
        Certificate shown = net.settler.authority().issue(licensed, Duration.ofDays(30));
        net.tamperNext(w, m, ReplyFrame.class, f -> {
            SettlementPromiseBody b = f.settlementPromise().body();
            SettlementPromise lie = SettlementPromise.sign(new SettlementPromiseBody(b.settlerCertificate(),
                    b.networkPaymentHash(), b.hashOfEncryptedReplyPayload(), b.replyPaymentHash(),
                    b.networkAmountMsat(), b.replyAmountMsat(), b.expiresAt(), b.replyInvoice(), Optional.of(shown),
                    b.disputeWindow(), b.disputeDeadline(), b.disputeDefault()),
                    net.settlerSigner);
            return new ReplyFrame(f.encryptedReplyPayload(), lie, f.forwardOnion(), f.networkInvoice());
        });
        PayloadId job = c.engine.postJob(TOPIC);
        net.runUntilQuiet();
        assertThat(c.events(AppEvent.OfferReceived.class)).singleElement()
                .satisfies(o -> assertThat(o.workerProperties()).isEqualTo(LICENCE));

        net.advance(EngineConfig.defaults().offerWindow());
        assertThat(c.events(AppEvent.ReplyOpened.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferRejected.class)).extracting(AppEvent.OfferRejected::reason)
                .containsExactly("the reply opens with another worker certificate than the offer showed");
        assertThat(c.events(AppEvent.DisputeOpened.class)).extracting(AppEvent.DisputeOpened::job)
                .containsExactly(job);
    }

    /** A promise of a settler that predates the field names no worker certificate: nothing to screen with. */
    @Test
    void anOfferWhosePromiseNamesNoWorkerCertificateIsDroppedWhenPropertiesAreRequired() {
        start(LICENCE);
        net.tamperNext(w, m, ReplyFrame.class, f -> {
            SettlementPromiseBody b = f.settlementPromise().body();
            SettlementPromise old = SettlementPromise.sign(new SettlementPromiseBody(b.settlerCertificate(),
                    b.networkPaymentHash(), b.hashOfEncryptedReplyPayload(), b.replyPaymentHash(),
                    b.networkAmountMsat(), b.replyAmountMsat(), b.expiresAt(), b.replyInvoice(), Optional.empty(),
                    b.disputeWindow(), b.disputeDeadline(), b.disputeDefault()),
                    net.settlerSigner);
            return new ReplyFrame(f.encryptedReplyPayload(), old, f.forwardOnion(), f.networkInvoice());
        });
        c.engine.postJob(TOPIC);
        net.runUntilQuiet();

        assertThat(c.events(AppEvent.OfferReceived.class)).isEmpty();
        assertThat(c.events(AppEvent.OfferRejected.class)).extracting(AppEvent.OfferRejected::reason)
                .singleElement().asString().contains("names no worker certificate");
    }
}
