package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.function.Function;
import org.giggossip.core.util.Hex;
import org.giggossip.core.validation.Penalty;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.DecodeError.Reason;
import org.junit.jupiter.api.Test;

/** Each syntax check of the decoders, one bad field at a time (docs/style.md 5). */
class WireDecodingTest {

    static <T> DecodeError error(byte[] input, Function<byte[], Decoded<T>> decode) {
        return decode.apply(input).errorIfAny().orElseThrow(() -> new AssertionError("decoded, expected an error"));
    }

    static org.giggossip.core.wire.proto.CertificateBody.Builder senderBody() {
        return Golden.SENDER_CERTIFICATE.body().toProto().toBuilder();
    }

    static byte[] certificate(org.giggossip.core.wire.proto.CertificateBody.Builder body) {
        return org.giggossip.core.wire.proto.Certificate.newBuilder()
                .setBody(body.build().toByteString())
                .setSignature(ByteString.copyFrom(new byte[64]))
                .build().toByteArray();
    }

    static Reason certificateError(org.giggossip.core.wire.proto.CertificateBody.Builder body) {
        return error(certificate(body), Certificate::decode).reason();
    }

    static org.giggossip.core.wire.proto.Property property(String name, String value) {
        return org.giggossip.core.wire.proto.Property.newBuilder().setName(name).setValue(value).build();
    }

    @Test
    void certificateFields() {
        var badSignature = Golden.SENDER_CERTIFICATE.toProto().toBuilder()
                .setSignature(ByteString.copyFrom(new byte[63])).build().toByteArray();
        assertThat(error(badSignature, Certificate::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
        assertThat(certificateError(senderBody().setVersion(2))).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(certificateError(senderBody().setSubject(ByteString.copyFrom(new byte[31]))))
                .isEqualTo(Reason.BAD_LENGTH);
        // 0xff..ff is above the field prime: not the X coordinate of any point
        assertThat(certificateError(senderBody().setAuthority(ByteString.copyFrom(Golden.filled(32, 0xff)))))
                .isEqualTo(Reason.INVALID_VALUE);
        assertThat(certificateError(senderBody().setNotBefore(-1))).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(certificateError(senderBody().setNotAfter(5).setNotBefore(6))).isEqualTo(Reason.INVALID_VALUE);
        assertThat(certificateError(senderBody().addProperties(property("b", "1")).addProperties(property("a", "2"))))
                .isEqualTo(Reason.NOT_CANONICAL);
        assertThat(certificateError(senderBody().addProperties(property("a", "1")).addProperties(property("a", "2"))))
                .isEqualTo(Reason.NOT_CANONICAL);
        assertThat(certificateError(senderBody().addProperties(property("Upper", "1"))))
                .isEqualTo(Reason.INVALID_VALUE);
        assertThat(certificateError(senderBody().addProperties(property("", "1")))).isEqualTo(Reason.BAD_LENGTH);
        assertThat(certificateError(senderBody().addProperties(property("a", "v".repeat(257)))))
                .isEqualTo(Reason.BAD_LENGTH);
        var many = senderBody();
        for (int i = 0; i < 17; i++) {
            many.addProperties(property(String.format("p%02d", i), ""));
        }
        assertThat(certificateError(many)).isEqualTo(Reason.TOO_MANY);
        assertThat(certificateError(senderBody().setAuthorityUri("has space"))).isEqualTo(Reason.INVALID_VALUE);
        assertThat(certificateError(senderBody().setAuthorityUri("u".repeat(257)))).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void aBodyThatIsNotProtobufIsMalformed() {
        byte[] cert = org.giggossip.core.wire.proto.Certificate.newBuilder()
                .setBody(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff}))
                .setSignature(ByteString.copyFrom(new byte[64])).build().toByteArray();
        assertThat(error(cert, Certificate::decode).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void revocationListIdsMustBeStrictlyAscending() {
        var body = Golden.REVOCATION_LIST.body().toProto().toBuilder()
                .addRevoked(ByteString.copyFrom(new byte[32])); // zeros sort before the id already there
        byte[] list = org.giggossip.core.wire.proto.RevocationList.newBuilder()
                .setBody(body.build().toByteString()).setSignature(ByteString.copyFrom(new byte[64]))
                .build().toByteArray();
        assertThat(error(list, RevocationList::decode).reason()).isEqualTo(Reason.NOT_CANONICAL);
        var shortId = Golden.REVOCATION_LIST.body().toProto().toBuilder().setRevoked(0, ByteString.copyFrom(new byte[31]));
        byte[] list2 = org.giggossip.core.wire.proto.RevocationList.newBuilder()
                .setBody(shortId.build().toByteString()).setSignature(ByteString.copyFrom(new byte[64]))
                .build().toByteArray();
        assertThat(error(list2, RevocationList::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
    }

    static byte[] request(org.giggossip.core.wire.proto.RequestPayload.Builder payload) {
        return org.giggossip.core.wire.proto.SignedRequestPayload.newBuilder()
                .setRequestPayload(payload.build().toByteString())
                .setSignature(ByteString.copyFrom(new byte[64])).build().toByteArray();
    }

    static org.giggossip.core.wire.proto.RequestPayload.Builder goldenRequest() {
        return Golden.REQUEST.payload().toProto().toBuilder();
    }

    @Test
    void requestAndTopicFields() {
        assertThat(error(request(goldenRequest().clearTopic()), SignedRequestPayload::decode).reason())
                .isEqualTo(Reason.MISSING_FIELD);
        assertThat(error(request(goldenRequest().setTopic(org.giggossip.core.wire.proto.Topic.getDefaultInstance())),
                SignedRequestPayload::decode).detail()).contains("no kind");
        assertThat(error(request(goldenRequest().clearSenderCertificate()), SignedRequestPayload::decode).reason())
                .isEqualTo(Reason.MISSING_FIELD);
        assertThat(error(request(goldenRequest().setPayloadId(ByteString.copyFrom(new byte[15]))),
                SignedRequestPayload::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
        var taxi = goldenRequest().getTopic().getTaxi().toBuilder();
        assertThat(error(request(goldenRequest().setTopic(org.giggossip.core.wire.proto.Topic.newBuilder()
                .setTaxi(taxi.clone().setFromGeohash("r3gxa")))), SignedRequestPayload::decode).reason())
                .isEqualTo(Reason.INVALID_VALUE); // 'a' is not in the geohash alphabet
        assertThat(error(request(goldenRequest().setTopic(org.giggossip.core.wire.proto.Topic.newBuilder()
                .setTaxi(taxi.clone().setToGeohash("r".repeat(13))))), SignedRequestPayload::decode).reason())
                .isEqualTo(Reason.BAD_LENGTH);
        assertThat(error(request(goldenRequest().setTopic(org.giggossip.core.wire.proto.Topic.newBuilder()
                .setTaxi(taxi.clone().setPickupBefore(0)))), SignedRequestPayload::decode).reason())
                .isEqualTo(Reason.INVALID_VALUE); // the window ends before it starts
        assertThat(error(request(goldenRequest().setTopic(org.giggossip.core.wire.proto.Topic.newBuilder()
                .setApplication(org.giggossip.core.wire.proto.ApplicationTopic.newBuilder().setKind("")))),
                SignedRequestPayload::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void askFields() {
        var ask = Golden.ASK.toProto().toBuilder();
        assertThat(error(ask.clone().clearSignedRequestPayload().build().toByteArray(), AskForBroadcastFrame::decode)
                .reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(error(ask.clone().clearAskId().build().toByteArray(), AskForBroadcastFrame::decode).reason())
                .isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void conditionsFields() {
        var c = Golden.CONDITIONS.toProto().toBuilder();
        assertThat(error(c.clone().setTimestampTolerance(-1).build().toByteArray(),
                POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.OUT_OF_RANGE); // 2^64 - 1 ms
        assertThat(error(c.clone().setReplyFeeMsat(WireLimits.MAX_MSAT + 1).build().toByteArray(),
                POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(error(c.clone().setValidTill(-5).build().toByteArray(), POWBroadcastConditionsFrame::decode)
                .reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(error(c.clone().clearWorkRequest().build().toByteArray(), POWBroadcastConditionsFrame::decode)
                .reason()).isEqualTo(Reason.MISSING_FIELD);
        var work = c.getWorkRequest().toBuilder();
        assertThat(error(c.clone().setWorkRequest(work.clone().setPowTarget(ByteString.copyFrom(new byte[31])))
                .build().toByteArray(), POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
        assertThat(error(c.clone().setWorkRequest(work.clone().setPowScheme("SHA256")).build().toByteArray(),
                POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(error(c.clone().setWorkRequest(work.clone().setPowScheme("")).build().toByteArray(),
                POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void anUnknownDeclineReasonReadsAsOther() {
        byte[] bytes = Golden.DECLINED.toProto().toBuilder().setReasonValue(99).build().toByteArray();
        AskDeclinedFrame decoded = AskDeclinedFrame.decode(bytes).orElseThrow();
        assertThat(decoded.reason()).isEqualTo(DeclineReason.OTHER);
        assertThat(decoded.text()).isEqualTo("max precision 7");
    }

    @Test
    void powBroadcastFields() {
        var f = Golden.POW_BROADCAST.toProto().toBuilder();
        assertThat(error(f.clone().clearProofOfWork().build().toByteArray(), POWBroadcastFrame::decode).reason())
                .isEqualTo(Reason.MISSING_FIELD);
        assertThat(error(f.clone().setBroadcastPayload(ByteString.EMPTY).build().toByteArray(),
                POWBroadcastFrame::decode).reason()).isEqualTo(Reason.MISSING_FIELD);
        var onion = org.giggossip.core.wire.proto.BroadcastPayload.newBuilder()
                .setSignedRequestPayload(Golden.REQUEST.toProto())
                .setBackwardOnion(ByteString.copyFrom(new byte[WireLimits.MAX_ONION_BYTES + 1])).build();
        assertThat(error(f.clone().setBroadcastPayload(onion.toByteString()).build().toByteArray(),
                POWBroadcastFrame::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void replyFields() {
        var r = Golden.REPLY.toProto().toBuilder();
        assertThat(error(r.clone().setNetworkInvoice("lnbc-1").build().toByteArray(), ReplyFrame::decode).reason())
                .isEqualTo(Reason.INVALID_VALUE);
        assertThat(error(r.clone().setNetworkInvoice("").build().toByteArray(), ReplyFrame::decode).reason())
                .isEqualTo(Reason.BAD_LENGTH);
        assertThat(error(r.clone().setEncryptedReplyPayload(ByteString.EMPTY).build().toByteArray(),
                ReplyFrame::decode).reason()).isEqualTo(Reason.BAD_LENGTH);
        assertThat(error(r.clone().clearSettlementPromise().build().toByteArray(), ReplyFrame::decode).reason())
                .isEqualTo(Reason.MISSING_FIELD);
        var body = Golden.PROMISE.body().toProto().toBuilder();
        var promise = org.giggossip.core.wire.proto.SettlementPromise.newBuilder()
                .setSignature(ByteString.copyFrom(new byte[64]));
        assertThat(error(promise.clone().setBody(body.clone().setReplyAmountMsat(-1).build().toByteString())
                .build().toByteArray(), SettlementPromise::decode).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(error(promise.clone().setBody(body.clone().setNetworkPaymentHash(ByteString.EMPTY).build()
                .toByteString()).build().toByteArray(), SettlementPromise::decode).reason())
                .isEqualTo(Reason.BAD_LENGTH);
        assertThat(error(promise.clone().setBody(body.clone().clearSettlerCertificate().build().toByteString())
                .build().toByteArray(), SettlementPromise::decode).reason()).isEqualTo(Reason.MISSING_FIELD);
    }

    @Test
    void invalidUtf8IsMalformed() {
        // AskDeclinedFrame.text (field 3) holding the byte 0xff
        byte[] bytes = Hex.decode("0a10" + "11".repeat(16) + "1a01ff");
        assertThat(error(bytes, AskDeclinedFrame::decode).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void unknownFieldsAreIgnored() {
        // field 15, varint 1 (tag 15<<3|0 = 0x78), appended to a conditions frame
        byte[] bytes = Hex.decode(WireGoldenVectorsTest.CONDITIONS + "7801");
        assertThat(POWBroadcastConditionsFrame.decode(bytes).orElseThrow()).isEqualTo(Golden.CONDITIONS);
    }

    @Test
    void aStrayEndGroupDoesNotEndAMessageEarly() {
        // end-group tag of field 15 (15<<3|4 = 0x7c) in the middle of a conditions frame
        byte[] bytes = Hex.decode("0a10" + "11".repeat(16) + "7c" + "28e807");
        assertThat(error(bytes, POWBroadcastConditionsFrame::decode).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void envelopes() {
        assertThat(error(new byte[0], FrameCodec::decode).reason()).isEqualTo(Reason.MISSING_FIELD);
        // field 9, length 0: no such kind
        assertThat(error(Hex.decode("4a00"), FrameCodec::decode).reason()).isEqualTo(Reason.UNKNOWN_KIND);
        // field 2 as a varint
        assertThat(error(Hex.decode("1001"), FrameCodec::decode).reason()).isEqualTo(Reason.MALFORMED);
        // two frames in one envelope
        byte[] two = Hex.decode(WireGoldenVectorsTest.FRAME_DECLINED + WireGoldenVectorsTest.FRAME_DECLINED);
        assertThat(error(two, FrameCodec::decode).reason()).isEqualTo(Reason.MALFORMED);
        // a length running past the end
        assertThat(error(Hex.decode("1a25" + "00"), FrameCodec::decode).reason()).isEqualTo(Reason.MALFORMED);
        // a truncated varint tag
        assertThat(error(Hex.decode("80"), FrameCodec::decode).reason()).isEqualTo(Reason.MALFORMED);
        assertThat(FrameCodec.decode(null).errorIfAny()).isPresent();
    }

    @Test
    void decodedValues() {
        Decoded<Frame> ok = FrameCodec.decode(Hex.decode(WireGoldenVectorsTest.FRAME_DECLINED));
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.map(Frame::kind).orElseThrow()).isEqualTo(FrameKind.ASK_DECLINED);
        assertThat(ok.toOptional()).contains(Golden.DECLINED);
        Decoded<Frame> err = FrameCodec.decode(Hex.decode("4a00"));
        assertThat(err.isOk()).isFalse();
        assertThat(err.toOptional()).isEmpty();
        assertThat(err.map(Frame::kind).errorIfAny()).isEqualTo(err.errorIfAny());
        assertThatThrownBy(err::orElseThrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("kind 9");
        Verdict verdict = err.errorIfAny().orElseThrow().toVerdict();
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Reject.class,
                r -> assertThat(r.penalty()).extracting(Penalty::reason, Penalty::severity)
                        .containsExactly(Penalty.Reason.UNDECODABLE, Penalty.Severity.FATAL));
    }
}
