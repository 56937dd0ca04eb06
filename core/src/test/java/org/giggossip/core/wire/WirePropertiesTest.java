package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of every codec, 10,000 tries each (docs/style.md 13):
 * <ul>
 *   <li>encoding then decoding an arbitrary well-formed value gives an equal
 *       value, and encoding that gives the same bytes;</li>
 *   <li>random bytes and damaged valid encodings (bit flips, truncation,
 *       extension, insertion, deletion, overwrite) never make a decoder throw:
 *       the result is an error, or a value that survives another round trip.</li>
 * </ul>
 * Values are signed with fake signatures: the loops do no curve arithmetic.
 */
class WirePropertiesTest {
    static final int TRIES = 10_000;

    static <T> void assertRoundTrip(T value, Function<T, byte[]> encode, Function<byte[], Decoded<T>> decode) {
        byte[] bytes = encode.apply(value);
        T decoded = decode.apply(bytes).orElseThrow();
        assertThat(decoded).isEqualTo(value);
        assertThat(encode.apply(decoded)).isEqualTo(bytes);
    }

    static <T> void assertTotal(byte[] input, Function<T, byte[]> encode, Function<byte[], Decoded<T>> decode) {
        Decoded<T> result = decode.apply(input); // must not throw
        switch (result) {
            case Decoded.Ok<T> ok -> {
                byte[] again = encode.apply(ok.value());
                assertThat(decode.apply(again).orElseThrow()).isEqualTo(ok.value());
            }
            case Decoded.Err<T> err -> assertThat(err.error().detail()).isNotEmpty();
        }
    }

    // ---- Certificate ----

    @Provide
    Arbitrary<Certificate> certificates() {
        return WireArbitraries.certificates();
    }

    @Provide
    Arbitrary<byte[]> hostileCertificate() {
        return WireArbitraries.hostile(WireArbitraries.certificates().map(Certificate::encode));
    }

    @Property(tries = TRIES)
    void roundTripCertificate(@ForAll("certificates") Certificate value) {
        assertRoundTrip(value, Certificate::encode, Certificate::decode);
    }

    @Property(tries = TRIES)
    void totalCertificate(@ForAll("hostileCertificate") byte[] input) {
        WirePropertiesTest.<Certificate>assertTotal(input, Certificate::encode, Certificate::decode);
    }

    // ---- RevocationList ----

    @Provide
    Arbitrary<RevocationList> revocationLists() {
        return WireArbitraries.revocationLists();
    }

    @Provide
    Arbitrary<byte[]> hostileRevocationList() {
        return WireArbitraries.hostile(WireArbitraries.revocationLists().map(RevocationList::encode));
    }

    @Property(tries = TRIES)
    void roundTripRevocationList(@ForAll("revocationLists") RevocationList value) {
        assertRoundTrip(value, RevocationList::encode, RevocationList::decode);
    }

    @Property(tries = TRIES)
    void totalRevocationList(@ForAll("hostileRevocationList") byte[] input) {
        WirePropertiesTest.<RevocationList>assertTotal(input, RevocationList::encode, RevocationList::decode);
    }

    // ---- SignedRequestPayload ----

    @Provide
    Arbitrary<SignedRequestPayload> signedRequests() {
        return WireArbitraries.signedRequests();
    }

    @Provide
    Arbitrary<byte[]> hostileSignedRequestPayload() {
        return WireArbitraries.hostile(WireArbitraries.signedRequests().map(SignedRequestPayload::encode));
    }

    @Property(tries = TRIES)
    void roundTripSignedRequestPayload(@ForAll("signedRequests") SignedRequestPayload value) {
        assertRoundTrip(value, SignedRequestPayload::encode, SignedRequestPayload::decode);
    }

    @Property(tries = TRIES)
    void totalSignedRequestPayload(@ForAll("hostileSignedRequestPayload") byte[] input) {
        WirePropertiesTest.<SignedRequestPayload>assertTotal(input, SignedRequestPayload::encode, SignedRequestPayload::decode);
    }

    // ---- AskForBroadcastFrame ----

    @Provide
    Arbitrary<AskForBroadcastFrame> asks() {
        return WireArbitraries.asks();
    }

    @Provide
    Arbitrary<byte[]> hostileAskForBroadcastFrame() {
        return WireArbitraries.hostile(WireArbitraries.asks().map(AskForBroadcastFrame::encode));
    }

    @Property(tries = TRIES)
    void roundTripAskForBroadcastFrame(@ForAll("asks") AskForBroadcastFrame value) {
        assertRoundTrip(value, AskForBroadcastFrame::encode, AskForBroadcastFrame::decode);
    }

    @Property(tries = TRIES)
    void totalAskForBroadcastFrame(@ForAll("hostileAskForBroadcastFrame") byte[] input) {
        WirePropertiesTest.<AskForBroadcastFrame>assertTotal(input, AskForBroadcastFrame::encode, AskForBroadcastFrame::decode);
    }

    // ---- POWBroadcastConditionsFrame ----

    @Provide
    Arbitrary<POWBroadcastConditionsFrame> conditions() {
        return WireArbitraries.conditions();
    }

    @Provide
    Arbitrary<byte[]> hostilePOWBroadcastConditionsFrame() {
        return WireArbitraries.hostile(WireArbitraries.conditions().map(POWBroadcastConditionsFrame::encode));
    }

    @Property(tries = TRIES)
    void roundTripPOWBroadcastConditionsFrame(@ForAll("conditions") POWBroadcastConditionsFrame value) {
        assertRoundTrip(value, POWBroadcastConditionsFrame::encode, POWBroadcastConditionsFrame::decode);
    }

    @Property(tries = TRIES)
    void totalPOWBroadcastConditionsFrame(@ForAll("hostilePOWBroadcastConditionsFrame") byte[] input) {
        WirePropertiesTest.<POWBroadcastConditionsFrame>assertTotal(input, POWBroadcastConditionsFrame::encode, POWBroadcastConditionsFrame::decode);
    }

    // ---- AskDeclinedFrame ----

    @Provide
    Arbitrary<AskDeclinedFrame> declines() {
        return WireArbitraries.declines();
    }

    @Provide
    Arbitrary<byte[]> hostileAskDeclinedFrame() {
        return WireArbitraries.hostile(WireArbitraries.declines().map(AskDeclinedFrame::encode));
    }

    @Property(tries = TRIES)
    void roundTripAskDeclinedFrame(@ForAll("declines") AskDeclinedFrame value) {
        assertRoundTrip(value, AskDeclinedFrame::encode, AskDeclinedFrame::decode);
    }

    @Property(tries = TRIES)
    void totalAskDeclinedFrame(@ForAll("hostileAskDeclinedFrame") byte[] input) {
        WirePropertiesTest.<AskDeclinedFrame>assertTotal(input, AskDeclinedFrame::encode, AskDeclinedFrame::decode);
    }

    // ---- BroadcastPayload ----

    @Provide
    Arbitrary<BroadcastPayload> broadcastPayloads() {
        return WireArbitraries.broadcastPayloads();
    }

    @Provide
    Arbitrary<byte[]> hostileBroadcastPayload() {
        return WireArbitraries.hostile(WireArbitraries.broadcastPayloads().map(BroadcastPayload::encoded));
    }

    @Property(tries = TRIES)
    void roundTripBroadcastPayload(@ForAll("broadcastPayloads") BroadcastPayload value) {
        assertRoundTrip(value, BroadcastPayload::encoded, BroadcastPayload::decode);
    }

    @Property(tries = TRIES)
    void totalBroadcastPayload(@ForAll("hostileBroadcastPayload") byte[] input) {
        WirePropertiesTest.<BroadcastPayload>assertTotal(input, BroadcastPayload::encoded, BroadcastPayload::decode);
    }

    // ---- POWBroadcastFrame ----

    @Provide
    Arbitrary<POWBroadcastFrame> powBroadcasts() {
        return WireArbitraries.powBroadcasts();
    }

    @Provide
    Arbitrary<byte[]> hostilePOWBroadcastFrame() {
        return WireArbitraries.hostile(WireArbitraries.powBroadcasts().map(POWBroadcastFrame::encode));
    }

    @Property(tries = TRIES)
    void roundTripPOWBroadcastFrame(@ForAll("powBroadcasts") POWBroadcastFrame value) {
        assertRoundTrip(value, POWBroadcastFrame::encode, POWBroadcastFrame::decode);
    }

    @Property(tries = TRIES)
    void totalPOWBroadcastFrame(@ForAll("hostilePOWBroadcastFrame") byte[] input) {
        WirePropertiesTest.<POWBroadcastFrame>assertTotal(input, POWBroadcastFrame::encode, POWBroadcastFrame::decode);
    }

    // ---- SettlementPromise ----

    @Provide
    Arbitrary<SettlementPromise> promises() {
        return WireArbitraries.promises();
    }

    @Provide
    Arbitrary<byte[]> hostileSettlementPromise() {
        return WireArbitraries.hostile(WireArbitraries.promises().map(SettlementPromise::encode));
    }

    @Property(tries = TRIES)
    void roundTripSettlementPromise(@ForAll("promises") SettlementPromise value) {
        assertRoundTrip(value, SettlementPromise::encode, SettlementPromise::decode);
    }

    @Property(tries = TRIES)
    void totalSettlementPromise(@ForAll("hostileSettlementPromise") byte[] input) {
        WirePropertiesTest.<SettlementPromise>assertTotal(input, SettlementPromise::encode, SettlementPromise::decode);
    }

    // ---- ReplyFrame ----

    @Provide
    Arbitrary<ReplyFrame> replies() {
        return WireArbitraries.replies();
    }

    @Provide
    Arbitrary<byte[]> hostileReplyFrame() {
        return WireArbitraries.hostile(WireArbitraries.replies().map(ReplyFrame::encode));
    }

    @Property(tries = TRIES)
    void roundTripReplyFrame(@ForAll("replies") ReplyFrame value) {
        assertRoundTrip(value, ReplyFrame::encode, ReplyFrame::decode);
    }

    @Property(tries = TRIES)
    void totalReplyFrame(@ForAll("hostileReplyFrame") byte[] input) {
        WirePropertiesTest.<ReplyFrame>assertTotal(input, ReplyFrame::encode, ReplyFrame::decode);
    }

    // ---- ReplyPayload ----

    @Provide
    Arbitrary<ReplyPayload> replyPayloads() {
        return WireArbitraries.replyPayloads();
    }

    @Provide
    Arbitrary<byte[]> hostileReplyPayload() {
        return WireArbitraries.hostile(WireArbitraries.replyPayloads().map(ReplyPayload::encode));
    }

    @Property(tries = TRIES)
    void roundTripReplyPayload(@ForAll("replyPayloads") ReplyPayload value) {
        assertRoundTrip(value, ReplyPayload::encode, ReplyPayload::decode);
    }

    @Property(tries = TRIES)
    void totalReplyPayload(@ForAll("hostileReplyPayload") byte[] input) {
        WirePropertiesTest.<ReplyPayload>assertTotal(input, ReplyPayload::encode, ReplyPayload::decode);
    }

    // ---- Frame ----

    @Provide
    Arbitrary<Frame> frames() {
        return WireArbitraries.frames();
    }

    @Provide
    Arbitrary<byte[]> hostileFrame() {
        return WireArbitraries.hostile(WireArbitraries.frames().map(FrameCodec::encode));
    }

    @Property(tries = TRIES)
    void roundTripFrame(@ForAll("frames") Frame value) {
        assertRoundTrip(value, FrameCodec::encode, FrameCodec::decode);
    }

    @Property(tries = TRIES)
    void totalFrame(@ForAll("hostileFrame") byte[] input) {
        WirePropertiesTest.<Frame>assertTotal(input, FrameCodec::encode, FrameCodec::decode);
    }
}
