package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.giggossip.core.topic.TaxiTopic;
import org.junit.jupiter.api.Test;

/** Invariants of the values: copies in and out, checks in constructors, replies built from requests. */
class WireValuesTest {

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] target = Golden.TARGET.clone();
        WorkRequest work = new WorkRequest("sha256", target);
        target[5] = 0;
        work.powTarget()[6] = 0;
        assertThat(work.powTarget()).isEqualTo(Golden.TARGET);

        byte[] onion = Golden.filled(8, 0xbb);
        ReplyFrame reply = new ReplyFrame(Golden.ENCRYPTED_REPLY_PAYLOAD, Golden.PROMISE, onion, "lnbc1");
        onion[0] = 0;
        reply.forwardOnion()[1] = 0;
        reply.encryptedReplyPayload()[2] = 0;
        assertThat(reply.forwardOnion()).isEqualTo(Golden.filled(8, 0xbb));
        assertThat(reply.encryptedReplyPayload()).isEqualTo(Golden.ENCRYPTED_REPLY_PAYLOAD);

        Golden.SENDER_CERTIFICATE.bodyBytes()[0] = 9;
        Golden.SENDER_CERTIFICATE.signature()[0] = 9;
        assertThat(Certificate.decode(Golden.SENDER_CERTIFICATE.encode()).orElseThrow())
                .isEqualTo(Golden.SENDER_CERTIFICATE);
        Golden.BROADCAST_PAYLOAD.encoded()[0] = 9;
        assertThat(Golden.BROADCAST_PAYLOAD.encoded()[0]).isEqualTo((byte) 0x0a);
        AskId id = Golden.ASK_ID;
        id.bytes()[0] = 0;
        assertThat(id.bytes()).isEqualTo(Golden.filled(16, 0x11));
    }

    @Test
    void constructorsCheckTheLimitsOfTheWire() {
        var subject = Golden.SENDER.publicKey();
        var authority = Golden.SETTLER.publicKey();
        Instant t = Golden.T0;
        assertThatThrownBy(() -> CertificateBody.of(1, subject, Map.of(), Instant.ofEpochMilli(-1), t, authority, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateBody.of(1, subject, Map.of(), t, t.minusMillis(1), authority, ""))
                .hasMessageContaining("not_after");
        assertThatThrownBy(() -> CertificateBody.of(1, subject, Map.of("Bad", "x"), t, t, authority, ""))
                .hasMessageContaining("property name");
        assertThatThrownBy(() -> CertificateBody.of(1, subject, Map.of("a", "\ud800"), t, t, authority, ""))
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> new WorkRequest("sha256", new byte[31])).hasMessageContaining("pow_target");
        assertThatThrownBy(() -> new ProofOfWork("", new byte[32], 0)).hasMessageContaining("pow_scheme");
        assertThatThrownBy(() -> new ReplyFrame(new byte[1], Golden.PROMISE, new byte[0], "not-bolt11"))
                .hasMessageContaining("network_invoice");
        assertThatThrownBy(() -> BroadcastPayload.create(Golden.REQUEST,
                new byte[WireLimits.MAX_ONION_BYTES + 1], t)).hasMessageContaining("backward_onion");
        assertThatThrownBy(() -> Golden.ASK.conditions(t, new WorkRequest("sha256", Golden.TARGET),
                Duration.ofMillis(-1), 0)).hasMessageContaining("timestamp_tolerance");
        assertThatThrownBy(() -> Golden.ASK.conditions(t, new WorkRequest("sha256", Golden.TARGET),
                Duration.ZERO, WireLimits.MAX_MSAT + 1)).hasMessageContaining("reply_fee_msat");
        assertThatThrownBy(() -> Golden.ASK.decline(DeclineReason.OTHER, "x".repeat(257)))
                .hasMessageContaining("text");
        assertThatThrownBy(() -> AskId.of(new byte[15])).hasMessageContaining("ask_id");
    }

    @Test
    void onlyTheRightKeyMaySign() {
        assertThatThrownBy(() -> Certificate.sign(Golden.SENDER_CERTIFICATE.body(), Golden.SENDER))
                .hasMessageContaining("authority");
        assertThatThrownBy(() -> SignedRequestPayload.sign(Golden.REQUEST.payload(), Golden.REPLIER))
                .hasMessageContaining("sender certificate");
        assertThatThrownBy(() -> SettlementPromise.sign(Golden.PROMISE.body(), Golden.SENDER))
                .hasMessageContaining("settler certificate");
        assertThatThrownBy(() -> RevocationList.sign(Golden.REVOCATION_LIST.body(), Golden.REPLIER))
                .hasMessageContaining("authority");
    }

    @Test
    void timesAreTruncatedToMillisecondsSoTheyRoundTrip() {
        Instant precise = Golden.T0.plusNanos(123_456);
        var conditions = Golden.ASK.conditions(precise, new WorkRequest("sha256", Golden.TARGET),
                Duration.ofNanos(1_500_000), 0);
        assertThat(conditions.validTill()).isEqualTo(Golden.T0);
        assertThat(conditions.timestampTolerance()).isEqualTo(Duration.ofMillis(1));
        var taxi = new TaxiTopic("r3gx2g5", "r3gx2f", precise, precise.plusSeconds(1));
        var request = new RequestPayload(Golden.PAYLOAD_ID, taxi, Golden.SENDER_CERTIFICATE);
        assertThat(((TaxiTopic) request.topic()).pickupAfter()).isEqualTo(Golden.T0);
        var signed = SignedRequestPayload.sign(request, TestSigners.fake(Golden.SENDER.publicKey()));
        assertThat(SignedRequestPayload.decode(signed.encode()).orElseThrow().payload()).isEqualTo(request);
    }

    @Test
    void repliesAreBuiltFromWhatTheyAnswer() {
        assertThat(Golden.CONDITIONS.askId()).isEqualTo(Golden.ASK.askId());
        assertThat(Golden.DECLINED.askId()).isEqualTo(Golden.ASK.askId());
        assertThat(Golden.POW_BROADCAST.askId()).isEqualTo(Golden.CONDITIONS.askId());
        ReplyFrame forwarded = Golden.REPLY.forwarded(new byte[] {1}, "lnbcrt30n1pnext");
        assertThat(forwarded.settlementPromise()).isEqualTo(Golden.REPLY.settlementPromise());
        assertThat(forwarded.encryptedReplyPayload()).isEqualTo(Golden.ENCRYPTED_REPLY_PAYLOAD);
        assertThat(forwarded.forwardOnion()).containsExactly(1);
        assertThat(forwarded.networkInvoice()).isEqualTo("lnbcrt30n1pnext");
    }

    @Test
    void dispatchOverFramesIsExhaustive() {
        Frame[] frames = {Golden.ASK, Golden.CONDITIONS, Golden.DECLINED, Golden.POW_BROADCAST, Golden.REPLY};
        for (Frame frame : frames) {
            // no default branch: adding a frame type without handling it here does not compile
            FrameKind kind = switch (frame) {
                case AskForBroadcastFrame f -> FrameKind.ASK_FOR_BROADCAST;
                case POWBroadcastConditionsFrame f -> FrameKind.POW_BROADCAST_CONDITIONS;
                case AskDeclinedFrame f -> FrameKind.ASK_DECLINED;
                case POWBroadcastFrame f -> FrameKind.POW_BROADCAST;
                case ReplyFrame f -> FrameKind.REPLY;
            };
            assertThat(frame.kind()).isEqualTo(kind);
            assertThat(FrameCodec.decode(FrameCodec.encode(frame)).orElseThrow()).isEqualTo(frame);
        }
    }

    @Test
    void equalValuesHaveEqualHashes() {
        Certificate again = Certificate.decode(Golden.SETTLER_CERTIFICATE.encode()).orElseThrow();
        assertThat(again).hasSameHashCodeAs(Golden.SETTLER_CERTIFICATE);
        ReplyFrame reply = ReplyFrame.decode(Golden.REPLY.encode()).orElseThrow();
        assertThat(reply).hasSameHashCodeAs(Golden.REPLY);
        assertThat(reply.toString()).contains("lnbcrt20n1pgolden");
        assertThat(Golden.ASK_ID).isNotEqualTo(PayloadId.of(Golden.filled(16, 0x11)));
    }
}
