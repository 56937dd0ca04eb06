package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.DecodeError.Reason;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@link WireLimits}: the largest value of every type encodes
 * within its limit and decodes; anything larger is refused before parsing;
 * the schema is not recursive and nests within {@link WireLimits#MAX_PROTO_DEPTH}.
 */
class WireLimitsTest {
    static final Instant MAX_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);
    static final PublicKey SETTLER = Golden.SETTLER.publicKey();
    static final PublicKey SENDER = Golden.SENDER.publicKey();

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    /** 16 properties with 64-character names and 256-byte values (3-byte characters and one ASCII). */
    static Certificate largestCertificate(PublicKey subject) {
        Map<String, String> properties = new TreeMap<>();
        for (int i = 0; i < WireLimits.MAX_PROPERTIES; i++) {
            properties.put(String.format("%02d", i) + repeat('p', 62), repeat('\u20ac', 85) + "x");
        }
        CertificateBody body = CertificateBody.of(-1L, subject, properties, MAX_TIME, MAX_TIME, SETTLER,
                repeat('u', WireLimits.MAX_AUTHORITY_URI_BYTES));
        return Certificate.sign(body, TestSigners.fake(SETTLER));
    }

    static SignedRequestPayload largestRequest() {
        ApplicationTopic topic = new ApplicationTopic(repeat('k', ApplicationTopic.MAX_KIND_BYTES),
                new byte[ApplicationTopic.MAX_DATA_BYTES]);
        return SignedRequestPayload.sign(new RequestPayload(PayloadId.of(new byte[16]), topic,
                largestCertificate(SENDER)), TestSigners.fake(SENDER));
    }

    static SettlementPromise largestPromise() {
        Hash32 h = Hash32.of(new byte[32]);
        return SettlementPromise.sign(new SettlementPromiseBody(largestCertificate(SETTLER), h, h, h,
                WireLimits.MAX_MSAT, WireLimits.MAX_MSAT, MAX_TIME, "l".repeat(WireLimits.MAX_INVOICE_BYTES),
                java.util.Optional.of(largestCertificate(SETTLER)),
                // the longest dispute terms a promise can state: 10-byte varints
                java.time.Duration.ofMillis(Long.MAX_VALUE), java.time.Duration.ofMillis(Long.MAX_VALUE),
                DisputeOutcome.REFUND_CUSTOMER), TestSigners.fake(SETTLER));
    }

    static <T> void assertFitsAndDecodes(T value, byte[] encoded, int max, Function<byte[], Decoded<T>> decode) {
        assertThat(encoded.length).isLessThanOrEqualTo(max);
        assertThat(decode.apply(encoded).orElseThrow()).isEqualTo(value);
    }

    @Test
    void theLargestCertificateFits() {
        Certificate c = largestCertificate(SENDER);
        assertThat(c.bodyBytes().length).isLessThanOrEqualTo(WireLimits.MAX_CERTIFICATE_BODY_BYTES);
        assertFitsAndDecodes(c, c.encode(), WireLimits.MAX_CERTIFICATE_BYTES, Certificate::decode);
    }

    @Test
    void theLargestRevocationListFits() {
        List<CertificateId> ids = IntStream.range(0, WireLimits.MAX_REVOKED_CERTIFICATES)
                .mapToObj(i -> CertificateId.of(org.giggossip.core.crypto.Sha256.hash(new byte[] {(byte) i,
                        (byte) (i >> 8)})))
                .toList();
        RevocationList list = RevocationList.sign(RevocationListBody.of(SETTLER, -1L, MAX_TIME, ids),
                TestSigners.fake(SETTLER));
        assertThat(list.body().revoked()).hasSize(WireLimits.MAX_REVOKED_CERTIFICATES);
        assertThat(list.bodyBytes().length).isLessThanOrEqualTo(WireLimits.MAX_REVOCATION_LIST_BODY_BYTES);
        assertFitsAndDecodes(list, list.encode(), WireLimits.MAX_REVOCATION_LIST_BYTES, RevocationList::decode);
    }

    @Test
    void theLargestTopicsFit() {
        var app = new ApplicationTopic(repeat('k', ApplicationTopic.MAX_KIND_BYTES),
                new byte[ApplicationTopic.MAX_DATA_BYTES]);
        var taxi = new TaxiTopic("zzzzzzzzzzzz", "zzzzzzzzzzzz", MAX_TIME, MAX_TIME);
        assertThat(TopicWire.toProto(app).getSerializedSize()).isLessThanOrEqualTo(WireLimits.MAX_TOPIC_BYTES);
        assertThat(TopicWire.toProto(taxi).getSerializedSize()).isLessThanOrEqualTo(WireLimits.MAX_TOPIC_BYTES);
    }

    @Test
    void theLargestRequestAndAskFit() {
        SignedRequestPayload request = largestRequest();
        assertThat(request.bodyBytes().length).isLessThanOrEqualTo(WireLimits.MAX_REQUEST_PAYLOAD_BYTES);
        assertFitsAndDecodes(request, request.encode(), WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES,
                SignedRequestPayload::decode);
        AskForBroadcastFrame ask = new AskForBroadcastFrame(Golden.ASK_ID, request);
        assertFitsAndDecodes(ask, ask.encode(), WireLimits.MAX_ASK_FOR_BROADCAST_FRAME_BYTES,
                AskForBroadcastFrame::decode);
        assertFitsAndDecodes(ask, FrameCodec.encode(ask), WireLimits.MAX_FRAME_BYTES, FrameCodec::decode);
    }

    @Test
    void theLargestConditionsAndDeclineFit() {
        var conditions = new POWBroadcastConditionsFrame(Golden.ASK_ID, MAX_TIME,
                new WorkRequest(repeat('z', WireLimits.MAX_POW_SCHEME_BYTES), new byte[32]),
                Duration.ofMillis(Long.MAX_VALUE), WireLimits.MAX_MSAT);
        assertFitsAndDecodes(conditions, conditions.encode(), WireLimits.MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES,
                POWBroadcastConditionsFrame::decode);
        var declined = new AskDeclinedFrame(Golden.ASK_ID, DeclineReason.OVERLOADED,
                repeat('\u20ac', 85) + "x");
        assertFitsAndDecodes(declined, declined.encode(), WireLimits.MAX_ASK_DECLINED_FRAME_BYTES,
                AskDeclinedFrame::decode);
    }

    @Test
    void theLargestBroadcastFits() {
        BroadcastPayload payload = BroadcastPayload.create(largestRequest(), new byte[WireLimits.MAX_ONION_BYTES],
                MAX_TIME);
        assertFitsAndDecodes(payload, payload.encoded(), WireLimits.MAX_BROADCAST_PAYLOAD_BYTES,
                BroadcastPayload::decode);
        var frame = new POWBroadcastFrame(Golden.ASK_ID, payload,
                new ProofOfWork(repeat('z', WireLimits.MAX_POW_SCHEME_BYTES), new byte[32], -1L));
        assertFitsAndDecodes(frame, frame.encode(), WireLimits.MAX_POW_BROADCAST_FRAME_BYTES,
                POWBroadcastFrame::decode);
        assertFitsAndDecodes(frame, FrameCodec.encode(frame), WireLimits.MAX_FRAME_BYTES, FrameCodec::decode);
    }

    @Test
    void theLargestReplyFits() {
        SettlementPromise promise = largestPromise();
        assertThat(promise.bodyBytes().length).isLessThanOrEqualTo(WireLimits.MAX_SETTLEMENT_PROMISE_BODY_BYTES);
        assertFitsAndDecodes(promise, promise.encode(), WireLimits.MAX_SETTLEMENT_PROMISE_BYTES,
                SettlementPromise::decode);
        var payload = new ReplyPayload(largestCertificate(Golden.REPLIER.publicKey()), largestRequest(),
                new byte[WireLimits.MAX_REPLY_MESSAGE_BYTES], repeat('x', WireLimits.MAX_INVOICE_BYTES));
        assertFitsAndDecodes(payload, payload.encode(), WireLimits.MAX_REPLY_PAYLOAD_BYTES, ReplyPayload::decode);
        var reply = new ReplyFrame(new byte[WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES], promise,
                new byte[WireLimits.MAX_ONION_BYTES], repeat('x', WireLimits.MAX_INVOICE_BYTES));
        assertFitsAndDecodes(reply, reply.encode(), WireLimits.MAX_REPLY_FRAME_BYTES, ReplyFrame::decode);
        assertFitsAndDecodes(reply, FrameCodec.encode(reply), WireLimits.MAX_FRAME_BYTES, FrameCodec::decode);
    }

    /** Every public decoder with its limit. */
    static final Map<String, Map.Entry<Integer, Function<byte[], Decoded<?>>>> DECODERS = Map.ofEntries(
            Map.entry("certificate", Map.entry(WireLimits.MAX_CERTIFICATE_BYTES, Certificate::decode)),
            Map.entry("revocation list", Map.entry(WireLimits.MAX_REVOCATION_LIST_BYTES, RevocationList::decode)),
            Map.entry("signed request", Map.entry(WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES,
                    SignedRequestPayload::decode)),
            Map.entry("ask", Map.entry(WireLimits.MAX_ASK_FOR_BROADCAST_FRAME_BYTES, AskForBroadcastFrame::decode)),
            Map.entry("conditions", Map.entry(WireLimits.MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES,
                    POWBroadcastConditionsFrame::decode)),
            Map.entry("declined", Map.entry(WireLimits.MAX_ASK_DECLINED_FRAME_BYTES, AskDeclinedFrame::decode)),
            Map.entry("broadcast payload", Map.entry(WireLimits.MAX_BROADCAST_PAYLOAD_BYTES,
                    BroadcastPayload::decode)),
            Map.entry("pow broadcast", Map.entry(WireLimits.MAX_POW_BROADCAST_FRAME_BYTES, POWBroadcastFrame::decode)),
            Map.entry("promise", Map.entry(WireLimits.MAX_SETTLEMENT_PROMISE_BYTES, SettlementPromise::decode)),
            Map.entry("reply", Map.entry(WireLimits.MAX_REPLY_FRAME_BYTES, ReplyFrame::decode)),
            Map.entry("reply payload", Map.entry(WireLimits.MAX_REPLY_PAYLOAD_BYTES, ReplyPayload::decode)),
            Map.entry("frame", Map.entry(WireLimits.MAX_FRAME_BYTES, FrameCodec::decode)));

    @Test
    void tenMegabytesOfZerosAreRefusedBeforeParsing() {
        byte[] huge = new byte[10 * 1024 * 1024];
        // TOO_LARGE with the length in the detail is the length check's answer; how fast it comes is
        // a benchmark's question, not this test's
        DECODERS.forEach((name, decoder) -> {
            Decoded<?> result = decoder.getValue().apply(huge);
            assertThat(result.errorIfAny()).as(name).hasValueSatisfying(e -> {
                assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
                assertThat(e.detail()).contains("10485760 bytes");
            });
        });
    }

    @Test
    void oneByteOverTheLimitIsTooLargeAndTheLimitItselfIsParsed() {
        DECODERS.forEach((name, decoder) -> {
            int max = decoder.getKey();
            assertThat(decoder.getValue().apply(new byte[max + 1]).errorIfAny()).as(name)
                    .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
            // zeros are parsed, and a zero tag is not protobuf
            assertThat(decoder.getValue().apply(new byte[max]).errorIfAny()).as(name)
                    .hasValueSatisfying(e -> assertThat(e.reason()).isNotEqualTo(Reason.TOO_LARGE));
        });
    }

    @Test
    void aNestedSignedBodyHasItsOwnLimit() {
        // a body one byte over its limit, in a certificate well under the certificate's limit
        byte[] body = new byte[WireLimits.MAX_CERTIFICATE_BODY_BYTES + 1];
        byte[] cert = org.giggossip.core.wire.proto.Certificate.newBuilder()
                .setBody(com.google.protobuf.ByteString.copyFrom(body))
                .setSignature(com.google.protobuf.ByteString.copyFrom(new byte[64]))
                .build().toByteArray();
        assertThat(cert.length).isLessThanOrEqualTo(WireLimits.MAX_CERTIFICATE_BYTES);
        DecodeError error = Certificate.decode(cert).errorIfAny().orElseThrow();
        assertThat(error.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(error.detail()).contains("certificate.body");
    }

    @Test
    void anEnvelopeIsCheckedAgainstTheLimitOfItsKind() {
        // kind 2 (conditions, at most 256 bytes) claiming 300 bytes: refused from the header alone
        byte[] frame = new byte[3 + 300];
        frame[0] = 0x12;
        frame[1] = (byte) 0xac;
        frame[2] = 0x02;
        DecodeError error = FrameCodec.decode(frame).errorIfAny().orElseThrow();
        assertThat(error.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(error.detail()).contains("POW_BROADCAST_CONDITIONS");
    }

    @Test
    void theSchemaIsNotRecursiveAndNestsWithinTheParserDepth() {
        List<Descriptor> roots = List.of(
                org.giggossip.core.wire.proto.Frame.getDescriptor(),
                org.giggossip.core.wire.proto.CertificateBody.getDescriptor(),
                org.giggossip.core.wire.proto.RevocationListBody.getDescriptor(),
                org.giggossip.core.wire.proto.RequestPayload.getDescriptor(),
                org.giggossip.core.wire.proto.BroadcastPayload.getDescriptor(),
                org.giggossip.core.wire.proto.ReplyPayload.getDescriptor(),
                org.giggossip.core.wire.proto.SettlementPromiseBody.getDescriptor());
        List<Descriptor> all = org.giggossip.core.wire.proto.GigGossipProto.getDescriptor().getMessageTypes();
        for (Descriptor d : all) {
            assertThat(depth(d, new HashSet<>())).as(d.getName()).isLessThanOrEqualTo(WireLimits.MAX_PROTO_DEPTH);
        }
        // signed bodies and the broadcast payload are bytes, parsed on their own: one parse nests at most 3 deep
        for (Descriptor root : roots) {
            assertThat(depth(root, new HashSet<>())).as(root.getName()).isLessThanOrEqualTo(4);
        }
    }

    /** Message nesting depth; fails on a cycle. */
    private static int depth(Descriptor d, Set<String> path) {
        assertThat(path.add(d.getFullName())).as("recursion through " + d.getFullName()).isTrue();
        int deepest = 0;
        for (FieldDescriptor f : d.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                deepest = Math.max(deepest, depth(f.getMessageType(), path));
            }
        }
        path.remove(d.getFullName());
        return 1 + deepest;
    }

    @Test
    void theSchemaCommentsStateTheseLimits() throws java.io.IOException {
        String proto = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/proto/giggossip.proto"))
                .replace(",", "");
        for (int limit : new int[] {WireLimits.MAX_CERTIFICATE_BODY_BYTES, WireLimits.MAX_REVOCATION_LIST_BODY_BYTES,
                WireLimits.MAX_REQUEST_PAYLOAD_BYTES, WireLimits.MAX_BROADCAST_PAYLOAD_BYTES,
                WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES, WireLimits.MAX_SETTLEMENT_PROMISE_BODY_BYTES,
                WireLimits.MAX_ONION_BYTES, WireLimits.MAX_INVOICE_BYTES, WireLimits.MAX_REPLY_MESSAGE_BYTES,
                WireLimits.MAX_REVOKED_CERTIFICATES, WireLimits.MAX_DECLINE_TEXT_BYTES}) {
            assertThat(proto).contains(" " + limit + " ");
        }
    }

    @Test
    void frameKindsAreExactlyTheEnvelopeFields() {
        var oneof = org.giggossip.core.wire.proto.Frame.getDescriptor().getOneofs().getFirst();
        List<Integer> numbers = new ArrayList<>();
        for (FieldDescriptor f : oneof.getFields()) {
            numbers.add(f.getNumber());
            assertThat(FrameKind.byFieldNumber(f.getNumber())).as(f.getName()).isPresent();
        }
        assertThat(numbers).hasSize(FrameKind.values().length);
        assertThat(org.giggossip.core.wire.proto.Frame.getDescriptor().getFields()).hasSize(numbers.size());
    }

    @Test
    void deeplyNestedUnknownGroupsGiveAnErrorNotAStackOverflow() {
        // 100,000 start-group tags of unknown field 15 (tag 15<<3|3 = 0x7b): the parser's depth limit stops it
        byte[] groups = new byte[100_000];
        java.util.Arrays.fill(groups, (byte) 0x7b);
        Decoded<POWBroadcastConditionsFrame> small = POWBroadcastConditionsFrame.decode(
                java.util.Arrays.copyOf(groups, 200));
        assertThat(small.errorIfAny()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        Decoded<ReplyFrame> large = ReplyFrame.decode(java.util.Arrays.copyOf(groups, 40_000));
        assertThat(large.errorIfAny()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
}
