package org.giggossip.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.service.ServiceFixtures.HASH;
import static org.giggossip.core.service.ServiceFixtures.filled;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.WireLimits;
import org.giggossip.core.wire.proto.InvoiceAcceptedEvent;
import org.giggossip.core.wire.proto.PaymentSettledEvent;
import org.giggossip.core.wire.proto.ServiceMessage.KindCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceCodecTest {

    static Stream<ServiceMessage> every() {
        return ServiceFixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("every")
    void everyVariantRoundTripsByteExactly(ServiceMessage message) {
        byte[] bytes = ServiceCodec.encode(message);
        ServiceMessage decoded = ServiceCodec.decode(bytes).orElseThrow();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
        assertThat(ServiceCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void theFixturesCoverEveryKindOfTheOneof() {
        Set<KindCase> seen = new HashSet<>();
        for (ServiceMessage m : ServiceFixtures.all()) {
            seen.add(parse(ServiceCodec.encode(m)).getKindCase());
        }
        Set<KindCase> all = new HashSet<>(Set.of(KindCase.values()));
        all.remove(KindCase.KIND_NOT_SET);
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void theLargestReplySealedFitsOneMessage() {
        var largest = new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplySealed(Long.MIN_VALUE,
                filled(WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES, 7), ServiceFixtures.PROMISE,
                "x".repeat(WireLimits.MAX_INVOICE_BYTES)));
        byte[] bytes = ServiceCodec.encode(largest);
        assertThat(bytes.length).isLessThanOrEqualTo(ServiceCodec.MAX_MESSAGE_BYTES);
        assertThat(ServiceCodec.decode(bytes).isOk()).isTrue();
    }

    @Test
    void longTextsAreCutToTheLimitOnEncoding() {
        String reason = "\ud83d\ude95".repeat(1000); // 4,000 UTF-8 bytes
        var m = new ServiceMessage.WalletNotice(new WalletEvent.CallFailed(1, reason));
        var back = (ServiceMessage.WalletNotice) ServiceCodec.decode(ServiceCodec.encode(m)).orElseThrow();
        String cut = ((WalletEvent.CallFailed) back.event()).reason();
        assertThat(cut).isEqualTo("\ud83d\ude95".repeat(256));
    }

    @Test
    void refusesInputOverTheLimitBeforeParsing() {
        assertReason(new byte[ServiceCodec.MAX_MESSAGE_BYTES + 1], Reason.TOO_LARGE);
    }

    @Test
    void refusesAnEmptyMessage() {
        assertReason(new byte[0], Reason.MISSING_FIELD);
    }

    @Test
    void refusesAHashOfTheWrongSize() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setInvoiceAccepted(
                InvoiceAcceptedEvent.newBuilder().setPaymentHash(ByteString.copyFrom(filled(31, 1))).setAmountMsat(5))
                .build().toByteArray();
        assertReason(bytes, Reason.BAD_LENGTH);
    }

    @Test
    void refusesAPreimageOfTheWrongSize() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setPaymentSettled(
                PaymentSettledEvent.newBuilder().setPaymentHash(ByteString.copyFrom(HASH.bytes()))
                        .setPreimage(ByteString.copyFrom(filled(33, 1)))).build().toByteArray();
        assertReason(bytes, Reason.BAD_LENGTH);
    }

    @Test
    void refusesAnAmountAtOrAbove2To63() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setInvoiceAccepted(
                InvoiceAcceptedEvent.newBuilder().setPaymentHash(ByteString.copyFrom(HASH.bytes()))
                        .setAmountMsat(-1)).build().toByteArray();
        assertReason(bytes, Reason.OUT_OF_RANGE);
    }

    @Test
    void refusesAZeroInvoiceAmount() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setCreateHoldInvoice(
                org.giggossip.core.wire.proto.CreateHoldInvoiceCall.newBuilder()
                        .setPaymentHash(ByteString.copyFrom(HASH.bytes())).setExpiresAt(5)).build().toByteArray();
        assertReason(bytes, Reason.OUT_OF_RANGE);
    }

    @Test
    void refusesAnInvoiceWithCharactersOutsideItsAlphabet() {
        byte[] bytes = ServiceCodec.encode(new ServiceMessage.WalletCall(new WalletRequest.Pay(1, "lnbc rt", 5)));
        assertReason(bytes, Reason.INVALID_VALUE);
    }

    @Test
    void refusesATextOverItsLimit() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setCallFailed(
                org.giggossip.core.wire.proto.CallFailedEvent.newBuilder().setReason("x".repeat(1025)))
                .build().toByteArray();
        assertReason(bytes, Reason.BAD_LENGTH);
    }

    @Test
    void refusesAMissingSignedRequest() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setIssueReplyHash(
                org.giggossip.core.wire.proto.IssueReplyHashCall.newBuilder().setReplyAmountMsat(5))
                .build().toByteArray();
        assertReason(bytes, Reason.MISSING_FIELD);
    }

    @Test
    void refusesANotAKeySettlerId() {
        byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setEnrolled(
                org.giggossip.core.wire.proto.Enrolled.newBuilder()
                        .setCertificate(ByteString.copyFrom(ServiceFixtures.SENDER_CERTIFICATE.encode()))
                        .setSettlerId(ByteString.copyFrom(filled(32, 0xff)))).build().toByteArray();
        assertReason(bytes, Reason.INVALID_VALUE);
    }

    @Test
    void refusesGarbage() {
        assertThat(ServiceCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}).isOk()).isFalse();
    }

    @Test
    void refusesSettlerTermsWithAnUnknownDefaultOrAnOutOfRangeDuration() {
        var terms = org.giggossip.core.wire.proto.DisputeTerms.newBuilder().setInvoiceTtlMs(600_000)
                .setDisputeWindowMs(86_400_000).setDisputeDeadlineMs(259_200_000);
        for (var bad : java.util.List.of(terms.clone(), terms.clone().setDisputeDefaultValue(7),
                terms.clone().setDisputeDefault(org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_PAY_WORKER)
                        .setDisputeDeadlineMs(0),
                terms.clone().setDisputeDefault(org.giggossip.core.wire.proto.DisputeOutcome.DISPUTE_OUTCOME_PAY_WORKER)
                        .setDisputeWindowMs(-1))) {
            byte[] bytes = org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setReplyHashIssued(
                    org.giggossip.core.wire.proto.ReplyHashIssuedAnswer.newBuilder().setCallId(1)
                            .setReplyPaymentHash(ByteString.copyFrom(HASH.bytes())).setTerms(bad)).build()
                    .toByteArray();
            assertReason(bytes, Reason.OUT_OF_RANGE);
        }
    }

    private static void assertReason(byte[] bytes, Reason reason) {
        Decoded<ServiceMessage> d = ServiceCodec.decode(bytes);
        assertThat(d.errorIfAny()).as("decoding %s", d).hasValueSatisfying(e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.detail()).isNotBlank();
        });
    }

    private static org.giggossip.core.wire.proto.ServiceMessage parse(byte[] bytes) {
        try {
            return org.giggossip.core.wire.proto.ServiceMessage.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
