package org.giggossip.core.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;

/** The fixed instances behind the golden hex vectors: fixed keys, values and deterministic signatures. */
final class Golden {
    private Golden() {}

    static final PrivateKey SETTLER_KEY = TestSigners.key(1);
    static final PrivateKey SENDER_KEY = TestSigners.key(2);
    static final PrivateKey REPLIER_KEY = TestSigners.key(3);
    static final Signer SETTLER = TestSigners.deterministic(SETTLER_KEY);
    static final Signer SENDER = TestSigners.deterministic(SENDER_KEY);
    static final Signer REPLIER = TestSigners.deterministic(REPLIER_KEY);

    /** 2023-11-14T22:13:20Z. */
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final Instant YEAR_LATER = T0.plus(Duration.ofDays(365));

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static final Certificate SETTLER_CERTIFICATE = Certificate.sign(CertificateBody.of(1, SETTLER.publicKey(),
            Map.of("role", "settler"), T0, YEAR_LATER, SETTLER.publicKey(), "https://settler.example/"), SETTLER);
    static final Certificate SENDER_CERTIFICATE = Certificate.sign(CertificateBody.of(2, SENDER.publicKey(),
            Map.of(), T0, YEAR_LATER, SETTLER.publicKey(), ""), SETTLER);
    static final Certificate REPLIER_CERTIFICATE = Certificate.sign(CertificateBody.of(3, REPLIER.publicKey(),
            Map.of("driving_licence", "valid"), T0, YEAR_LATER, SETTLER.publicKey(), ""), SETTLER);

    static final RevocationList REVOCATION_LIST = RevocationList.sign(RevocationListBody.of(SETTLER.publicKey(), 7,
            T0, java.util.List.of(REPLIER_CERTIFICATE.id())), SETTLER);

    static final AskId ASK_ID = AskId.of(filled(16, 0x11));
    static final PayloadId PAYLOAD_ID = PayloadId.of(filled(16, 0x22));
    static final TaxiTopic TAXI = new TaxiTopic("r3gx2g5", "r3gx2f", T0.plus(Duration.ofHours(1)),
            T0.plus(Duration.ofHours(2)));
    static final ApplicationTopic DELIVERY = new ApplicationTopic("delivery/v1", new byte[] {1, 2, 3});

    static final SignedRequestPayload REQUEST = SignedRequestPayload.sign(
            new RequestPayload(PAYLOAD_ID, TAXI, SENDER_CERTIFICATE), SENDER);
    static final SignedRequestPayload DELIVERY_REQUEST = SignedRequestPayload.sign(
            new RequestPayload(PAYLOAD_ID, DELIVERY, SENDER_CERTIFICATE), SENDER);

    /** 0x00000fff...ff: 20 leading zero bits. */
    static final byte[] TARGET = target();

    private static byte[] target() {
        byte[] t = filled(32, 0xff);
        t[0] = 0;
        t[1] = 0;
        t[2] = 0x0f;
        return t;
    }

    static final AskForBroadcastFrame ASK = new AskForBroadcastFrame(ASK_ID, REQUEST);
    static final POWBroadcastConditionsFrame CONDITIONS = ASK.conditions(T0.plusSeconds(60),
            new WorkRequest("sha256", TARGET), Duration.ofSeconds(30), 1000);
    static final AskDeclinedFrame DECLINED = ASK.decline(DeclineReason.GEOHASH_TOO_PRECISE, "max precision 7");
    static final BroadcastPayload BROADCAST_PAYLOAD = BroadcastPayload.create(REQUEST, filled(8, 0xaa),
            T0.plusSeconds(5));
    static final POWBroadcastFrame POW_BROADCAST = CONDITIONS.broadcast(BROADCAST_PAYLOAD,
            new ProofOfWork("sha256", TARGET, 123_456_789L));

    static final byte[] ENCRYPTED_REPLY_PAYLOAD = filled(16, 0xee);
    static final SettlementPromise PROMISE = SettlementPromise.sign(new SettlementPromiseBody(SETTLER_CERTIFICATE,
            Hash32.of(filled(32, 0x33)), SettlementPromise.hashOfEncryptedReplyPayload(ENCRYPTED_REPLY_PAYLOAD),
            Hash32.of(filled(32, 0x44)), 2000, 15_000_000, T0.plus(Duration.ofHours(1)),
            "lnbcrt150u1pjob", REPLIER_CERTIFICATE), SETTLER);
    /** A promise as this build's settlers sign it: naming the replier's certificate, with their dispute terms. */
    static final SettlementPromise PROMISE_WITH_TERMS = SettlementPromise.sign(new SettlementPromiseBody(
            SETTLER_CERTIFICATE, Hash32.of(filled(32, 0x33)),
            SettlementPromise.hashOfEncryptedReplyPayload(ENCRYPTED_REPLY_PAYLOAD), Hash32.of(filled(32, 0x44)), 2000,
            15_000_000, T0.plus(Duration.ofHours(1)), "lnbcrt150u1pjob", java.util.Optional.of(REPLIER_CERTIFICATE),
            Duration.ofHours(24), Duration.ofDays(3), DisputeOutcome.PAY_WORKER), SETTLER);
    /** The same promise of a settler that needs the customer's signed statement (a settler on LND). */
    static final SettlementPromise PROMISE_CUSTOMER_STATEMENT = SettlementPromise.sign(new SettlementPromiseBody(
            SETTLER_CERTIFICATE, Hash32.of(filled(32, 0x33)),
            SettlementPromise.hashOfEncryptedReplyPayload(ENCRYPTED_REPLY_PAYLOAD), Hash32.of(filled(32, 0x44)), 2000,
            15_000_000, T0.plus(Duration.ofHours(1)), "lnbcrt150u1pjob", java.util.Optional.of(REPLIER_CERTIFICATE),
            Duration.ofHours(24), Duration.ofDays(3), DisputeOutcome.PAY_WORKER,
            JobPaymentEvidence.CUSTOMER_STATEMENT), SETTLER);
    static final ReplyFrame REPLY = new ReplyFrame(ENCRYPTED_REPLY_PAYLOAD, PROMISE, filled(8, 0xbb),
            "lnbcrt20n1pgolden");
    static final ReplyPayload REPLY_PAYLOAD = new ReplyPayload(REPLIER_CERTIFICATE, REQUEST, filled(8, 0xcc),
            "lnbcrt150u1pjob");
}
