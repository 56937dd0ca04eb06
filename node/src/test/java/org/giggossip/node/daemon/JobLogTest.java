package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.DeclineReason;
import org.giggossip.core.wire.FrameKind;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ProofOfWork;
import org.giggossip.core.wire.ReplyFrame;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.WireLimits;
import org.giggossip.node.host.HostTrace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job log's lines: tied to the job's short id, and bounded against what a peer sends for free. */
class JobLogTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");
    private final PrivateKey customer = PrivateKey.generate(RANDOM);
    private final Certificate certificate = new CertificateAuthority(Signer.of(customer, RANDOM), "gg://self/")
            .selfCertificate(1, Map.of(), T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
    private final PublicKey self = PrivateKey.generate(RANDOM).publicKey();
    private final PublicKey peer = PrivateKey.generate(RANDOM).publicKey();
    private final PublicKey next = PrivateKey.generate(RANDOM).publicKey();
    private final Logger logger = Logger.getLogger(JobLog.class.getName());
    private final Logger settlerLogger = Logger.getLogger(SettlerJobLog.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level before;
    private final JobLog log = new JobLog();

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        settlerLogger.setLevel(Level.ALL);
        settlerLogger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(before);
        settlerLogger.removeHandler(handler);
        settlerLogger.setLevel(null);
    }

    private SignedRequestPayload request() {
        TaxiTopic topic = new TaxiTopic("r3gx2g5", "r3gx2ux", T0.plus(Duration.ofMinutes(10)),
                T0.plus(Duration.ofMinutes(40)));
        return SignedRequestPayload.sign(new RequestPayload(PayloadId.random(RANDOM), topic, certificate),
                Signer.of(customer, RANDOM));
    }

    private List<String> lines(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
        }
    }

    private POWBroadcastFrame broadcast(SignedRequestPayload request) {
        byte[] onion = new byte[org.giggossip.core.onion.OnionFormat.DEFAULT.size()];
        RANDOM.nextBytes(onion);
        return new POWBroadcastFrame(AskId.random(RANDOM), BroadcastPayload.create(request, onion, T0),
                new ProofOfWork(PowScheme.SHA256.wireName(), new byte[WireLimits.POW_TARGET_BYTES], 7));
    }

    @Test
    void aRelayedJobSaysWhereItCameFromAndWhereItWentUnderItsShortId() {
        SignedRequestPayload request = request();
        String job = "job " + request.payloadId().hex().substring(0, 8) + " ";
        POWBroadcastFrame frame = broadcast(request);
        log.trace(self, T0, new HostTrace.FrameReceived(peer, FrameKind.POW_BROADCAST, 100, frame));
        assertThat(lines(Level.INFO)).as("nothing before the engine accepts it").isEmpty();
        log.event(self, T0, new AppEvent.TopicReceived(request.payloadId(), request.payload().topic()));
        log.trace(self, T0, new HostTrace.FrameSent(next, FrameKind.POW_BROADCAST, 100, broadcast(request)));
        log.event(self, T0, new AppEvent.AskDeclined(request.payloadId(), next, "OVERLOADED: busy\nlevel=error"));

        assertThat(lines(Level.INFO)).containsExactly(
                job + "received from " + peer.hex().substring(0, 12),
                job + "relayed to " + next.hex().substring(0, 12),
                job + "declined by " + next.hex().substring(0, 12) + ": OVERLOADED: busy level=error");
    }

    /**
     * Issue 17: a reply the middleman holds for a customer whose link is down makes an info line
     * under the job's short id when it is held, when it is delivered, and when it is dropped.
     */
    @Test
    void aReplyHeldForAPeerWhoseLinkIsDownIsLoggedUnderItsJobWhenDeliveredOrDropped() {
        SignedRequestPayload request = request();
        String job = "job " + request.payloadId().hex().substring(0, 8) + " ";
        POWBroadcastFrame frame = broadcast(request);
        log.trace(self, T0, new HostTrace.FrameReceived(peer, FrameKind.POW_BROADCAST, 100, frame));
        log.event(self, T0, new AppEvent.TopicReceived(request.payloadId(), request.payload().topic()));
        byte[] payload = {1, 2, 3};
        ReplyFrame reply = new ReplyFrame(payload, SettlementPromise.sign(new SettlementPromiseBody(certificate,
                Hash32.of(new byte[32]), SettlementPromise.hashOfEncryptedReplyPayload(payload),
                Hash32.of(new byte[32]), 2000, 15_000_000, T0.plusSeconds(120), "lnbcrt150u1pjob", java.util.Optional.empty()),
                Signer.of(customer, RANDOM)), frame.broadcastPayload().backwardOnion(), "lnbcrt20n1pnet");
        log.trace(self, T0, new HostTrace.FrameReceived(next, FrameKind.REPLY, 100, reply));
        records.clear();

        log.trace(self, T0, new HostTrace.FrameHeld(peer, FrameKind.REPLY, 100, reply, T0.plusSeconds(120)));
        log.trace(self, T0, new HostTrace.HeldFrameSent(peer, FrameKind.REPLY, 100, reply, Duration.ofMillis(1500)));
        log.trace(self, T0, new HostTrace.HeldFrameDropped(peer, FrameKind.REPLY, 100, reply,
                org.giggossip.node.host.Outbox.Drop.EXPIRED));

        String to = peer.hex().substring(0, 12);
        assertThat(lines(Level.INFO)).containsExactly(
                job + "reply for " + to + " held: no link to it; kept until " + T0.plusSeconds(120),
                job + "held reply delivered to " + to + " after 1500 ms",
                job + "held reply for " + to + " dropped: it expired before the peer linked again");
    }

    @Test
    void anOfferDroppedBeforePaymentIsOneInfoLineWithTheReasonAndAnOfferShowsWhatItsWorkerIsCertifiedFor() {
        PayloadId id = request().payloadId();
        String job = "job " + id.hex().substring(0, 8) + " ";
        PublicKey settler = PrivateKey.generate(RANDOM).publicKey();
        log.event(self, T0, new AppEvent.OfferRejected(id, "dropped before payment: worker certificate: "
                + "certificate lacks required property driving_licence=valid"));
        log.event(self, T0, new AppEvent.OfferReceived(id, 2, 12_000_000, 3_000, settler,
                Hash32.of(new byte[32]), Map.of("driving_licence", "valid")));
        log.event(self, T0, new AppEvent.ReplyOpened(id, 2, peer, new byte[] {1},
                Map.of("driving_licence", "valid")));

        assertThat(lines(Level.INFO)).containsExactly(
                job + "offer refused: dropped before payment: worker certificate: "
                        + "certificate lacks required property driving_licence=valid",
                job + "offer 2 received: price 12000 sat, network fee 3 sat, settler " + settler.hex().substring(0, 12)
                        + ", worker certified driving_licence=valid",
                job + "opened: offer 2 from worker " + peer.hex().substring(0, 12)
                        + ", worker certified driving_licence=valid");
    }

    @Test
    void aBroadcastTheEngineRefusesMakesNoInfoLine() {
        SignedRequestPayload garbage = request();
        log.trace(self, T0, new HostTrace.FrameReceived(peer, FrameKind.POW_BROADCAST, 100, broadcast(garbage)));
        SignedRequestPayload other = request();
        log.event(self, T0, new AppEvent.TopicReceived(other.payloadId(), other.payload().topic()));
        assertThat(lines(Level.INFO)).containsExactly("job " + other.payloadId().hex().substring(0, 8) + " received");
    }

    @Test
    void declinesWeSendAreOneInfoLinePerJobAndBoundedPerMinute() {
        SignedRequestPayload first = request();
        for (int i = 0; i < 3; i++) {
            AskForBroadcastFrame ask = new AskForBroadcastFrame(AskId.random(RANDOM), first);
            log.trace(self, T0, new HostTrace.FrameReceived(peer, FrameKind.ASK_FOR_BROADCAST, 100, ask));
            log.trace(self, T0, new HostTrace.FrameSent(peer, FrameKind.ASK_DECLINED, 10,
                    ask.decline(DeclineReason.ALREADY_BROADCAST, "relayed 2 times")));
        }
        assertThat(lines(Level.INFO)).containsExactly("job " + first.payloadId().hex().substring(0, 8)
                + " declined ask from " + peer.hex().substring(0, 12) + ": ALREADY_BROADCAST: relayed 2 times");

        for (int i = 0; i < 100; i++) {
            AskForBroadcastFrame ask = new AskForBroadcastFrame(AskId.random(RANDOM), request());
            log.trace(self, T0.plusMillis(i), new HostTrace.FrameReceived(peer, FrameKind.ASK_FOR_BROADCAST, 100,
                    ask));
            log.trace(self, T0.plusMillis(i), new HostTrace.FrameSent(peer, FrameKind.ASK_DECLINED, 10,
                    ask.decline(DeclineReason.OVERLOADED, "too many topics from this sender")));
        }
        assertThat(lines(Level.INFO)).hasSize(JobLog.DECLINES_PER_MINUTE);
        assertThat(lines(Level.FINE)).hasSize(2 + 101 - JobLog.DECLINES_PER_MINUTE);

        // a minute later the budget is back
        AskForBroadcastFrame later = new AskForBroadcastFrame(AskId.random(RANDOM), request());
        Instant t = T0.plus(Duration.ofMinutes(2));
        log.trace(self, t, new HostTrace.FrameReceived(peer, FrameKind.ASK_FOR_BROADCAST, 100, later));
        log.trace(self, t, new HostTrace.FrameSent(peer, FrameKind.ASK_DECLINED, 10,
                later.decline(DeclineReason.OVERLOADED, "")));
        assertThat(lines(Level.INFO)).hasSize(JobLog.DECLINES_PER_MINUTE + 1);
    }

    @Test
    void theSettlerLogsEachStepOfAJobOnceAndBoundsTheHashesItIssues() {
        SettlerJobLog settler = new SettlerJobLog(() -> T0);
        SignedRequestPayload request = request();
        String job = "job " + request.payloadId().hex().substring(0, 8) + " ";
        Hash32 reply = Hash32.of(new byte[Hash32.SIZE]);
        settler.call(peer, new SettlerRequest.IssueReplyHash(1, request, 12_000_000));
        settler.answer(peer, new SettlerResponse.ReplyHashIssued(1, reply));
        for (int i = 0; i < 2; i++) { // a retried call answered twice makes one line
            settler.call(next, new SettlerRequest.ConfirmJob(2 + i, reply));
            settler.answer(next, new SettlerResponse.Done(2 + i));
        }
        settler.answer(next, new SettlerResponse.Done(9)); // no call of ours
        assertThat(lines(Level.INFO)).containsExactly(
                job + "settler issued reply hash " + reply.hex().substring(0, 12) + " to worker "
                        + peer.hex().substring(0, 12) + " for 12000 sat",
                job + "customer " + next.hex().substring(0, 12) + " confirmed the job");

        for (int i = 0; i < 100; i++) {
            byte[] h = new byte[Hash32.SIZE];
            RANDOM.nextBytes(h);
            settler.call(peer, new SettlerRequest.IssueReplyHash(100 + i, request(), 1000));
            settler.answer(peer, new SettlerResponse.ReplyHashIssued(100 + i, Hash32.of(h)));
        }
        assertThat(lines(Level.INFO)).hasSize(SettlerJobLog.ISSUED_PER_MINUTE + 1);
    }
}
