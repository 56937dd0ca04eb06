package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.giggossip.core.cert.SignatureChecks;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.PowHasher;
import org.giggossip.core.pow.Target;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.DisputeTerms;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.GoldenVectors.Case;
import org.giggossip.core.wire.GoldenVectors.Codec;
import org.giggossip.core.wire.GoldenVectors.Negative;
import org.giggossip.core.wire.GoldenVectors.Positive;
import org.giggossip.core.wire.VectorFile.Field;

/**
 * The golden vectors of what core encodes: the protocol frames with the signed
 * objects inside them ({@code docs/vectors/frames.*}) and the SERVICE messages
 * between a node and its settler or wallet ({@code docs/vectors/service.*}).
 * Every input is fixed ({@link Golden}: secrets 1, 2, 3, BIP 340 aux_rand of 32
 * zero bytes, fixed ids and times), so the vectors are the same on every run.
 * {@code main} writes the files (from the repository's root or a module's
 * directory); {@link WireVectorsTest} checks them.
 */
public final class WireVectors {
    private WireVectors() {}

    static final String FRAMES_TITLE = "Gig-gossip frames (wire format v1)";
    static final String SERVICE_TITLE = "Gig-gossip SERVICE messages (wire format v1)";

    static List<String> framesHeader() {
        return GoldenVectors.header("protocol frames (giggossip.v1.Frame) and the signed objects they carry",
                "frames.txt", "core/src/test/java/org/giggossip/core/wire/WireVectors.java");
    }

    static List<String> serviceHeader() {
        return GoldenVectors.header("SERVICE link message bodies (giggossip.v1.ServiceMessage)", "service.txt",
                "core/src/test/java/org/giggossip/core/wire/WireVectors.java");
    }

    static List<String> framesIntro() {
        return List.of("Generated from `frames.txt` (the file to test against); see `README.md` for the format,",
                "the fixed keys and how to regenerate. A `FRAME` vector is a whole `giggossip.v1.Frame`",
                "envelope, as carried in the body of a GOSSIP link message; a `COMPONENT` vector is one of the",
                "signed or hashed objects inside frames, on its own. Field paths follow `giggossip.proto`; a",
                "bytes field holding a serialized message is followed by its decoded fields.");
    }

    static List<String> serviceIntro() {
        return List.of("Generated from `service.txt` (the file to test against); see `README.md`. Each vector is",
                "one `giggossip.v1.ServiceMessage` (`service.proto`), the body of a SERVICE link message",
                "between a node and the settler or wallet it uses. Field paths follow `service.proto`.");
    }

    // ---- codecs -------------------------------------------------------------------

    static org.giggossip.core.wire.proto.Frame envelope(Frame frame) {
        return FrameCodec.envelope(frame);
    }

    static final Codec<Frame> FRAME = new Codec<>() {
        @Override
        public Decoded<Frame> decode(byte[] bytes) {
            return FrameCodec.decode(bytes);
        }

        @Override
        public byte[] encode(Frame value) {
            return FrameCodec.encode(value);
        }

        @Override
        public List<Field> fields(Frame value) {
            return ProtoFields.of("", envelope(value));
        }

        @Override
        public List<Field> derived(Frame value) {
            return switch (value) {
                case AskForBroadcastFrame f -> signedRequest("ask_for_broadcast.signed_request_payload",
                        f.signedRequestPayload());
                case POWBroadcastConditionsFrame f -> List.of();
                case AskDeclinedFrame f -> List.of();
                case POWBroadcastFrame f -> {
                    byte[] work = PowHasher.work(f.broadcastPayload().encoded(), f.proofOfWork().nonce());
                    yield List.of(new Field("pow_broadcast.work", VectorFile.bytes(work)),
                            new Field("pow_broadcast.work_meets_pow_target",
                                    String.valueOf(Target.parse(f.proofOfWork().powTarget()).orElseThrow()
                                            .isMetBy(work))));
                }
                case ReplyFrame f -> List.of(
                        new Field("reply.hash_of_encrypted_reply_payload", VectorFile.bytes(f.hashOfEncryptedReplyPayload().bytes())),
                        new Field("reply.promise_names_this_payload", String.valueOf(f.hashOfEncryptedReplyPayload()
                                .equals(f.settlementPromise().body().hashOfEncryptedReplyPayload()))),
                        new Field("reply.settlement_promise.signature_valid",
                                String.valueOf(SignatureChecks.settlementPromise(f.settlementPromise()).isAccepted())));
            };
        }
    };

    private static List<Field> signedRequest(String path, SignedRequestPayload p) {
        return List.of(new Field(path + ".signature_valid", String.valueOf(SignatureChecks.requestPayload(p)
                        .isAccepted())),
                new Field(path + ".sender_certificate.id", VectorFile.bytes(p.payload().senderCertificate().id().bytes())));
    }

    /** A codec of a component decoded on its own. */
    static <T> Codec<T> component(Function<byte[], Decoded<T>> decoder, Function<T, byte[]> encoder,
            Function<T, Message> proto, Function<T, List<Field>> derived) {
        return new Codec<>() {
            @Override
            public Decoded<T> decode(byte[] bytes) {
                return decoder.apply(bytes);
            }

            @Override
            public byte[] encode(T value) {
                return encoder.apply(value);
            }

            @Override
            public List<Field> fields(T value) {
                return ProtoFields.of("", proto.apply(value));
            }

            @Override
            public List<Field> derived(T value) {
                return derived.apply(value);
            }
        };
    }

    static final Codec<Certificate> CERTIFICATE = component(Certificate::decode, Certificate::encode,
            Certificate::toProto, c -> List.of(new Field("id", VectorFile.bytes(c.id().bytes())),
                    new Field("signature_valid", String.valueOf(SignatureChecks.certificate(c).isAccepted()))));
    static final Codec<RevocationList> REVOCATION_LIST = component(RevocationList::decode, RevocationList::encode,
            RevocationList::toProto, r -> List.of(
                    new Field("signature_valid", String.valueOf(SignatureChecks.revocationList(r).isAccepted()))));
    static final Codec<SignedRequestPayload> SIGNED_REQUEST = component(SignedRequestPayload::decode,
            SignedRequestPayload::encode, SignedRequestPayload::toProto, p -> signedRequest("", p).stream()
                    .map(f -> new Field(f.name().substring(1), f.value())).toList());
    static final Codec<BroadcastPayload> BROADCAST_PAYLOAD = component(BroadcastPayload::decode,
            BroadcastPayload::encoded, WireVectors::broadcastProto, b -> List.of());
    static final Codec<SettlementPromise> PROMISE = component(SettlementPromise::decode, SettlementPromise::encode,
            SettlementPromise::toProto, p -> List.of(new Field("signature_valid",
                    String.valueOf(SignatureChecks.settlementPromise(p).isAccepted()))));
    static final Codec<ReplyPayload> REPLY_PAYLOAD = component(ReplyPayload::decode, ReplyPayload::encode,
            ReplyPayload::toProto, r -> List.of());

    private static Message broadcastProto(BroadcastPayload b) {
        try {
            return org.giggossip.core.wire.proto.BroadcastPayload.parseFrom(b.encoded());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a decoded broadcast payload is a protobuf message", e);
        }
    }

    /** SERVICE bodies; their records hold arrays, so a decoded value is compared by its fields and bytes. */
    static final Codec<ServiceMessage> SERVICE = new Codec<>() {
        @Override
        public Decoded<ServiceMessage> decode(byte[] bytes) {
            return ServiceCodec.decode(bytes);
        }

        @Override
        public byte[] encode(ServiceMessage value) {
            return ServiceCodec.encode(value);
        }

        @Override
        public List<Field> fields(ServiceMessage value) {
            try {
                return ProtoFields.of("", org.giggossip.core.wire.proto.ServiceMessage.parseFrom(
                        ServiceCodec.encode(value)));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("an encoded service message is a protobuf message", e);
            }
        }

        @Override
        public boolean same(ServiceMessage decoded, ServiceMessage input) {
            return Arrays.equals(ServiceCodec.encode(decoded), ServiceCodec.encode(input))
                    && decoded.getClass() == input.getClass();
        }
    };

    // ---- the frames -------------------------------------------------------------------

    /** The proof of work of {@link Golden#CONDITIONS} done for real: the smallest nonce meeting its target. */
    static POWBroadcastFrame solvedPowBroadcast() {
        Target target = Target.parse(Golden.TARGET).orElseThrow();
        PowHasher hasher = new PowHasher();
        hasher.setPayload(Golden.BROADCAST_PAYLOAD.encoded());
        int step = 1 << 20;
        for (long first = 0; ; first += step) {
            int hit = hasher.search(first, 1, step, target);
            if (hit >= 0) {
                return Golden.CONDITIONS.broadcast(Golden.BROADCAST_PAYLOAD,
                        new ProofOfWork("sha256", Golden.TARGET, first + hit));
            }
        }
    }

    private static Case frame(String name, String note, Frame f) {
        return new Positive<>("frame/" + name, "FRAME " + f.kind(), note, FRAME, f);
    }

    private static Case rejected(String name, String note, byte[] bytes, Reason reason) {
        return new Negative("frame_rejected/" + name, "FRAME", note, FRAME, bytes, reason);
    }

    private static byte[] envelopeOf(Function<org.giggossip.core.wire.proto.Frame.Builder,
            org.giggossip.core.wire.proto.Frame.Builder> set) {
        return set.apply(org.giggossip.core.wire.proto.Frame.newBuilder()).build().toByteArray();
    }

    /** An ask whose sender certificate has {@code body} (signatures of zeros: decoding does not verify them). */
    private static byte[] askWithSenderCertificate(org.giggossip.core.wire.proto.CertificateBody body) {
        var cert = org.giggossip.core.wire.proto.Certificate.newBuilder().setBody(body.toByteString())
                .setSignature(ByteString.copyFrom(new byte[64]));
        return askWithRequest(Golden.REQUEST.payload().toProto().toBuilder().setSenderCertificate(cert).build());
    }

    private static byte[] askWithRequest(org.giggossip.core.wire.proto.RequestPayload payload) {
        var signed = org.giggossip.core.wire.proto.SignedRequestPayload.newBuilder()
                .setRequestPayload(payload.toByteString()).setSignature(ByteString.copyFrom(new byte[64]));
        return envelopeOf(b -> b.setAskForBroadcast(Golden.ASK.toProto().toBuilder().setSignedRequestPayload(signed)));
    }

    /** The frame vectors; built once, as finding the proof of work takes about a million hashes. */
    static List<Case> frames() {
        return Frames.CASES;
    }

    private static final class Frames {
        static final List<Case> CASES = List.copyOf(buildFrames());
    }

    private static List<Case> buildFrames() {
        List<Case> cases = new ArrayList<>();
        cases.add(frame("ask_for_broadcast", "A taxi request, signed by key 2; its certificate is signed by key 1.",
                Golden.ASK));
        cases.add(frame("ask_for_broadcast_application_topic", "The same ask with an application topic.",
                new AskForBroadcastFrame(Golden.ASK_ID, Golden.DELIVERY_REQUEST)));
        cases.add(frame("pow_broadcast_conditions", "", Golden.CONDITIONS));
        cases.add(frame("ask_declined", "", Golden.DECLINED));
        cases.add(frame("ask_declined_defaults", "Reason OTHER (0) and an empty text are absent from the bytes.",
                Golden.ASK.decline(DeclineReason.OTHER, "")));
        cases.add(frame("pow_broadcast", "The nonce is the smallest that meets the conditions' target.",
                solvedPowBroadcast()));
        cases.add(frame("reply", "The settlement promise is signed by key 1.", Golden.REPLY));

        cases.add(new Positive<>("component/certificate_settler", "COMPONENT Certificate",
                "Self-signed by key 1.", CERTIFICATE, Golden.SETTLER_CERTIFICATE));
        cases.add(new Positive<>("component/certificate_sender", "COMPONENT Certificate",
                "Key 2 certified by key 1.", CERTIFICATE, Golden.SENDER_CERTIFICATE));
        cases.add(new Positive<>("component/certificate_replier", "COMPONENT Certificate",
                "Key 3 certified by key 1.", CERTIFICATE, Golden.REPLIER_CERTIFICATE));
        cases.add(new Positive<>("component/revocation_list", "COMPONENT RevocationList",
                "Key 1 revokes the replier's certificate by its id.", REVOCATION_LIST, Golden.REVOCATION_LIST));
        cases.add(new Positive<>("component/signed_request_payload", "COMPONENT SignedRequestPayload", "",
                SIGNED_REQUEST, Golden.REQUEST));
        cases.add(new Positive<>("component/broadcast_payload", "COMPONENT BroadcastPayload",
                "The bytes the proof of work of frame/pow_broadcast covers.", BROADCAST_PAYLOAD,
                Golden.BROADCAST_PAYLOAD));
        cases.add(new Positive<>("component/settlement_promise", "COMPONENT SettlementPromise",
                "A promise that names the replier's certificate (field 9) and states no dispute terms"
                        + " (fields 10 to 12 absent), as a settler of the build before dispute terms signed it;"
                        + " its settler looks the job invoice up in its ledger (job_payment_evidence LEDGER, 0:"
                        + " field 13 absent).",
                PROMISE,
                Golden.PROMISE));
        cases.add(new Positive<>("component/settlement_promise_with_dispute_terms", "COMPONENT SettlementPromise",
                "A promise that states the settler's dispute window (24 h), dispute deadline (3 days) and default"
                        + " outcome (the worker is paid): a customer pays a job invoice only if it outlives"
                        + " expires_at + dispute_window_ms + dispute_deadline_ms by 10 minutes (fields 10 to 12);"
                        + " job_payment_evidence LEDGER (0, field 13 absent).", PROMISE,
                Golden.PROMISE_WITH_TERMS));
        cases.add(new Positive<>("component/settlement_promise_customer_statement", "COMPONENT SettlementPromise",
                "The promise with dispute terms of a settler that cannot see the job invoice (LND):"
                        + " job_payment_evidence CUSTOMER_STATEMENT (1, field 13), so the customer sends its"
                        + " signed JobPaymentLocked once its job payment is locked.", PROMISE,
                Golden.PROMISE_CUSTOMER_STATEMENT));
        cases.add(new Positive<>("component/reply_payload", "COMPONENT ReplyPayload",
                "The plaintext the settler encrypts into a reply's encrypted_reply_payload.", REPLY_PAYLOAD,
                Golden.REPLY_PAYLOAD));

        byte[] declined = FrameCodec.encode(Golden.DECLINED);
        byte[] conditions = FrameCodec.encode(Golden.CONDITIONS);
        cases.add(rejected("empty", "No bytes: no frame.", new byte[0], Reason.MISSING_FIELD));
        cases.add(rejected("unknown_kind", "Envelope field 6, which names no kind.", Hex.decode("3200"),
                Reason.UNKNOWN_KIND));
        cases.add(rejected("kind_not_length_delimited", "Field 1 as a varint.", Hex.decode("0801"),
                Reason.MALFORMED));
        cases.add(rejected("two_frames", "frame/ask_declined twice: an envelope holds exactly one frame.",
                concat(declined, declined), Reason.MALFORMED));
        cases.add(rejected("truncated", "frame/pow_broadcast_conditions less its last byte.",
                Arrays.copyOf(conditions, conditions.length - 1), Reason.MALFORMED));
        cases.add(rejected("declared_too_large", "Broadcast conditions declaring 257 bytes, over their limit of "
                + WireLimits.MAX_POW_BROADCAST_CONDITIONS_FRAME_BYTES + "; refused before reading them.",
                Hex.decode("128102"), Reason.TOO_LARGE));
        cases.add(rejected("ask_id_15_bytes", "An ask id is 16 bytes.", envelopeOf(b -> b.setAskDeclined(
                Golden.DECLINED.toProto().toBuilder().setAskId(ByteString.copyFrom(Golden.filled(15, 0x11))))),
                Reason.BAD_LENGTH));
        cases.add(rejected("conditions_without_work_request", "", envelopeOf(b -> b.setPowBroadcastConditions(
                Golden.CONDITIONS.toProto().toBuilder().clearWorkRequest())), Reason.MISSING_FIELD));
        cases.add(rejected("reply_fee_over_21m_btc", "reply_fee_msat of 2.1e18 + 1.", envelopeOf(b ->
                b.setPowBroadcastConditions(Golden.CONDITIONS.toProto().toBuilder()
                        .setReplyFeeMsat(WireLimits.MAX_MSAT + 1))), Reason.OUT_OF_RANGE));
        cases.add(rejected("negative_valid_till", "valid_till of -1 ms.", envelopeOf(b ->
                b.setPowBroadcastConditions(Golden.CONDITIONS.toProto().toBuilder().setValidTill(-1))),
                Reason.OUT_OF_RANGE));
        var senderBody = Golden.SENDER_CERTIFICATE.body().toProto();
        cases.add(rejected("certificate_version_2", "An ask whose sender certificate is of version 2.",
                askWithSenderCertificate(senderBody.toBuilder().setVersion(2).build()), Reason.UNSUPPORTED_VERSION));
        cases.add(rejected("certificate_properties_unsorted", "Property names must be strictly ascending.",
                askWithSenderCertificate(senderBody.toBuilder()
                        .addProperties(org.giggossip.core.wire.proto.Property.newBuilder().setName("b"))
                        .addProperties(org.giggossip.core.wire.proto.Property.newBuilder().setName("a")).build()),
                Reason.NOT_CANONICAL));
        cases.add(rejected("subject_not_a_curve_point", "0xff..ff is above the field prime.",
                askWithSenderCertificate(senderBody.toBuilder()
                        .setSubject(ByteString.copyFrom(Golden.filled(32, 0xff))).build()), Reason.INVALID_VALUE));
        var request = Golden.REQUEST.payload().toProto();
        cases.add(rejected("geohash_not_base32", "'a' is not a geohash digit.", askWithRequest(request.toBuilder()
                .setTopic(request.getTopic().toBuilder().setTaxi(request.getTopic().getTaxi().toBuilder()
                        .setFromGeohash("r3gx2ga"))).build()), Reason.INVALID_VALUE));
        return cases;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- the SERVICE messages ----------------------------------------------------------

    private static final Hash32 HASH_33 = Hash32.of(Golden.filled(32, 0x33));
    private static final Hash32 HASH_44 = Hash32.of(Golden.filled(32, 0x44));
    private static final Preimage PREIMAGE = Preimage.of(Golden.filled(32, 0x55));
    private static final String INVOICE = "lnbcrt150u1pjob";

    private static Case service(String name, ServiceMessage m) {
        return new Positive<>("service/" + name, "SERVICE " + name, "", SERVICE, m);
    }

    private static Case serviceRejected(String name, String note, byte[] bytes, Reason reason) {
        return new Negative("service_rejected/" + name, "SERVICE", note, SERVICE, bytes, reason);
    }

    static List<Case> service() {
        List<Case> cases = new ArrayList<>();
        cases.add(service("issue_reply_hash", new ServiceMessage.SettlerCall(
                new SettlerRequest.IssueReplyHash(1, Golden.REQUEST, 15_000_000))));
        cases.add(service("seal_reply", new ServiceMessage.SettlerCall(
                new SettlerRequest.SealReply(2, HASH_44, Golden.REPLY_PAYLOAD.encode()))));
        cases.add(service("reply_invoice_accepted", new ServiceMessage.SettlerCall(
                new SettlerRequest.ReplyInvoiceAccepted(3, HASH_44))));
        cases.add(service("confirm_job", new ServiceMessage.SettlerCall(new SettlerRequest.ConfirmJob(4, HASH_44))));
        cases.add(service("open_dispute", new ServiceMessage.SettlerCall(
                new SettlerRequest.OpenDispute(5, HASH_44, "no show"))));
        cases.add(service("fetch_preimage", new ServiceMessage.SettlerCall(
                new SettlerRequest.FetchPreimage(6, HASH_33))));
        cases.add(service("cancel_gig", new ServiceMessage.SettlerCall(new SettlerRequest.CancelGig(7, HASH_44))));
        cases.add(service("job_payment_locked", new ServiceMessage.SettlerCall(
                new SettlerRequest.JobPaymentLocked(8, HASH_44, 15_000_000, Golden.filled(64, 0x55)))));
        cases.add(service("reply_hash_issued", new ServiceMessage.SettlerAnswer(
                new SettlerResponse.ReplyHashIssued(1, HASH_44, new DisputeTerms(Duration.ofMinutes(10),
                        Duration.ofHours(24), Duration.ofDays(3), DisputeOutcome.PAY_WORKER)))));
        cases.add(service("reply_sealed", new ServiceMessage.SettlerAnswer(new SettlerResponse.ReplySealed(2,
                Golden.ENCRYPTED_REPLY_PAYLOAD, Golden.PROMISE, "lnbcrt20n1pgolden"))));
        cases.add(service("done", new ServiceMessage.SettlerAnswer(new SettlerResponse.Done(3))));
        cases.add(service("refused", new ServiceMessage.SettlerAnswer(new SettlerResponse.Refused(4, "unknown gig"))));
        cases.add(service("preimage_revealed", new ServiceMessage.SettlerAnswer(
                new SettlerResponse.PreimageRevealed(6, HASH_33, PREIMAGE))));
        cases.add(service("reply_cancelled", new ServiceMessage.SettlerAnswer(
                new SettlerResponse.ReplyCancelled(7, HASH_44, "cancelled by the sender"))));
        cases.add(service("create_hold_invoice", new ServiceMessage.WalletCall(new WalletRequest.CreateHoldInvoice(
                8, HASH_33, 2000, Golden.T0.plus(Duration.ofHours(1)), "gig network fee"))));
        cases.add(service("pay", new ServiceMessage.WalletCall(new WalletRequest.Pay(9, INVOICE, 15_000_000))));
        cases.add(service("settle", new ServiceMessage.WalletCall(new WalletRequest.Settle(10, HASH_33, PREIMAGE))));
        cases.add(service("cancel", new ServiceMessage.WalletCall(new WalletRequest.Cancel(11, HASH_33))));
        cases.add(service("lookup_invoice", new ServiceMessage.WalletCall(new WalletRequest.LookupInvoice(12, INVOICE))));
        cases.add(service("invoice_created", new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceCreated(8, HASH_33, INVOICE))));
        cases.add(service("call_failed", new ServiceMessage.WalletNotice(
                new WalletEvent.CallFailed(9, "no route"))));
        cases.add(service("invoice_accepted", new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceAccepted(HASH_33, 2000))));
        cases.add(service("invoice_settled", new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceSettled(HASH_33, 2000))));
        cases.add(service("invoice_cancelled", new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceCancelled(HASH_33, "expired"))));
        cases.add(service("payment_accepted", new ServiceMessage.WalletNotice(
                new WalletEvent.PaymentAccepted(9, HASH_44, 15_000_000))));
        cases.add(service("payment_settled", new ServiceMessage.WalletNotice(
                new WalletEvent.PaymentSettled(HASH_44, PREIMAGE, 15_000_000))));
        cases.add(service("payment_failed", new ServiceMessage.WalletNotice(
                new WalletEvent.PaymentFailed(9, HASH_44, "no route"))));
        cases.add(service("invoice_looked_up", new ServiceMessage.WalletNotice(
                new WalletEvent.InvoiceLookedUp(12, HASH_44, true, 15_000_000))));
        cases.add(service("enrol", new ServiceMessage.Enrol()));
        cases.add(service("enrolled", new ServiceMessage.Enrolled(Golden.SENDER_CERTIFICATE,
                Golden.SETTLER.publicKey())));
        cases.add(service("balance_query", new ServiceMessage.BalanceQuery(12)));
        cases.add(service("balance_answer", new ServiceMessage.BalanceAnswer(12, 1_000_000, 2000)));
        cases.add(service("resume", new ServiceMessage.Resume()));

        cases.add(serviceRejected("empty", "No kind is set.", new byte[0], Reason.MISSING_FIELD));
        cases.add(serviceRejected("unknown_kind_only", "Only field 99, which this version does not know: no kind.",
                Hex.decode("9a0600"), Reason.MISSING_FIELD));
        cases.add(serviceRejected("hash_31_bytes", "A payment hash is 32 bytes.",
                org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setCancel(
                        org.giggossip.core.wire.proto.CancelCall.newBuilder().setCallId(11)
                                .setPaymentHash(ByteString.copyFrom(Golden.filled(31, 0x33)))).build().toByteArray(),
                Reason.BAD_LENGTH));
        cases.add(serviceRejected("invoice_not_bech32_alphabet", "A BOLT 11 string is ASCII letters and digits.",
                org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setPay(
                        org.giggossip.core.wire.proto.PayCall.newBuilder().setCallId(9).setBolt11("lnbc-1")
                                .setMaxAmountMsat(1)).build().toByteArray(), Reason.INVALID_VALUE));
        cases.add(serviceRejected("balance_over_21m_btc", "available_msat of 2.1e18 + 1.",
                org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setBalanceAnswer(
                        org.giggossip.core.wire.proto.BalanceAnswer.newBuilder().setCallId(12)
                                .setAvailableMsat(WireLimits.MAX_MSAT + 1)).build().toByteArray(),
                Reason.OUT_OF_RANGE));
        cases.add(serviceRejected("reply_amount_zero", "An issue_reply_hash names a positive reply amount.",
                org.giggossip.core.wire.proto.ServiceMessage.newBuilder().setIssueReplyHash(
                        org.giggossip.core.wire.proto.IssueReplyHashCall.newBuilder().setCallId(1)
                                .setRequest(Golden.REQUEST.toProto())).build().toByteArray(), Reason.OUT_OF_RANGE));
        return cases;
    }

    /** Writes the files under {@code args[0]}, or {@link VectorFile#directory()}. */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path dir = args.length > 0 ? java.nio.file.Path.of(args[0]) : VectorFile.directory();
        List<VectorFile.Vector> frames = frames().stream().map(Case::vector).toList();
        VectorFile.write(dir.resolve("frames.txt"), VectorFile.format(framesHeader(), frames));
        VectorFile.write(dir.resolve("frames.md"), VectorFile.markdown(FRAMES_TITLE, framesIntro(), frames));
        List<VectorFile.Vector> service = service().stream().map(Case::vector).toList();
        VectorFile.write(dir.resolve("service.txt"), VectorFile.format(serviceHeader(), service));
        VectorFile.write(dir.resolve("service.md"), VectorFile.markdown(SERVICE_TITLE, serviceIntro(), service));
    }
}
