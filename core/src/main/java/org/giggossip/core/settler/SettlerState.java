package org.giggossip.core.settler;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.settler.proto.AuthorityState;
import org.giggossip.core.settler.proto.GigState;
import org.giggossip.core.settler.proto.PublishedPreimage;
import org.giggossip.core.settler.proto.ResolvedDispute;
import org.giggossip.core.settler.proto.Revoked;
import org.giggossip.core.settler.proto.SettlerMeta;
import org.giggossip.core.settler.proto.SubjectCertificates;
import org.giggossip.core.settler.proto.SubjectGrants;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.WireLimits;

/**
 * The rows of a {@link Settler}'s durable state (settler_state.proto): their
 * keys, and their encoding and decoding. Decoding checks every field and
 * refuses a bad row by its key ({@link IllegalStateException}): a settler never
 * starts from a partial state.
 */
final class SettlerState {
    static final String META = "meta";
    static final String AUTHORITY = "authority";
    private static final String GRANTS = "grants/";
    private static final String CERTIFICATES = "certs/";
    private static final String GIG = "gig/";
    private static final String PUBLISHED = "pub/";
    private static final String RESOLVED = "dispute/";
    /** Largest row: a revocation list at its limit plus its revoked ids. */
    private static final int MAX_ROW_BYTES = 2 * WireLimits.MAX_REVOCATION_LIST_BODY_BYTES + 4096;

    private SettlerState() {}

    /** The authority's rows, decoded. */
    record Authority(long nextSerial, long version, RevocationList list, Map<CertificateId, Instant> revoked,
            Map<PublicKey, SortedMap<String, String>> grants, Map<PublicKey, List<Certificate>> live) {}

    /** Every row, decoded. */
    record Loaded(PublicKey settlerId, long nextWalletCallId, Authority authority, List<Gig> gigs,
            Map<Hash32, PublishedPreimage> published, Map<DisputeView, Instant> resolved) {}

    static String grantsKey(PublicKey subject) {
        return GRANTS + subject.hex();
    }

    static String certificatesKey(PublicKey subject) {
        return CERTIFICATES + subject.hex();
    }

    static String gigKey(Hash32 replyHash) {
        return GIG + replyHash.hex();
    }

    static String publishedKey(Hash32 paymentHash) {
        return PUBLISHED + paymentHash.hex();
    }

    static String resolvedKey(Hash32 replyHash) {
        return RESOLVED + replyHash.hex();
    }

    // ---- encoding

    static byte[] encodeMeta(PublicKey settlerId, long nextWalletCallId) {
        return SettlerMeta.newBuilder().setVersion(1).setSettlerId(bytes(settlerId.bytes()))
                .setNextWalletCallId(nextWalletCallId).build().toByteArray();
    }

    static byte[] encodeAuthority(long nextSerial, long version, RevocationList list,
            Map<CertificateId, Instant> revoked) {
        AuthorityState.Builder b = AuthorityState.newBuilder().setNextSerial(nextSerial).setListVersion(version)
                .setRevocationList(bytes(list.encode()));
        revoked.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.addRevoked(
                Revoked.newBuilder().setCertificateId(bytes(e.getKey().bytes()))
                        .setNotAfterMs(e.getValue().toEpochMilli())));
        return b.build().toByteArray();
    }

    static byte[] encodeGrants(SortedMap<String, String> granted) {
        return SubjectGrants.newBuilder().putAllProperties(granted).build().toByteArray();
    }

    static byte[] encodeCertificates(List<Certificate> certificates) {
        SubjectCertificates.Builder b = SubjectCertificates.newBuilder();
        certificates.forEach(c -> b.addCertificates(bytes(c.encode())));
        return b.build().toByteArray();
    }

    static byte[] encodePublished(Preimage preimage, Instant until) {
        return PublishedPreimage.newBuilder().setPreimage(bytes(preimage.bytes())).setUntilMs(until.toEpochMilli())
                .build().toByteArray();
    }

    static byte[] encodeResolved(DisputeView d, Instant until) {
        ResolvedDispute.Builder b = ResolvedDispute.newBuilder().setCustomer(bytes(d.customer().bytes()))
                .setReplier(bytes(d.replier().bytes())).setReplyAmountMsat(d.replyAmountMsat())
                .setCustomerStatement(d.customerStatement()).setResolvedAtMs(d.resolvedAt().toEpochMilli())
                .setOutcome(d.outcome()).setDecidedBy(d.decidedBy()).setReason(d.reason())
                .setUntilMs(until.toEpochMilli());
        if (d.openedAt() != null) {
            b.setOpenedAtMs(d.openedAt().toEpochMilli());
        }
        if (d.answeredAt() != null) {
            b.setAnsweredAtMs(d.answeredAt().toEpochMilli()).setWorkerStatement(d.workerStatement());
        }
        return b.build().toByteArray();
    }

    static byte[] encodeGig(Gig g) {
        GigState.Builder b = GigState.newBuilder().setStage(g.stage.ordinal() + 1)
                .setReplyPreimage(bytes(g.replyPreimage.bytes())).setCustomer(bytes(g.customer.bytes()))
                .setReplier(bytes(g.replier.bytes())).setReplyAmountMsat(g.replyAmountMsat)
                .setRequestDigest(bytes(g.requestDigest)).setSealCallId(g.sealCallId)
                .setWalletCallId(g.walletCallId).setNetworkAccepted(g.networkAccepted)
                .setReplyAccepted(g.replyAccepted).setJobPaymentSeen(g.jobPaymentSeen);
        if (g.networkPreimage != null) {
            b.setNetworkPreimage(bytes(g.networkPreimage.bytes()))
                    .setNetworkExpiresAtMs(g.networkExpiresAt.toEpochMilli());
        }
        if (g.replyInvoice != null) {
            b.setReplyInvoice(g.replyInvoice);
        }
        if (g.encryptedReplyPayload != null) {
            b.setEncryptedReplyPayload(bytes(g.encryptedReplyPayload));
        }
        if (g.networkInvoice != null) {
            b.setNetworkInvoice(g.networkInvoice);
        }
        if (g.disputeReason != null) {
            b.setDisputeReason(g.disputeReason);
        }
        if (g.deadline != null) {
            b.setDeadlineMs(g.deadline.toEpochMilli());
        }
        if (g.disputeDefault != null && g.stage != Gig.Stage.ISSUED) {
            b.setDisputeWindowMs(g.disputeWindow.toMillis()).setDisputeDeadlineMs(g.disputeDeadline.toMillis())
                    .setDisputeDefault(g.disputeDefault.ordinal() + 1);
        }
        if (g.disputeOpenedAt != null) {
            b.setDisputeOpenedAtMs(g.disputeOpenedAt.toEpochMilli());
        }
        if (g.workerStatement != null) {
            b.setWorkerStatement(g.workerStatement).setWorkerAnsweredAtMs(g.workerAnsweredAt.toEpochMilli());
        }
        if (g.networkSettlement == NetworkSettlement.ON_JOB_DONE && g.stage != Gig.Stage.ISSUED) {
            b.setNetworkSettlement(1);
        }
        return b.build().toByteArray();
    }

    // ---- decoding

    /**
     * Decodes every row.
     *
     * @throws IllegalStateException naming the first bad row
     */
    static Loaded load(Map<String, byte[]> rows) {
        byte[] metaRow = rows.get(META);
        byte[] authorityRow = rows.get(AUTHORITY);
        if (metaRow == null || authorityRow == null) {
            throw new IllegalStateException("settler state: the " + (metaRow == null ? META : AUTHORITY)
                    + " row is missing");
        }
        SettlerMeta meta = parse(META, metaRow, SettlerMeta.parser());
        check(meta.getVersion() == 1, META, "unknown format version " + meta.getVersion());
        PublicKey settlerId = key(META, meta.getSettlerId());
        check(meta.getNextWalletCallId() >= 1, META, "next wallet call id below 1");

        AuthorityState a = parse(AUTHORITY, authorityRow, AuthorityState.parser());
        RevocationList list = decoded(AUTHORITY, RevocationList.decode(a.getRevocationList().toByteArray()));
        check(list.body().authority().equals(settlerId), AUTHORITY, "a revocation list of another authority");
        check(a.getNextSerial() >= 1 && a.getListVersion() >= 1, AUTHORITY, "serial or version below 1");
        Map<CertificateId, Instant> revoked = new HashMap<>();
        for (Revoked r : a.getRevokedList()) {
            check(r.getCertificateId().size() == CertificateId.SIZE, AUTHORITY, "bad revoked certificate id");
            revoked.put(CertificateId.of(r.getCertificateId().toByteArray()), Instant.ofEpochMilli(r.getNotAfterMs()));
        }
        Map<PublicKey, SortedMap<String, String>> grants = new HashMap<>();
        Map<PublicKey, List<Certificate>> live = new HashMap<>();
        List<Gig> gigs = new ArrayList<>();
        Map<Hash32, PublishedPreimage> published = new HashMap<>();
        Map<DisputeView, Instant> resolved = new HashMap<>();
        for (Map.Entry<String, byte[]> row : rows.entrySet()) {
            String k = row.getKey();
            if (k.startsWith(GRANTS)) {
                SubjectGrants g = parse(k, row.getValue(), SubjectGrants.parser());
                check(g.getPropertiesCount() <= WireLimits.MAX_PROPERTIES, k, "too many properties");
                grants.put(subjectOf(k, GRANTS), new TreeMap<>(g.getPropertiesMap()));
            } else if (k.startsWith(CERTIFICATES)) {
                PublicKey subject = subjectOf(k, CERTIFICATES);
                List<Certificate> certificates = new ArrayList<>();
                for (ByteString c : parse(k, row.getValue(), SubjectCertificates.parser()).getCertificatesList()) {
                    Certificate certificate = decoded(k, Certificate.decode(c.toByteArray()));
                    check(certificate.subject().equals(subject) && certificate.authority().equals(settlerId), k,
                            "a certificate of another subject or authority");
                    certificates.add(certificate);
                }
                live.put(subject, certificates);
            } else if (k.startsWith(GIG)) {
                Gig gig = decodeGig(k, parse(k, row.getValue(), GigState.parser()));
                check(k.equals(gigKey(gig.replyHash)), k, "the key is not the reply hash of the gig");
                gigs.add(gig);
            } else if (k.startsWith(PUBLISHED)) {
                PublishedPreimage p = parse(k, row.getValue(), PublishedPreimage.parser());
                check(p.getPreimage().size() == 32, k, "bad preimage");
                Hash32 hash = Preimage.of(p.getPreimage().toByteArray()).paymentHash();
                check(k.equals(publishedKey(hash)), k, "the preimage does not hash to its key");
                published.put(hash, p);
            } else if (k.startsWith(RESOLVED)) {
                ResolvedDispute r = parse(k, row.getValue(), ResolvedDispute.parser());
                DisputeView d = decodeResolved(k, r);
                check(k.equals(resolvedKey(d.replyHash())), k, "a bad reply hash");
                resolved.put(d, Instant.ofEpochMilli(r.getUntilMs()));
            } else if (!k.equals(META) && !k.equals(AUTHORITY)) {
                throw new IllegalStateException("settler state: unknown row " + k);
            }
        }
        return new Loaded(settlerId, meta.getNextWalletCallId(),
                new Authority(a.getNextSerial(), a.getListVersion(), list, revoked, grants, live), gigs, published,
                resolved);
    }

    private static DisputeView decodeResolved(String k, ResolvedDispute r) {
        String hex = k.substring(RESOLVED.length());
        check(hex.matches("[0-9a-f]{64}"), k, "bad reply hash");
        check(r.getReplyAmountMsat() > 0 && r.getReplyAmountMsat() <= WireLimits.MAX_MSAT, k, "bad amount");
        check(r.getResolvedAtMs() > 0, k, "no resolution time");
        check(r.getOutcome().equals(SettlerResponse.DisputeResolved.RELEASED)
                || r.getOutcome().equals(SettlerResponse.DisputeResolved.REFUNDED), k, "unknown outcome");
        check(r.getDecidedBy().equals(SettlerResponse.DisputeResolved.BY_ADMIN)
                || r.getDecidedBy().equals(SettlerResponse.DisputeResolved.BY_CUSTOMER_WITHDREW)
                || r.getDecidedBy().equals(SettlerResponse.DisputeResolved.BY_DEFAULT), k, "unknown decider");
        boolean answered = r.getAnsweredAtMs() != 0;
        check(answered || r.getWorkerStatement().isEmpty(), k, "a statement without its time");
        return new DisputeView(Hash32.of(Hex.decode(hex)), key(k, r.getCustomer()), key(k, r.getReplier()),
                r.getReplyAmountMsat(), r.getOpenedAtMs() == 0 ? null : Instant.ofEpochMilli(r.getOpenedAtMs()),
                r.getCustomerStatement(), answered ? Instant.ofEpochMilli(r.getAnsweredAtMs()) : null,
                answered ? r.getWorkerStatement() : null, Instant.ofEpochMilli(r.getResolvedAtMs()), r.getOutcome(),
                r.getDecidedBy(), r.getReason());
    }

    private static Gig decodeGig(String k, GigState s) {
        check(s.getStage() >= 1 && s.getStage() <= Gig.Stage.values().length, k, "unknown stage " + s.getStage());
        check(s.getReplyPreimage().size() == 32 && s.getRequestDigest().size() == 32, k, "bad preimage or digest");
        check(s.getReplyAmountMsat() > 0 && s.getReplyAmountMsat() <= WireLimits.MAX_MSAT, k, "bad amount");
        Preimage reply = Preimage.of(s.getReplyPreimage().toByteArray());
        Gig g = new Gig(reply.paymentHash(), reply, key(k, s.getCustomer()), key(k, s.getReplier()),
                s.getReplyAmountMsat(), s.getRequestDigest().toByteArray());
        g.stage = Gig.Stage.values()[s.getStage() - 1];
        g.sealCallId = s.getSealCallId();
        g.walletCallId = s.getWalletCallId();
        boolean sealed = g.stage != Gig.Stage.ISSUED;
        check(sealed == (s.getNetworkPreimage().size() == 32), k, "network preimage present at the wrong stage");
        if (sealed) {
            g.networkPreimage = Preimage.of(s.getNetworkPreimage().toByteArray());
            g.networkHash = g.networkPreimage.paymentHash();
            g.networkExpiresAt = Instant.ofEpochMilli(s.getNetworkExpiresAtMs());
            check(!s.getReplyInvoice().isEmpty(), k, "a sealed gig without its job invoice");
            g.replyInvoice = s.getReplyInvoice();
        }
        if (sealed && g.stage != Gig.Stage.SEALING && !s.getNetworkInvoice().isEmpty()) {
            g.networkInvoice = s.getNetworkInvoice();
        }
        if (g.stage == Gig.Stage.SEALING) {
            check(!s.getEncryptedReplyPayload().isEmpty(), k, "a sealing gig without its encrypted payload");
            g.encryptedReplyPayload = s.getEncryptedReplyPayload().toByteArray();
        }
        check((g.walletCallId != 0) == (g.stage == Gig.Stage.SEALING || g.stage == Gig.Stage.REVEALING), k,
                "a wallet call in flight at the wrong stage");
        g.networkAccepted = s.getNetworkAccepted();
        g.replyAccepted = s.getReplyAccepted();
        g.jobPaymentSeen = s.getJobPaymentSeen();
        g.disputeReason = g.stage == Gig.Stage.DISPUTED ? s.getDisputeReason() : null;
        // an open dispute stored before disputes had a deadline has none; every other stage has one
        check(s.getDeadlineMs() != 0 || g.stage == Gig.Stage.DISPUTED, k, "no deadline at stage " + g.stage);
        g.deadline = s.getDeadlineMs() == 0 ? null : Instant.ofEpochMilli(s.getDeadlineMs());
        if (s.getDisputeDefault() != 0) {
            check(sealed && s.getDisputeDefault() <= DisputeOutcome.values().length && s.getDisputeWindowMs() >= 0
                    && s.getDisputeDeadlineMs() > 0, k, "bad dispute terms");
            g.disputeWindow = java.time.Duration.ofMillis(s.getDisputeWindowMs());
            g.disputeDeadline = java.time.Duration.ofMillis(s.getDisputeDeadlineMs());
            g.disputeDefault = DisputeOutcome.values()[s.getDisputeDefault() - 1];
        }
        boolean disputed = g.stage == Gig.Stage.DISPUTED;
        check(disputed || (s.getDisputeOpenedAtMs() == 0 && s.getWorkerAnsweredAtMs() == 0), k,
                "dispute evidence at the wrong stage");
        check((s.getWorkerAnsweredAtMs() == 0) == s.getWorkerStatement().isEmpty(), k,
                "a worker statement without its time");
        g.disputeOpenedAt = s.getDisputeOpenedAtMs() == 0 ? null : Instant.ofEpochMilli(s.getDisputeOpenedAtMs());
        if (s.getWorkerAnsweredAtMs() != 0) {
            g.workerStatement = s.getWorkerStatement();
            g.workerAnsweredAt = Instant.ofEpochMilli(s.getWorkerAnsweredAtMs());
        }
        check(s.getNetworkSettlement() <= 1 && (s.getNetworkSettlement() == 0 || sealed), k,
                "bad network settlement " + s.getNetworkSettlement());
        g.networkSettlement = s.getNetworkSettlement() == 1 ? NetworkSettlement.ON_JOB_DONE
                : NetworkSettlement.ON_REVEAL;
        return g;
    }

    private static PublicKey subjectOf(String k, String prefix) {
        String hex = k.substring(prefix.length());
        check(hex.matches("[0-9a-f]{64}"), k, "bad subject key");
        return key(k, ByteString.copyFrom(Hex.decode(hex)));
    }

    private static PublicKey key(String row, ByteString b) {
        check(b.size() == 32, row, "bad public key");
        try {
            return PublicKey.of(b.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("settler state row " + row + ": " + e.getMessage());
        }
    }

    private static <T> T decoded(String row, Decoded<T> d) {
        return switch (d) {
            case Decoded.Ok<T> ok -> ok.value();
            case Decoded.Err<T> err -> throw new IllegalStateException("settler state row " + row + ": "
                    + err.error());
        };
    }

    private static <T> T parse(String row, byte[] bytes, com.google.protobuf.Parser<T> parser) {
        check(bytes.length <= MAX_ROW_BYTES, row, bytes.length + " bytes, at most " + MAX_ROW_BYTES);
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("settler state row " + row + ": " + e.getMessage());
        }
    }

    private static void check(boolean ok, String row, String why) {
        if (!ok) {
            throw new IllegalStateException("settler state row " + row + ": " + why);
        }
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }
}
