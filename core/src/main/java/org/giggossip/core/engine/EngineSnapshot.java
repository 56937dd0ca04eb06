package org.giggossip.core.engine;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.proto.CustomerJob;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.engine.proto.PeerInvoice;
import org.giggossip.core.engine.proto.RouterHop;
import org.giggossip.core.engine.proto.WorkerInvoice;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.WireLimits;

/**
 * The durable part of one engine's state (docs/architecture.md, "Durable state"): money and
 * accepted jobs, so that a node killed at any moment and restarted from its last
 * snapshot loses neither (see {@link Engine#restore}). An immutable value whose
 * binary encoding is {@code engine_state.proto} ({@code giggossip.state.v1.EngineState}):
 * equal states encode to equal bytes.
 *
 * <p>{@link #decode} judges bytes from storage as untrusted: it checks the size
 * before parsing, then every field (sizes of hashes and keys, keys on the curve,
 * amounts and times in range, states known, a preimage where a state needs one and
 * matching its hash, no payment hash twice), and returns {@link Decoded.Err} with
 * a reason instead of throwing.
 */
public final class EngineSnapshot {
    /** The format version this implementation writes and reads. */
    public static final int VERSION = 1;
    /** The largest encoding {@link #decode} parses. */
    public static final int MAX_BYTES = 64 << 20;
    /** The most entries of each kind (hops, job invoices, jobs). */
    public static final int MAX_ENTRIES = 100_000;

    private static final EngineSnapshot EMPTY = new EngineSnapshot(
            EngineState.newBuilder().setVersion(VERSION).setNextId(1).build());

    private final EngineState state;
    private final byte[] encoded;

    EngineSnapshot(EngineState state) {
        this.state = state;
        this.encoded = state.toByteArray();
    }

    /** The state of an engine that never did anything durable. */
    public static EngineSnapshot empty() {
        return EMPTY;
    }

    /** The encoding: {@code giggossip.state.v1.EngineState}. */
    public byte[] encode() {
        return encoded.clone();
    }

    /** The first call or task id a restored engine hands out: every id handed out before is below it. */
    public long nextId() {
        return state.getNextId();
    }

    /** Reply chains through us that hold money (as a middleman or the worker's first hop). */
    public int hops() {
        return state.getHopsCount();
    }

    /** Our job invoices as a worker. */
    public int jobInvoices() {
        return state.getJobInvoicesCount();
    }

    /** Our jobs as a customer with a chosen offer. */
    public int jobs() {
        return state.getJobsCount();
    }

    EngineState state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineSnapshot s && Arrays.equals(encoded, s.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "EngineSnapshot(nextId=" + nextId() + ", hops=" + hops() + ", jobInvoices=" + jobInvoices()
                + ", jobs=" + jobs() + ", " + encoded.length + " bytes)";
    }

    // ---- decoding ----

    /** A fault found while checking a parsed state. */
    private static final class Bad extends Exception {
        final DecodeError.Reason reason;

        Bad(DecodeError.Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** Decodes and checks bytes read from storage; never throws. */
    public static Decoded<EngineSnapshot> decode(byte[] bytes) {
        if (bytes == null) {
            return Decoded.err(DecodeError.Reason.MISSING_FIELD, "no bytes");
        }
        if (bytes.length > MAX_BYTES) {
            return Decoded.err(DecodeError.Reason.TOO_LARGE, bytes.length + " bytes, at most " + MAX_BYTES);
        }
        EngineState parsed;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(8);
            in.setSizeLimit(MAX_BYTES);
            parsed = EngineState.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (java.io.IOException e) { // InvalidProtocolBufferException: malformed or truncated
            return Decoded.err(DecodeError.Reason.MALFORMED, "engine state: " + e.getMessage());
        } catch (RuntimeException e) {
            return Decoded.err(DecodeError.Reason.MALFORMED, "engine state: " + e);
        }
        try {
            noUnknownFields(parsed, "engine state");
            check(parsed);
        } catch (Bad b) {
            return Decoded.err(b.reason, b.getMessage());
        } catch (RuntimeException e) {
            // one boundary: whatever a value's own check throws becomes a reason (docs/style.md 6)
            return Decoded.err(DecodeError.Reason.INVALID_VALUE, "engine state: " + e);
        }
        return Decoded.ok(new EngineSnapshot(parsed));
    }

    /**
     * Refuses a field this build does not know, at any depth: a state written by a newer build
     * (or damaged) would otherwise be restored without it, and what it held (money) forgotten.
     */
    private static void noUnknownFields(com.google.protobuf.Message m, String where) throws Bad {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new Bad(DecodeError.Reason.MALFORMED, where + ": unknown field(s) "
                    + m.getUnknownFields().asMap().keySet() + " (written by a newer build, or damaged)");
        }
        for (var field : m.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = where + "." + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                for (Object item : (java.util.List<?>) field.getValue()) {
                    noUnknownFields((com.google.protobuf.Message) item, name);
                }
            } else {
                noUnknownFields((com.google.protobuf.Message) field.getValue(), name);
            }
        }
    }

    private static void check(EngineState s) throws Bad {
        if (s.getVersion() != VERSION) {
            throw new Bad(DecodeError.Reason.UNSUPPORTED_VERSION, "engine state version " + s.getVersion());
        }
        if (s.getNextId() < 1 || s.getNextId() > Long.MAX_VALUE / 2) {
            throw new Bad(DecodeError.Reason.OUT_OF_RANGE, "next id " + Long.toUnsignedString(s.getNextId()));
        }
        count("hops", s.getHopsList());
        count("job invoices", s.getJobInvoicesList());
        count("jobs", s.getJobsList());
        Set<Hash32> hopHashes = new HashSet<>();
        for (RouterHop h : s.getHopsList()) {
            checkHop(h);
            if (Long.compareUnsigned(h.getPayCallId(), s.getNextId()) >= 0
                    || (h.getPayCallId() == 0) == (h.getState() == RouterHop.State.PAYING)) {
                throw new Bad(DecodeError.Reason.INVALID_VALUE, "hop's pay call id " + h.getPayCallId());
            }
            unique(hopHashes, hash(h.getDownstream().getPaymentHash()), "hop");
        }
        Set<Hash32> jobHashes = new HashSet<>();
        for (WorkerInvoice w : s.getJobInvoicesList()) {
            checkWorkerInvoice(w);
            unique(jobHashes, hash(w.getPaymentHash()), "job invoice");
        }
        Set<Hash32> paying = new HashSet<>();
        Set<ByteString> ids = new HashSet<>();
        for (CustomerJob j : s.getJobsList()) {
            checkJob(j);
            if (Long.compareUnsigned(j.getNetworkPayCallId(), s.getNextId()) >= 0 || j.getNetworkPayCallId() == 0
                    || Long.compareUnsigned(j.getJobPayCallId(), s.getNextId()) >= 0 || j.getJobPayCallId() == 0) {
                throw new Bad(DecodeError.Reason.INVALID_VALUE, "job's pay call ids");
            }
            if (!ids.add(j.getRequest())) {
                throw new Bad(DecodeError.Reason.NOT_CANONICAL, "a job twice");
            }
            unique(paying, hash(j.getNetworkInvoice().getPaymentHash()), "customer payment");
            unique(paying, hash(j.getJobInvoice().getPaymentHash()), "customer payment");
        }
    }

    private static void count(String what, List<?> list) throws Bad {
        if (list.size() > MAX_ENTRIES) {
            throw new Bad(DecodeError.Reason.TOO_MANY, list.size() + " " + what + ", at most " + MAX_ENTRIES);
        }
    }

    private static void unique(Set<Hash32> seen, Hash32 h, String what) throws Bad {
        if (!seen.add(h)) {
            throw new Bad(DecodeError.Reason.NOT_CANONICAL, "a " + what + " for payment hash " + h.hex() + " twice");
        }
    }

    private static void checkHop(RouterHop h) throws Bad {
        if (!h.hasDownstream()) {
            throw new Bad(DecodeError.Reason.MISSING_FIELD, "hop without its downstream invoice");
        }
        checkInvoice(h.getDownstream(), "hop's downstream invoice");
        key(h.getSettler(), "hop's settler");
        amount(h.getFeeMsat(), "hop's fee");
        amount(h.getDownstream().getAmountMsat() + h.getFeeMsat(), "hop's invoice");
        time(h.getExpiresAt(), "hop's expiry");
        Hash32 hash = hash(h.getDownstream().getPaymentHash());
        switch (h.getState()) {
            case OPEN, PAYING, CANCELLING -> noPreimage(h.getPreimage(), "hop");
            case SETTLING -> preimage(h.getPreimage(), hash, "settling hop");
            default -> throw new Bad(DecodeError.Reason.INVALID_VALUE, "hop state " + h.getStateValue());
        }
    }

    private static void checkWorkerInvoice(WorkerInvoice w) throws Bad {
        Hash32 hash = hash(w.getPaymentHash());
        key(w.getSettler(), "job invoice's settler");
        time(w.getExpiresAt(), "job invoice's expiry");
        if (!w.getPayloadId().isEmpty() && w.getPayloadId().size() != PayloadId.SIZE) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, "job invoice's payload id of " + w.getPayloadId().size()
                    + " bytes");
        }
        switch (w.getState()) {
            case OPEN, ACCEPTED, CANCELLING -> noPreimage(w.getPreimage(), "job invoice");
            case SETTLING -> preimage(w.getPreimage(), hash, "settling job invoice");
            default -> throw new Bad(DecodeError.Reason.INVALID_VALUE, "job invoice state " + w.getStateValue());
        }
    }

    private static void checkJob(CustomerJob j) throws Bad {
        if (j.getRequest().size() > WireLimits.MAX_SIGNED_REQUEST_PAYLOAD_BYTES) {
            throw new Bad(DecodeError.Reason.TOO_LARGE, "job request of " + j.getRequest().size() + " bytes");
        }
        var request = SignedRequestPayload.decode(j.getRequest().toByteArray());
        if (request.errorIfAny().isPresent()) {
            throw new Bad(request.errorIfAny().get().reason(), "job request: " + request.errorIfAny().get().detail());
        }
        switch (j.getState()) {
            case PAYING, PAID, OPENED, CLOSED, CANCELLED -> { }
            default -> throw new Bad(DecodeError.Reason.INVALID_VALUE, "job state " + j.getStateValue());
        }
        if (j.getOfferNumber() < 1) {
            throw new Bad(DecodeError.Reason.OUT_OF_RANGE, "offer number " + j.getOfferNumber());
        }
        key(j.getSettler(), "job's settler");
        time(j.getOfferExpiresAt(), "offer expiry");
        time(j.getConfirmAt(), "confirmation time");
        if (j.getEncryptedReplyPayload().isEmpty()
                || j.getEncryptedReplyPayload().size() > WireLimits.MAX_ENCRYPTED_REPLY_PAYLOAD_BYTES) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, "encrypted reply of " + j.getEncryptedReplyPayload().size()
                    + " bytes");
        }
        if (!j.hasNetworkInvoice() || !j.hasJobInvoice()) {
            throw new Bad(DecodeError.Reason.MISSING_FIELD, "job without its invoices");
        }
        checkInvoice(j.getNetworkInvoice(), "network invoice");
        checkInvoice(j.getJobInvoice(), "job invoice");
        if (!j.getWorkerCertificate().isEmpty()) { // empty in a state stored before promises named it
            var worker = org.giggossip.core.wire.Certificate.decode(j.getWorkerCertificate().toByteArray());
            if (worker.errorIfAny().isPresent()) {
                throw new Bad(worker.errorIfAny().get().reason(), "worker certificate: "
                        + worker.errorIfAny().get().detail());
            }
        }
        if (!j.getNetworkPending() && !j.getJobPending()) {
            throw new Bad(DecodeError.Reason.INVALID_VALUE, "a job with no payment pending is not durable");
        }
        if (j.getState() == CustomerJob.State.OPENED) {
            key(j.getWorker(), "worker");
            if (j.getMessage().size() > WireLimits.MAX_REPLY_MESSAGE_BYTES) {
                throw new Bad(DecodeError.Reason.BAD_LENGTH, "reply message of " + j.getMessage().size() + " bytes");
            }
        } else if (!j.getWorker().isEmpty() || !j.getMessage().isEmpty()) {
            throw new Bad(DecodeError.Reason.INVALID_VALUE, "an opened reply in a job not OPENED");
        }
    }

    private static void checkInvoice(PeerInvoice i, String what) throws Bad {
        if (i.getBolt11().isEmpty() || i.getBolt11().length() > WireLimits.MAX_INVOICE_BYTES) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, what + " of " + i.getBolt11().length() + " characters");
        }
        hash(i.getPaymentHash());
        if (i.getAmountMsat() == 0) {
            throw new Bad(DecodeError.Reason.OUT_OF_RANGE, what + " without an amount");
        }
        amount(i.getAmountMsat(), what);
        time(i.getExpiresAt(), what + " expiry");
    }

    private static Hash32 hash(ByteString b) throws Bad {
        if (b.size() != Hash32.SIZE) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, "payment hash of " + b.size() + " bytes");
        }
        return Hash32.of(b.toByteArray());
    }

    private static PublicKey key(ByteString b, String what) throws Bad {
        if (b.size() != PublicKey.SIZE) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, what + " key of " + b.size() + " bytes");
        }
        return PublicKey.parse(b.toByteArray())
                .orElseThrow(() -> new Bad(DecodeError.Reason.INVALID_VALUE, what + " key not on the curve"));
    }

    private static void amount(long msat, String what) throws Bad {
        if (msat < 0 || msat > WireLimits.MAX_MSAT) {
            throw new Bad(DecodeError.Reason.OUT_OF_RANGE, what + " amount " + Long.toUnsignedString(msat));
        }
    }

    private static void time(long nanos, String what) throws Bad {
        if (nanos < 0) {
            throw new Bad(DecodeError.Reason.OUT_OF_RANGE, what + " before the epoch");
        }
    }

    private static void noPreimage(ByteString b, String what) throws Bad {
        if (!b.isEmpty()) {
            throw new Bad(DecodeError.Reason.INVALID_VALUE, what + " has a preimage in a state without one");
        }
    }

    private static void preimage(ByteString b, Hash32 hash, String what) throws Bad {
        if (b.size() != Preimage.SIZE) {
            throw new Bad(DecodeError.Reason.BAD_LENGTH, what + ": preimage of " + b.size() + " bytes");
        }
        if (!Preimage.of(b.toByteArray()).matches(hash)) {
            throw new Bad(DecodeError.Reason.INVALID_VALUE, what + ": the preimage does not match the payment hash");
        }
    }

    // ---- conversions shared by the parts of the engine ----

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }

    static PublicKey publicKey(ByteString b) {
        return PublicKey.of(b.toByteArray());
    }

    static Hash32 paymentHash(ByteString b) {
        return Hash32.of(b.toByteArray());
    }

    static PeerInvoice toProto(InvoiceView v) {
        return PeerInvoice.newBuilder().setBolt11(v.bolt11()).setPaymentHash(bytes(v.paymentHash().bytes()))
                .setAmountMsat(v.amountMsat()).setExpiresAt(nanos(v.expiresAt())).build();
    }

    static InvoiceView fromProto(PeerInvoice p) {
        return new InvoiceView(p.getBolt11(), paymentHash(p.getPaymentHash()), p.getAmountMsat(),
                instant(p.getExpiresAt()));
    }

    /** Sorts entries by a byte key, so that equal states encode to equal bytes. */
    static <T> List<T> sorted(java.util.Collection<T> items, Function<T, byte[]> key) {
        return items.stream().sorted((a, b) -> Arrays.compareUnsigned(key.apply(a), key.apply(b))).toList();
    }
}
