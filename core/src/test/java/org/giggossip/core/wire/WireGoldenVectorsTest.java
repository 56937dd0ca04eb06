package org.giggossip.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.giggossip.core.cert.SignatureChecks;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;

/**
 * Golden hex vectors of the wire format (bitcoinj style): each fixed instance
 * of {@link Golden} encodes to exactly these bytes, and these bytes decode to an
 * equal value that encodes back to the same bytes.
 *
 * <p>Protobuf rules used in the comments: a tag is the varint
 * {@code field_number << 3 | wire_type}, wire type 0 for varints and 2 for
 * length-delimited bytes, strings and messages, which are followed by a varint
 * length. Varints are little-endian groups of 7 bits with the high bit set on
 * all but the last byte. proto3 omits fields holding their default (0, empty).
 * The vectors of the sender certificate, the broadcast conditions frame, the
 * declined frame and the ask for broadcast frame were checked byte by byte
 * against these rules; byte counts are in brackets.
 */
class WireGoldenVectorsTest {

    // ---- keys: x-only public keys of the secrets 1, 2 and 3 (x(1G), x(2G), x(3G)) ----
    static final String SETTLER_ID = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    static final String SENDER_ID = "c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    static final String REPLIER_ID = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    // ---- times as varints of milliseconds since the epoch ----
    /** 1_700_000_000_000 = 0x18b_cfe5_6800: groups 00 50 15 7f 3c 31 -> 80 d0 95 ff bc 31. */
    static final String T0 = "80d095ffbc31";
    /** T0 + 365 days = 1_731_536_000_000. */
    static final String YEAR_LATER = "80a8dabcb232";
    static final String T0_PLUS_5S = "88f795ffbc31";
    static final String T0_PLUS_60S = "e0a499ffbc31";
    static final String T0_PLUS_1H = "80adf180bd31";
    static final String T0_PLUS_2H = "808acd82bd31";

    static final String ID_11 = "11".repeat(16);
    static final String ID_22 = "22".repeat(16);
    /** 0x00000fff..ff. */
    static final String TARGET = "00000f" + "ff".repeat(29);

    // ---- 3.2 certificates ----

    /** The sender's CertificateBody [86], checked by hand. */
    static final String SENDER_CERT_BODY = ""
            + "0801"                //   1 version: tag 1<<3|0 = 08, varint 1                        [2]
            + "1002"                //   2 serial: tag 2<<3|0 = 10, varint 2                         [2]
            + "1a20" + SENDER_ID    //   3 subject: tag 3<<3|2 = 1a, length 0x20 = 32                [34]
            //                           4 properties: none, so absent
            + "28" + T0             //   5 not_before: tag 5<<3|0 = 28                               [7]
            + "30" + YEAR_LATER     //   6 not_after: tag 6<<3|0 = 30                                [7]
            + "3a20" + SETTLER_ID;  //   7 authority: tag 7<<3|2 = 3a, 32 bytes                      [34]
            //                           8 authority_uri: empty, so absent        2+2+34+7+7+34 = 86
    static final String SENDER_CERT_SIG = "c3f70bff7e554db9f7e52231e3369963209888ad6fcb25b676b4f5721ccdc8ab"
            + "1f60f7facf8ff6d4729b1175607028ad3f54ac379198c0d1b9f85dcf971fb1f7";
    /** The sender's Certificate [154], checked by hand. */
    static final String SENDER_CERT = ""
            + "0a56" + SENDER_CERT_BODY //  1 body: tag 1<<3|2 = 0a, length 0x56 = 86                 [88]
            + "1240" + SENDER_CERT_SIG; //  2 signature: tag 2<<3|2 = 12, length 0x40 = 64            [66]

    /** The settler's self-signed CertificateBody [129]. */
    static final String SETTLER_CERT_BODY = ""
            + "0801" + "1001"                         // version 1, serial 1                          [4]
            + "1a20" + SETTLER_ID                     // subject                                      [34]
            + "220f"                                  // properties[0]: tag 4<<3|2 = 22, length 15    [2]
            + "0a04" + "726f6c65"                     //   name "role"                                [6]
            + "1207" + "736574746c6572"               //   value "settler"                            [9]
            + "28" + T0 + "30" + YEAR_LATER           // not_before, not_after                        [14]
            + "3a20" + SETTLER_ID                     // authority                                    [34]
            + "4218" + "68747470733a2f2f736574746c65722e6578616d706c652f"; // 8 authority_uri, 24 [26]
    static final String SETTLER_CERT_SIG = "ca3867d5a7869aeca3fa9a0483112e3662044353800619bba03b67db66c2afb2"
            + "038f894c4f038fce6d510b66ab7c8d38ea5723babaa92f7ed7f8c3d2f2cbabed";
    /** [198]: the body length 129 = 0x81 is the two-byte varint 81 01. */
    static final String SETTLER_CERT = "0a8101" + SETTLER_CERT_BODY + "1240" + SETTLER_CERT_SIG;

    /** The replier's CertificateBody [112]. */
    static final String REPLIER_CERT_BODY = ""
            + "0801" + "1003"                                       // version 1, serial 3            [4]
            + "1a20" + REPLIER_ID                                   // subject                        [34]
            + "2218"                                                // properties[0], length 24       [2]
            + "0a0f" + "64726976696e675f6c6963656e6365"             //   name "driving_licence"       [17]
            + "1205" + "76616c6964"                                 //   value "valid"                [7]
            + "28" + T0 + "30" + YEAR_LATER                         // validity window                [14]
            + "3a20" + SETTLER_ID;                                  // authority                      [34]
    static final String REPLIER_CERT_SIG = "a01da3975e271af8df353ee5c7871cb13736218ca9d02d933b6b20fe13aa5b28"
            + "53f50f0223d468338e01bee511bf1cc90a393b4f1c4a74dda09e7627a3528c79";
    static final String REPLIER_CERT = "0a70" + REPLIER_CERT_BODY + "1240" + REPLIER_CERT_SIG;   // [180]
    /** Sha256.tagged("giggossip/v1/certificate-id", REPLIER_CERT_BODY). */
    static final String REPLIER_CERT_ID = "b3120267da0e85120e6dea35eeecf4048ef077a0aa4e87abe03c7841a32bf122";

    /** RevocationList [145]. */
    static final String REVOCATION_LIST = ""
            + "0a4d"                        // 1 body, length 77
            + "0a20" + SETTLER_ID           //   1 authority                                          [34]
            + "1007"                        //   2 version 7                                          [2]
            + "18" + T0                     //   3 issued_at                                          [7]
            + "2220" + REPLIER_CERT_ID      //   4 revoked[0]                                         [34]
            + "1240"                        // 2 signature
            + "3479a8aad565fdb32c6a554c31a47d7d74fbdb52c5da1345271d362b20082faa"
            + "b2b12a28ba46e10f6fb8bfa75fdc06a14dffdb0bea4edad05f3e1f4c80fd0453";

    // ---- 3.3 request payloads ----

    /** RequestPayload with a taxi topic [210]. */
    static final String REQUEST_PAYLOAD = ""
            + "0a10" + ID_22                //   1 payload_id, 16 bytes                               [18]
            + "1221"                        //   2 topic, length 33                                   [2]
            + "0a1f"                        //     1 taxi, length 31                                  [2]
            + "0a07" + "72336778326735"     //       1 from_geohash "r3gx2g5"                         [9]
            + "1206" + "723367783266"       //       2 to_geohash "r3gx2f"                            [8]
            + "18" + T0_PLUS_1H             //       3 pickup_after                                   [7]
            + "20" + T0_PLUS_2H             //       4 pickup_before                                  [7]
            + "1a9a01" + SENDER_CERT;       //   3 sender_certificate, length 154 = 9a 01             [157]
    static final String REQUEST_SIG = "f9be36df0f4027e563bd4ae536d3d2718bc7e0e496204351079b72a6e41fa509"
            + "6806b42e415211d58b06b9dbd45afa68bafabb5626c982f12a2b02ec3fe531f7";
    /** SignedRequestPayload [279]: 210 = d2 01. */
    static final String SIGNED_REQUEST = "0ad201" + REQUEST_PAYLOAD + "1240" + REQUEST_SIG;

    /** SignedRequestPayload with an application topic [266]. */
    static final String SIGNED_DELIVERY_REQUEST = ""
            + "0ac501"                      // 1 request_payload, length 197
            + "0a10" + ID_22                //   1 payload_id                                         [18]
            + "1214"                        //   2 topic, length 20                                   [2]
            + "1212"                        //     2 application, length 18                           [2]
            + "0a0b" + "64656c69766572792f7631" //   1 kind "delivery/v1"                             [13]
            + "1203" + "010203"             //       2 data                                           [5]
            + "1a9a01" + SENDER_CERT        //   3 sender_certificate                                 [157]
            + "1240"                        // 2 signature
            + "4148f1b284d0362fe7244f2e6cd853378fa94536aeae5e56f843974a5cfbf90b"
            + "1d3809bf151dd4c64d0885dd9ef352bd895c3e16136cbf57dd464a58897770f5";

    /** AskForBroadcastFrame [300], checked by hand. */
    static final String ASK = ""
            + "0a10" + ID_11                // 1 ask_id: tag 0a, length 16                            [18]
            + "129702" + SIGNED_REQUEST;    // 2 signed_request_payload: tag 12, 279 = 97 02          [282]
            //                                 18 + 3 + 279 = 300

    // ---- 3.6 broadcast ----

    /** POWBroadcastConditionsFrame [76], checked by hand. */
    static final String CONDITIONS = ""
            + "0a10" + ID_11                // 1 ask_id: tag 1<<3|2 = 0a, 16 bytes                    [18]
            + "10" + T0_PLUS_60S            // 2 valid_till: tag 2<<3|0 = 10                          [7]
            + "1a2a"                        // 3 work_request: tag 3<<3|2 = 1a, length 42             [2]
            + "0a06" + "736861323536"       //   1 pow_scheme "sha256": tag 0a, 6 bytes               [8]
            + "1220" + TARGET               //   2 pow_target: tag 12, 32 bytes              8+34 = 42 [34]
            + "20" + "b0ea01"               // 4 timestamp_tolerance: tag 4<<3|0 = 20; 30000 =
            //                                   0b1_1101010_0110000 -> b0 ea 01                      [4]
            + "28" + "e807";                // 5 reply_fee_msat: tag 5<<3|0 = 28; 1000 -> e8 07       [3]
            //                                 18 + 7 + 44 + 4 + 3 = 76

    /** AskDeclinedFrame [37], checked by hand. */
    static final String DECLINED = ""
            + "0a10" + ID_11                // 1 ask_id                                               [18]
            + "1002"                        // 2 reason: tag 2<<3|0 = 10, GEOHASH_TOO_PRECISE = 2      [2]
            + "1a0f" + "6d617820707265636973696f6e2037"; // 3 text "max precision 7", 15 bytes        [17]

    /** BroadcastPayload [299]: the bytes the proof of work covers. */
    static final String BROADCAST_PAYLOAD = ""
            + "0a9702" + SIGNED_REQUEST     // 1 signed_request_payload, 279                          [282]
            + "1208" + "aa".repeat(8)       // 2 backward_onion, 8 bytes                              [10]
            + "18" + T0_PLUS_5S;            // 3 timestamp                                            [7]

    /** POWBroadcastFrame [369]. */
    static final String POW_BROADCAST = ""
            + "0a10" + ID_11                // 1 ask_id                                               [18]
            + "12ab02" + BROADCAST_PAYLOAD  // 2 broadcast_payload, 299 = ab 02                       [302]
            + "1a2f"                        // 3 proof_of_work, length 47                             [2]
            + "0a06" + "736861323536"       //   1 pow_scheme "sha256"                                [8]
            + "1220" + TARGET               //   2 pow_target                                         [34]
            + "18" + "959aef3a";            //   3 nonce 123456789                                    [5]

    // ---- 3.9 replies ----

    /** Sha256.tagged("giggossip/v1/encrypted-reply-payload", ee * 16). */
    static final String HASH_OF_ENCRYPTED = "d76654e2bb43d3bafb08da848f66e5e51d969d53a370735c1b2e986939b9495e";

    /** SettlementPromise [587]. */
    static final String PROMISE = ""
            + "0a8604"                      // 1 body, length 518 = 86 04
            + "0ac601" + SETTLER_CERT       //   1 settler_certificate, 198                           [201]
            + "1220" + "33".repeat(32)      //   2 network_payment_hash                               [34]
            + "1a20" + HASH_OF_ENCRYPTED    //   3 hash_of_encrypted_reply_payload                    [34]
            + "2220" + "44".repeat(32)      //   4 reply_payment_hash                                 [34]
            + "28" + "d00f"                 //   5 network_amount_msat 2000                           [3]
            + "30" + "c0c39307"             //   6 reply_amount_msat 15_000_000                       [5]
            + "38" + T0_PLUS_1H             //   7 expires_at                                         [7]
            + "420f" + "6c6e626372743135307531706a6f62" // 8 reply_invoice "lnbcrt150u1pjob"      [17]
            + "4ab401" + REPLIER_CERT       //   9 replier_certificate, 180                           [183]
            + "1240"                        // 2 signature
            + "a2a5a008048961e1f58503c8b963659a7a12db9e033fa8035ef6e3d8dca5d834"
            + "f92a8896323dee67b56ed4d7a7965ab04a4876c713ccc47840ca4fdfbd0137a7";

    /** ReplyFrame [637]. */
    static final String REPLY = ""
            + "0a10" + "ee".repeat(16)      // 1 encrypted_reply_payload, 16 bytes                    [18]
            + "12cb04" + PROMISE            // 2 settlement_promise, 587 = cb 04                      [590]
            + "1a08" + "bb".repeat(8)       // 3 forward_onion, 8 bytes                               [10]
            + "2211" + "6c6e6263727432306e3170676f6c64656e"; // 4 network_invoice "lnbcrt20n1pgolden" [19]

    /** ReplyPayload [492]. */
    static final String REPLY_PAYLOAD = ""
            + "0ab401" + REPLIER_CERT       // 1 replier_certificate, 180                             [183]
            + "129702" + SIGNED_REQUEST     // 2 signed_request_payload, 279                          [282]
            + "1a08" + "cc".repeat(8)       // 3 encrypted_reply_message                              [10]
            + "220f" + "6c6e626372743135307531706a6f62"; // 4 reply_invoice "lnbcrt150u1pjob"        [17]

    // ---- the Frame envelope: field number of the kind, length, frame ----
    static final String FRAME_ASK = "0aac02" + ASK;                  // 1 ask_for_broadcast, 300 = ac 02
    static final String FRAME_CONDITIONS = "124c" + CONDITIONS;      // 2 pow_broadcast_conditions, 76
    static final String FRAME_DECLINED = "1a25" + DECLINED;          // 3 ask_declined, 37
    static final String FRAME_POW_BROADCAST = "22f102" + POW_BROADCAST; // 4 pow_broadcast, 369 = f1 02
    static final String FRAME_REPLY = "2afd04" + REPLY;              // 5 reply, 637 = fd 04

    private static <T> void roundTrip(String hex, byte[] encoded, T value, Function<byte[], Decoded<T>> decoder,
            Function<T, byte[]> encoder) {
        assertThat(Hex.encode(encoded)).isEqualTo(hex);
        T decoded = decoder.apply(Hex.decode(hex)).orElseThrow();
        assertThat(decoded).isEqualTo(value);
        assertThat(Hex.encode(encoder.apply(decoded))).isEqualTo(hex);
    }

    @Test
    void lengthsInTheCommentsAreRight() {
        assertThat(SENDER_CERT_BODY.length() / 2).isEqualTo(86);
        assertThat(SENDER_CERT.length() / 2).isEqualTo(154);
        assertThat(SETTLER_CERT_BODY.length() / 2).isEqualTo(129);
        assertThat(SETTLER_CERT.length() / 2).isEqualTo(198);
        assertThat(REPLIER_CERT_BODY.length() / 2).isEqualTo(112);
        assertThat(REPLIER_CERT.length() / 2).isEqualTo(180);
        assertThat(REVOCATION_LIST.length() / 2).isEqualTo(145);
        assertThat(REQUEST_PAYLOAD.length() / 2).isEqualTo(210);
        assertThat(SIGNED_REQUEST.length() / 2).isEqualTo(279);
        assertThat(ASK.length() / 2).isEqualTo(300);
        assertThat(CONDITIONS.length() / 2).isEqualTo(76);
        assertThat(DECLINED.length() / 2).isEqualTo(37);
        assertThat(BROADCAST_PAYLOAD.length() / 2).isEqualTo(299);
        assertThat(POW_BROADCAST.length() / 2).isEqualTo(369);
        assertThat(PROMISE.length() / 2).isEqualTo(587);
        assertThat(REPLY.length() / 2).isEqualTo(637);
        assertThat(REPLY_PAYLOAD.length() / 2).isEqualTo(492);
    }

    @Test
    void certificates() {
        roundTrip(SENDER_CERT, Golden.SENDER_CERTIFICATE.encode(), Golden.SENDER_CERTIFICATE, Certificate::decode,
                Certificate::encode);
        roundTrip(SETTLER_CERT, Golden.SETTLER_CERTIFICATE.encode(), Golden.SETTLER_CERTIFICATE, Certificate::decode,
                Certificate::encode);
        roundTrip(REPLIER_CERT, Golden.REPLIER_CERTIFICATE.encode(), Golden.REPLIER_CERTIFICATE, Certificate::decode,
                Certificate::encode);
        assertThat(Hex.encode(Golden.SENDER_CERTIFICATE.bodyBytes())).isEqualTo(SENDER_CERT_BODY);
        assertThat(Golden.REPLIER_CERTIFICATE.id().hex()).isEqualTo(REPLIER_CERT_ID);
        Certificate decoded = Certificate.decode(Hex.decode(SETTLER_CERT)).orElseThrow();
        assertThat(decoded.body().properties()).containsExactly(java.util.Map.entry("role", "settler"));
        assertThat(decoded.body().authorityUriIfAny()).contains("https://settler.example/");
        assertThat(SignatureChecks.certificate(decoded).isAccepted()).isTrue();
    }

    @Test
    void revocationList() {
        roundTrip(REVOCATION_LIST, Golden.REVOCATION_LIST.encode(), Golden.REVOCATION_LIST, RevocationList::decode,
                RevocationList::encode);
        RevocationList decoded = RevocationList.decode(Hex.decode(REVOCATION_LIST)).orElseThrow();
        assertThat(decoded.body().version()).isEqualTo(7);
        assertThat(decoded.body().isRevoked(Golden.REPLIER_CERTIFICATE.id())).isTrue();
        assertThat(SignatureChecks.revocationList(decoded).isAccepted()).isTrue();
    }

    @Test
    void signedRequestPayloads() {
        roundTrip(SIGNED_REQUEST, Golden.REQUEST.encode(), Golden.REQUEST, SignedRequestPayload::decode,
                SignedRequestPayload::encode);
        roundTrip(SIGNED_DELIVERY_REQUEST, Golden.DELIVERY_REQUEST.encode(), Golden.DELIVERY_REQUEST,
                SignedRequestPayload::decode, SignedRequestPayload::encode);
        SignedRequestPayload decoded = SignedRequestPayload.decode(Hex.decode(SIGNED_REQUEST)).orElseThrow();
        assertThat(decoded.payload().topic()).isEqualTo(Golden.TAXI);
        assertThat(Hex.encode(decoded.bodyBytes())).isEqualTo(REQUEST_PAYLOAD);
        assertThat(SignatureChecks.requestPayload(decoded).isAccepted()).isTrue();
    }

    @Test
    void askForBroadcast() {
        roundTrip(ASK, Golden.ASK.encode(), Golden.ASK, AskForBroadcastFrame::decode, AskForBroadcastFrame::encode);
        roundTrip(FRAME_ASK, FrameCodec.encode(Golden.ASK), (Frame) Golden.ASK, FrameCodec::decode,
                FrameCodec::encode);
    }

    @Test
    void broadcastConditions() {
        roundTrip(CONDITIONS, Golden.CONDITIONS.encode(), Golden.CONDITIONS, POWBroadcastConditionsFrame::decode,
                POWBroadcastConditionsFrame::encode);
        roundTrip(FRAME_CONDITIONS, FrameCodec.encode(Golden.CONDITIONS), (Frame) Golden.CONDITIONS,
                FrameCodec::decode, FrameCodec::encode);
    }

    @Test
    void askDeclined() {
        roundTrip(DECLINED, Golden.DECLINED.encode(), Golden.DECLINED, AskDeclinedFrame::decode,
                AskDeclinedFrame::encode);
        roundTrip(FRAME_DECLINED, FrameCodec.encode(Golden.DECLINED), (Frame) Golden.DECLINED, FrameCodec::decode,
                FrameCodec::encode);
    }

    @Test
    void powBroadcast() {
        assertThat(Hex.encode(Golden.BROADCAST_PAYLOAD.encoded())).isEqualTo(BROADCAST_PAYLOAD);
        assertThat(BroadcastPayload.decode(Hex.decode(BROADCAST_PAYLOAD)).orElseThrow())
                .isEqualTo(Golden.BROADCAST_PAYLOAD);
        roundTrip(POW_BROADCAST, Golden.POW_BROADCAST.encode(), Golden.POW_BROADCAST, POWBroadcastFrame::decode,
                POWBroadcastFrame::encode);
        roundTrip(FRAME_POW_BROADCAST, FrameCodec.encode(Golden.POW_BROADCAST), (Frame) Golden.POW_BROADCAST,
                FrameCodec::decode, FrameCodec::encode);
    }

    @Test
    void reply() {
        roundTrip(PROMISE, Golden.PROMISE.encode(), Golden.PROMISE, SettlementPromise::decode,
                SettlementPromise::encode);
        assertThat(SignatureChecks.settlementPromise(Golden.PROMISE).isAccepted()).isTrue();
        roundTrip(REPLY, Golden.REPLY.encode(), Golden.REPLY, ReplyFrame::decode, ReplyFrame::encode);
        roundTrip(FRAME_REPLY, FrameCodec.encode(Golden.REPLY), (Frame) Golden.REPLY, FrameCodec::decode,
                FrameCodec::encode);
        assertThat(Golden.REPLY.hashOfEncryptedReplyPayload().hex()).isEqualTo(HASH_OF_ENCRYPTED);
    }

    @Test
    void replyPayload() {
        roundTrip(REPLY_PAYLOAD, Golden.REPLY_PAYLOAD.encode(), Golden.REPLY_PAYLOAD, ReplyPayload::decode,
                ReplyPayload::encode);
    }

    @Test
    void theEnvelopeAgreesWithTheProtobufFrameMessage() throws Exception {
        var parsed = org.giggossip.core.wire.proto.Frame.parseFrom(Hex.decode(FRAME_CONDITIONS));
        assertThat(parsed.getKindCase())
                .isEqualTo(org.giggossip.core.wire.proto.Frame.KindCase.POW_BROADCAST_CONDITIONS);
        assertThat(parsed.getPowBroadcastConditions().getReplyFeeMsat()).isEqualTo(1000);
        assertThat(parsed.getPowBroadcastConditions().getTimestampTolerance()).isEqualTo(30_000);
    }
}
