package org.giggossip.settler.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;

/**
 * What the settler's HTTP API serves: the running settler, its database and
 * its wallet accounts, behind one interface. The HTTP layer authenticates every
 * caller and checks who may do what before calling in; the backend runs each
 * operation on the settler's own thread, commits the state it changed before
 * answering, and never trusts a caller beyond what the settler logic checks.
 */
public interface SettlerBackend {

    // ---- public

    /** The settler's key. */
    PublicKey id();

    /** The settler's own certificate (its key, signed by itself). */
    Certificate certificate();

    /** The latest signed revocation list. */
    RevocationList revocationList();

    /** Calls {@code listener} with every new revocation list; close the handle to stop. */
    AutoCloseable watchRevocations(Consumer<RevocationList> listener);

    /** A revealed preimage of {@code paymentHash}, if published and still retained (end of seed 000, 3.9). */
    Optional<Preimage> publishedPreimage(Hash32 paymentHash);

    // ---- authentication

    /** Administrators' keys: they alone may grant, revoke and resolve disputes. */
    Set<PublicKey> admins();

    /** Records a request nonce until {@code expiresAt}; false if {@code caller} used it before. */
    boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt);

    // ---- a caller's gigs

    /**
     * Hands {@code request} of the authenticated {@code caller} to the settler and
     * completes with its answer (the {@code SettlerResponse} for that callId),
     * after the state it changed is committed.
     */
    CompletableFuture<SettlerResponse> call(PublicKey caller, SettlerRequest request);

    /** The gig of {@code replyHash}; the HTTP layer shows it only to its customer, replier or an admin. */
    CompletableFuture<Optional<GigView>> gig(Hash32 replyHash);

    /** Up to {@code limit} notices for {@code to} numbered above {@code afterSeq}. */
    List<Notice> notices(PublicKey to, long afterSeq, int limit);

    /** Completes when {@code to} has a notice numbered above {@code afterSeq}. */
    CompletableFuture<Void> awaitNotice(PublicKey to, long afterSeq);

    // ---- certificates

    /** A new certificate of {@code subject} with exactly the properties granted to it. */
    CompletableFuture<Certificate> issueCertificate(PublicKey subject);

    /** The live certificates of {@code subject}. */
    CompletableFuture<List<Certificate>> certificates(PublicKey subject);

    /** The properties granted to {@code subject}. */
    CompletableFuture<Map<String, String>> granted(PublicKey subject);

    // ---- administration

    /** Grants {@code name=value} to {@code subject}; fails with IllegalArgumentException on a bad name. */
    CompletableFuture<Void> grant(PublicKey subject, String name, String value);

    /** Withdraws a property and revokes the live certificates certifying it; returns them. */
    CompletableFuture<List<Certificate>> revokeProperty(PublicKey subject, String name);

    /** Revokes one certificate by id; empty if this settler has no live certificate with that id. */
    CompletableFuture<Optional<RevocationList>> revokeCertificate(CertificateId id);

    /** The gigs with an open dispute. */
    CompletableFuture<List<GigView>> disputes();

    /**
     * The disputes with their evidence (both statements and when they were made): the open ones,
     * oldest first, then with {@code includeResolved} those ended within the preimage retention.
     */
    CompletableFuture<List<org.giggossip.core.settler.DisputeView>> disputeRecords(boolean includeResolved);

    /** The dispute of {@code replyHash}, open or ended within the preimage retention. */
    CompletableFuture<Optional<org.giggossip.core.settler.DisputeView>> dispute(Hash32 replyHash);

    /**
     * Decides an open dispute with the administrator's reason: {@code Done(0)} or {@code Refused(0, why)}
     * (no reason, no open dispute, or already resolved: saying what was decided).
     */
    CompletableFuture<SettlerResponse> resolveDispute(Hash32 replyHash, boolean payWorker, String reason);

    // ---- regtest wallets

    /** The wallet accounts offered to nodes; empty unless the settler's wallet is the embedded ledger. */
    Optional<WalletAccounts> wallets();
}
