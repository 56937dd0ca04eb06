package org.giggossip.core.settler;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.util.Outbox;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.WireLimits;

/**
 * A payment settler (seed 000, sections 2.1, 3.2, 3.8 and 3.9) as a sans-I/O
 * state machine: it certifies customers and workers ({@link #authority()}),
 * holds the preimages of every reply, reveals the network preimage only once
 * the payment chain is accepted, and releases the job payment after the
 * dispute window.
 *
 * <p>Inputs: {@link #onRequest} (a node's {@link SettlerRequest}, the caller
 * authenticated by the host), {@link #onWallet} (events of the settler's own
 * hold-invoice wallet), {@link #onWake} (a {@link SettlerOutput.WakeUp} fell
 * due) and the administrator's {@link #resolveDispute}. Outputs go to the
 * host's sink as {@link SettlerOutput}s, in order, each after the state change
 * that made it (a host may feed the answer of a wallet request straight back).
 *
 * <p>A gig, keyed by its reply (job) payment hash, goes through these flows:
 * <ol>
 *   <li>IssueReplyHash (replier): the signed request and its sender certificate
 *       are checked; the settler draws the job preimage and answers its hash.</li>
 *   <li>SealReply (the gig's replier): the reply payload is checked (it answers
 *       the request, names the caller, carries a BOLT 11 job invoice for the reply
 *       hash and agreed amount); the settler draws the network preimage, encrypts
 *       the payload under its key, asks its wallet for the network hold invoice
 *       and, once created, answers the encrypted payload, a signed settlement
 *       promise and that invoice.</li>
 *   <li>Reveal: see {@link Payments}: the replier's claim that its job invoice is accepted
 *       (ReplyInvoiceAccepted) is checked against evidence, the job invoice looked up in the
 *       settler's ledger or the customer's signed statement (JobPaymentLocked), as the promise
 *       says; the network preimage is published. Under
 *       {@link NetworkSettlement#ON_JOB_DONE} it goes to the gig's customer alone, the network
 *       invoice stays accepted until the job payment is released (then settled) or refunded (then
 *       cancelled), and FetchPreimage answers it to that customer.</li>
 *   <li>Job payment: at the end of the dispute window, or on ConfirmJob (the
 *       gig's customer), the job preimage is pushed to the replier and
 *       published; OpenDispute holds it until {@link #resolveDispute}, or until
 *       the dispute deadline, when the stated default outcome applies.</li>
 *   <li>FetchPreimage (anyone): a published preimage, for a retention period.</li>
 * </ol>
 * Every refusal says why; a caller acting on another's gig is refused with
 * {@value #NOT_YOUR_GIG}. Gigs end at their deadlines, so memory is bounded.
 * Owned by one thread.
 */
public final class Settler {
    /** The refusal given to a caller acting on a gig that is not its own. */
    public static final String NOT_YOUR_GIG = "not your gig";
    /** The reason of the notice that tells a gig's customer its replier withdrew the offer (CancelGig). */
    public static final String WITHDRAWN = "the worker withdrew the offer";
    /** Longest dispute statement (the worker's answer) and administrator's reason: the service codec's text limit. */
    public static final int MAX_STATEMENT_BYTES = 1024;
    /** The memo of the settler's network invoices. */
    public static final String NETWORK_INVOICE_MEMO = "gig-gossip network fee";

    private final SettlerConfig config;
    private final Signer signer;
    private final Clock clock;
    private final SecureRandom random;
    private final Outbox<SettlerOutput> out;
    private final SettlerAuthority authority;
    private final ReplyChecks checks;
    private final GigBook gigs;
    private final PublishedPreimages published;
    private final Payments payments;
    private final ResolvedDisputes resolved;
    private Certificate certificate;
    /** The wallet call id last written to the durable state; -1 before the first drain. */
    private long drainedCallId = -1;
    /** The gigs of a restore, until {@link #resume}. */
    private List<Gig> restoredGigs;

    /**
     * @param config policy
     * @param signer the settler's key: signs promises; must be the key of {@code ca}
     * @param ca     the settler as certification authority, for its certificates and revocation lists
     * @param clock  the settler's time
     * @param random draws preimages and encryption salts (a seeded one, the simulator's or a test's, makes a
     *               run reproducible)
     * @param output receives every output, in order
     */
    public Settler(SettlerConfig config, Signer signer, CertificateAuthority ca, Clock clock, SecureRandom random,
            Consumer<SettlerOutput> output) {
        this(config, signer, ca, clock, random, output, null);
    }

    private Settler(SettlerConfig config, Signer signer, CertificateAuthority ca, Clock clock, SecureRandom random,
            Consumer<SettlerOutput> output, SettlerState.Loaded loaded) {
        this.config = Objects.requireNonNull(config, "config");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (!ca.id().equals(signer.publicKey())) {
            throw new IllegalArgumentException("the certificate authority is not the settler's key");
        }
        if (config.certificateValidity().compareTo(config.invoiceTtl()) <= 0) {
            throw new IllegalArgumentException("the certificate validity must exceed the invoice lifetime");
        }
        this.out = new Outbox<>(Objects.requireNonNull(output, "output"));
        this.authority = loaded == null ? new SettlerAuthority(ca, clock, config.otherTrustedAuthorities())
                : new SettlerAuthority(ca, clock, config.otherTrustedAuthorities(), loaded.authority());
        this.checks = new ReplyChecks(new CertificateValidator(authority.trustStore(), clock),
                config.requiredCustomerProperties(), clock);
        this.gigs = new GigBook(out::add);
        this.published = new PublishedPreimages(config.preimageRetention());
        this.resolved = new ResolvedDisputes(config.preimageRetention());
        this.payments = new Payments(config, signer.publicKey(), clock, gigs, published, resolved, out::add);
        if (loaded != null) {
            payments.restoreNextCallId(loaded.nextWalletCallId());
            drainedCallId = loaded.nextWalletCallId();
            loaded.published().forEach((hash, p) -> published.restore(hash,
                    org.giggossip.core.payment.Preimage.of(p.getPreimage().toByteArray()),
                    Instant.ofEpochMilli(p.getUntilMs())));
            published.restored();
            loaded.resolved().forEach(resolved::restore);
            resolved.restored();
            for (Gig gig : loaded.gigs()) {
                gigs.add(gig);
                if (gig.networkHash != null) {
                    gigs.indexNetworkHash(gig);
                }
            }
            List<Certificate> own = authority.certificates(signer.publicKey());
            certificate = own.isEmpty() ? null : own.getLast();
            restoredGigs = loaded.gigs();
        }
    }

    /** The settler's id: its public key, the authority of its certificates. */
    public PublicKey id() {
        return signer.publicKey();
    }

    /** The settler as certification authority. */
    public SettlerAuthority authority() {
        return authority;
    }

    /** The settler's own certificate in its promises, issued or renewed as needed. */
    public Certificate certificate() {
        return certificateValidUntil(clock.instant().plus(config.invoiceTtl()));
    }

    /** Gigs in memory. */
    public int liveGigs() {
        return gigs.size();
    }

    /**
     * Gigs in memory by stage ({@code ISSUED}, {@code SEALING}, {@code SEALED}, {@code REVEALING},
     * {@code REVEALED}, {@code DISPUTED}): every stage, zero included, in that order.
     */
    public java.util.SequencedMap<String, Integer> gigsByStage() {
        return gigs.countByStage();
    }

    /** Preimages held for FetchPreimage. */
    public int publishedPreimages() {
        return published.size();
    }

    /** Handles a request of {@code caller}; the answer, if any, leaves as a {@link SettlerOutput.Respond}. */
    public void onRequest(PublicKey caller, SettlerRequest request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        try {
            switch (request) {
                case SettlerRequest.IssueReplyHash r -> issueReplyHash(caller, r);
                case SettlerRequest.SealReply r -> sealReply(caller, r);
                case SettlerRequest.ReplyInvoiceAccepted r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), false);
                    if (gig != null) {
                        payments.onReplyAccepted(gig, r.callId());
                    }
                }
                case SettlerRequest.JobPaymentLocked r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), null);
                    if (gig != null) {
                        payments.onJobPaymentLocked(gig, caller, r);
                    }
                }
                case SettlerRequest.ConfirmJob r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), true);
                    if (gig != null) {
                        payments.confirmJob(gig, r.callId());
                    }
                }
                case SettlerRequest.OpenDispute r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), true);
                    if (gig != null) {
                        payments.openDispute(gig, r.callId(), r.reason());
                    }
                }
                case SettlerRequest.AnswerDispute r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), false);
                    if (gig != null) {
                        payments.answerDispute(gig, r.callId(), r.statement());
                    }
                }
                case SettlerRequest.CancelGig r -> {
                    Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), null);
                    if (gig != null) {
                        payments.cancel(gig, caller, r.callId());
                    }
                }
                case SettlerRequest.FetchPreimage r -> fetchPreimage(caller, r);
            }
        } catch (IllegalArgumentException e) {
            // a value out of a wire limit, found before any state changed
            refuse(caller, request.callId(), "malformed request: " + e.getMessage());
        }
        out.flush();
    }

    /**
     * The changes to the settler's durable state since the last call (write-ahead:
     * a host commits them before carrying out any output of the input that made
     * them). Keys and values are the settler's own; {@link #restore} reads them back.
     */
    public StateChanges drainChanges() {
        StateChanges changes = new StateChanges();
        if (drainedCallId != payments.peekNextCallId()) {
            drainedCallId = payments.peekNextCallId();
            changes.put(SettlerState.META, SettlerState.encodeMeta(id(), drainedCallId));
        }
        authority.drainChanges(changes);
        for (Gig gig : gigs.drainTouched()) {
            if (gigs.isLive(gig)) {
                changes.put(SettlerState.gigKey(gig.replyHash), SettlerState.encodeGig(gig));
            } else {
                changes.delete(SettlerState.gigKey(gig.replyHash));
            }
        }
        published.drainChanges(changes);
        resolved.drainChanges(changes);
        return changes;
    }

    /**
     * A settler restored from the state rows its {@link #drainChanges} produced (all
     * of them, as committed). Call {@link #resume} once the host is wired.
     *
     * @throws IllegalStateException if a row does not decode, or belongs to another settler key
     */
    public static Settler restore(SettlerConfig config, Signer signer, CertificateAuthority ca, Clock clock,
            SecureRandom random, Consumer<SettlerOutput> output, Map<String, byte[]> state) {
        SettlerState.Loaded loaded = SettlerState.load(state);
        if (!loaded.settlerId().equals(signer.publicKey())) {
            throw new IllegalStateException("the stored settler state belongs to settler "
                    + loaded.settlerId().hex() + ", not to this key " + signer.publicKey().hex());
        }
        return new Settler(config, signer, ca, clock, random, output, loaded);
    }

    /**
     * After a restore: asks again for what may have been lost in the crash (the
     * wallet request in flight of each gig, the next wake-up).
     */
    public void resume() {
        if (restoredGigs == null) {
            throw new IllegalStateException("not a restored settler, or already resumed");
        }
        // in deadline order, so that gigs due at the same instant keep a fixed order
        List<Gig> order = new java.util.ArrayList<>(restoredGigs);
        order.sort(java.util.Comparator.comparing((Gig g) -> g.deadline == null ? Instant.MAX : g.deadline)
                .thenComparing(g -> g.replyHash));
        restoredGigs = null;
        List<Gig> givenDeadlines = new java.util.ArrayList<>();
        for (Gig gig : order) {
            if (gig.deadline != null) {
                gigs.schedule(gig, gig.deadline);
            } else if (gig.stage == Gig.Stage.DISPUTED) {
                // a dispute stored by a build without dispute deadlines: its deadline runs from now
                gigs.schedule(gig, clock.instant().plus(payments.disputeDeadline(gig)));
                givenDeadlines.add(gig);
            }
            long callId = gig.walletCallId;
            if (callId == 0) {
                payments.resumeCheck(gig);
                continue;
            }
            // the request may have been lost in the crash: ask again under the same id; the wallet
            // answers an invoice it already has or a settlement it already made as if new
            gigs.awaitWallet(gig, callId);
            out.add(new SettlerOutput.Wallet(gig.stage == Gig.Stage.SEALING
                    ? new WalletRequest.CreateHoldInvoice(callId, gig.networkHash, config.networkFeeMsat(),
                            payments.networkInvoiceExpiry(gig), NETWORK_INVOICE_MEMO)
                    : new WalletRequest.Settle(callId, gig.networkHash, gig.networkPreimage)));
        }
        // rescheduling changed nothing durable, except a deadline given to an older open dispute
        gigs.drainTouched();
        givenDeadlines.forEach(gigs::touch);
        out.flush();
    }

    /** A revealed preimage of {@code paymentHash}, if published and still retained (end of seed 000, 3.9). */
    public Optional<Preimage> publishedPreimage(Hash32 paymentHash) {
        return published.find(Objects.requireNonNull(paymentHash, "paymentHash"), clock.instant());
    }

    /** Every revealed preimage still retained, oldest first (a restarted settler publishes them again). */
    public java.util.List<Preimage> publishedPreimageList() {
        return published.all(clock.instant());
    }

    /** The gig of {@code replyHash}, if the settler holds it. */
    public Optional<GigView> gig(Hash32 replyHash) {
        Gig gig = gigs.byReplyHash(Objects.requireNonNull(replyHash, "replyHash"));
        return gig == null ? Optional.empty() : Optional.of(gig.view());
    }

    /** The gigs with an open dispute, oldest first. */
    public List<GigView> disputes() {
        return gigs.disputed().stream().map(Gig::view).toList();
    }

    /**
     * The open disputes with their evidence (both statements and when they were made),
     * oldest opened first; with {@code includeResolved}, then the disputes ended within
     * the preimage retention, oldest resolution first, with outcome, decider and reason.
     */
    public List<DisputeView> disputeRecords(boolean includeResolved) {
        List<DisputeView> list = new java.util.ArrayList<>(gigs.disputed().stream().map(Gig::disputeView)
                .sorted(java.util.Comparator.comparing((DisputeView d) -> d.openedAt() == null ? Instant.MIN
                        : d.openedAt()).thenComparing(DisputeView::replyHash)).toList());
        if (includeResolved) {
            list.addAll(resolved.all(clock.instant()));
        }
        return List.copyOf(list);
    }

    /** The dispute of {@code replyHash}, open or ended within the preimage retention. */
    public Optional<DisputeView> dispute(Hash32 replyHash) {
        Gig gig = gigs.byReplyHash(Objects.requireNonNull(replyHash, "replyHash"));
        if (gig != null && gig.stage == Gig.Stage.DISPUTED) {
            return Optional.of(gig.disputeView());
        }
        return resolved.find(replyHash, clock.instant());
    }

    /** Handles an event of the settler's own wallet, the answer to a {@link SettlerOutput.Wallet}. */
    public void onWallet(WalletEvent event) {
        Objects.requireNonNull(event, "event");
        switch (event) {
            case WalletEvent.InvoiceCreated e -> {
                Gig gig = gigs.takeWalletCall(e.callId());
                if (gig != null) {
                    sealed(gig, e);
                }
            }
            case WalletEvent.CallFailed e -> {
                Gig gig = gigs.takeWalletCall(e.callId());
                if (gig != null) {
                    payments.onWalletCallFailed(gig, e.reason());
                }
            }
            case WalletEvent.InvoiceLookedUp e -> {
                Gig gig = gigs.touch(gigs.byReplyHash(e.paymentHash()));
                if (gig != null) {
                    payments.onJobInvoiceLookedUp(gig, e.accepted(), e.amountMsat());
                }
            }
            case WalletEvent.InvoiceAccepted e -> withNetworkGig(e.paymentHash(), payments::onNetworkAccepted);
            case WalletEvent.InvoiceSettled e -> withNetworkGig(e.paymentHash(), payments::onNetworkSettled);
            case WalletEvent.InvoiceCancelled e ->
                    withNetworkGig(e.paymentHash(), gig -> payments.onNetworkCancelled(gig, e.reason()));
            // the settler pays nothing
            case WalletEvent.PaymentAccepted e -> { }
            case WalletEvent.PaymentSettled e -> { }
            case WalletEvent.PaymentFailed e -> { }
        }
        out.flush();
    }

    /** Handles the deadlines due by the clock: a {@link SettlerOutput.WakeUp} fell due. */
    public void onWake() {
        Instant now = clock.instant();
        published.prune(now);
        for (Gig gig : gigs.due(now)) {
            payments.onDeadline(gig);
        }
        out.flush();
    }

    /**
     * The administrator's decision on an open dispute (2.1): release the job
     * payment to the worker, or tell the worker to cancel its job invoice so the
     * customer's funds go back. The decision is kept with the dispute's evidence
     * and {@code reason}, and both parties are told ({@link SettlerResponse.DisputeResolved}).
     *
     * @param reason why; required, at most {@link #MAX_STATEMENT_BYTES} UTF-8 bytes
     * @return {@code Done(0)}, or {@code Refused(0, why)}: no reason or too long a one, no dispute open for the
     *         gig, or the dispute already ended (saying how, by whom and why)
     */
    public SettlerResponse resolveDispute(Hash32 replyPaymentHash, boolean payWorker, String reason) {
        Objects.requireNonNull(replyPaymentHash, "replyPaymentHash");
        String bad = Payments.statementRefusal(reason, "reason");
        if (bad != null) {
            return new SettlerResponse.Refused(0, bad);
        }
        Gig gig = gigs.byReplyHash(replyPaymentHash);
        SettlerResponse result;
        if (gig != null) {
            result = payments.resolveDispute(gigs.touch(gig), payWorker, reason);
        } else {
            result = new SettlerResponse.Refused(0, resolved.find(replyPaymentHash, clock.instant())
                    .map(Settler::alreadyResolved).orElse("unknown gig " + replyPaymentHash.hex()));
        }
        out.flush();
        return result;
    }

    /** The refusal of a second resolution: what was decided, by whom, when and why. */
    static String alreadyResolved(DisputeView d) {
        return "the dispute was already resolved at " + d.resolvedAt() + ": job payment " + d.outcome()
                + ", decided by " + d.decidedBy() + " (" + d.reason() + ")";
    }

    private void issueReplyHash(PublicKey caller, SettlerRequest.IssueReplyHash r) {
        Optional<String> refusal = checks.judgeRequest(r.request());
        if (refusal.isEmpty() && r.replyAmountMsat() > WireLimits.MAX_MSAT) {
            refusal = Optional.of("reply amount above " + WireLimits.MAX_MSAT + " msat");
        }
        if (refusal.isPresent()) {
            refuse(caller, r.callId(), refusal.get());
            return;
        }
        byte[] digest = ReplyChecks.digest(r.request());
        PublicKey customer = r.request().payload().senderCertificate().subject();
        Gig gig;
        do {
            Preimage preimage = Preimage.generate(random);
            gig = new Gig(preimage.paymentHash(), preimage, customer, caller, r.replyAmountMsat(), digest);
        } while (!gigs.add(gig));
        out.add(new SettlerOutput.Respond(caller, new SettlerResponse.ReplyHashIssued(r.callId(), gig.replyHash,
                DisputeTerms.of(config))));
        gigs.schedule(gig, clock.instant().plus(config.invoiceTtl()));
    }

    private void sealReply(PublicKey caller, SettlerRequest.SealReply r) {
        Gig gig = gigOf(caller, r.callId(), r.replyPaymentHash(), false);
        if (gig == null) {
            return;
        }
        if (gig.stage != Gig.Stage.ISSUED && r.callId() == gig.sealCallId) {
            resealed(gig, caller, r);
            return;
        }
        if (gig.stage != Gig.Stage.ISSUED) {
            refuse(caller, r.callId(), "the reply is already sealed");
            return;
        }
        byte[] payload = r.replyPayload();
        Instant networkExpiresAt = clock.instant().plus(config.invoiceTtl()).truncatedTo(ChronoUnit.MILLIS);
        Optional<String> refusal = checks.judgeReply(gig, caller, payload,
                networkExpiresAt.plus(config.disputeWindow()).plus(config.disputeDeadline()));
        if (refusal.isPresent()) {
            refuse(caller, r.callId(), refusal.get());
            return;
        }
        // Checked above: the payload decodes and its job invoice is for this gig. The promise repeats
        // that invoice, signed, so the customer can pay it before the reply is opened.
        gig.replyInvoice = org.giggossip.core.wire.ReplyPayload.decode(payload).orElseThrow().replyInvoice();
        Preimage network = Preimage.generate(random);
        gig.encryptedReplyPayload = SymmetricBox.seal(network.replyKey(), payload, random);
        gig.networkPreimage = network;
        gig.networkHash = network.paymentHash();
        gig.networkExpiresAt = networkExpiresAt;
        gig.disputeWindow = config.disputeWindow();
        gig.disputeDeadline = config.disputeDeadline();
        gig.disputeDefault = config.disputeDefault();
        gig.networkSettlement = config.networkSettlement();
        gig.sealCallId = r.callId();
        gig.stage = Gig.Stage.SEALING;
        gigs.indexNetworkHash(gig);
        long callId = payments.nextCallId();
        gigs.awaitWallet(gig, callId);
        gigs.schedule(gig, gig.networkExpiresAt);
        out.add(new SettlerOutput.Wallet(new WalletRequest.CreateHoldInvoice(callId, gig.networkHash,
                config.networkFeeMsat(), payments.networkInvoiceExpiry(gig), NETWORK_INVOICE_MEMO)));
    }

    /** The wallet created the network invoice: sign the promise and answer the replier (3.9). */
    private void sealed(Gig gig, WalletEvent.InvoiceCreated created) {
        if (gig.stage != Gig.Stage.SEALING || !created.paymentHash().equals(gig.networkHash)) {
            payments.onWalletCallFailed(gig, "the wallet created an invoice for another payment hash");
            return;
        }
        byte[] encrypted = gig.encryptedReplyPayload;
        gig.encryptedReplyPayload = null;
        SettlementPromise promise = promise(gig, encrypted);
        gig.stage = Gig.Stage.SEALED;
        gig.networkInvoice = created.bolt11();
        out.add(new SettlerOutput.Respond(gig.replier,
                new SettlerResponse.ReplySealed(gig.sealCallId, encrypted, promise, created.bolt11())));
    }

    /**
     * Signs the promise about {@code encrypted}, which names the replier's certificate found inside it:
     * the customer judges the worker by it before paying, and refuses a reply that opens with another.
     * It is read back from the payload we sealed (a checked one), so nothing else needs keeping.
     */
    private SettlementPromise promise(Gig gig, byte[] encrypted) {
        Certificate replier = org.giggossip.core.wire.ReplyPayload.decode(
                SymmetricBox.open(gig.networkPreimage.replyKey(), encrypted).orElseThrow()).orElseThrow()
                .replierCertificate();
        return SettlementPromise.sign(new SettlementPromiseBody(certificateValidUntil(gig.networkExpiresAt),
                gig.networkHash, SettlementPromise.hashOfEncryptedReplyPayload(encrypted), gig.replyHash,
                config.networkFeeMsat(), gig.replyAmountMsat, gig.networkExpiresAt, gig.replyInvoice,
                java.util.Optional.of(replier), payments.disputeWindow(gig), payments.disputeDeadline(gig),
                payments.disputeDefault(gig), config.jobPaymentEvidence()), signer);
    }

    /**
     * The replier sends its SealReply again with the same call id: its client did not hear the
     * answer (the link dropped, the service restarted; docs/settler.md, "Nodes on a settler
     * service": calls are sent again with their call id). While the network invoice is
     * being created the answer is still to come; once sealed it is given again, the same reply
     * encrypted anew under the same network preimage, with the same network invoice. A seal
     * sent again used to be refused as "already sealed", and the replier's offer was lost.
     */
    private void resealed(Gig gig, PublicKey caller, SettlerRequest.SealReply r) {
        if (gig.stage == Gig.Stage.SEALING) {
            return; // answered once the wallet has created the network invoice
        }
        Optional<String> refusal = checks.judgeReply(gig, caller, r.replyPayload(), gig.networkExpiresAt
                .plus(payments.disputeWindow(gig)).plus(payments.disputeDeadline(gig)));
        if (refusal.isEmpty() && !org.giggossip.core.wire.ReplyPayload.decode(r.replyPayload()).orElseThrow()
                .replyInvoice().equals(gig.replyInvoice)) {
            refusal = Optional.of("the reply sent again is not the one sealed");
        }
        if (refusal.isPresent() || gig.networkInvoice == null) {
            refuse(caller, r.callId(), refusal.orElse("the reply is already sealed"));
            return;
        }
        byte[] encrypted = SymmetricBox.seal(gig.networkPreimage.replyKey(), r.replyPayload(), random);
        out.add(new SettlerOutput.Respond(caller, new SettlerResponse.ReplySealed(r.callId(), encrypted,
                promise(gig, encrypted), gig.networkInvoice)));
    }

    private void fetchPreimage(PublicKey caller, SettlerRequest.FetchPreimage r) {
        Optional<Preimage> preimage = published.find(r.paymentHash(), clock.instant())
                .or(() -> revealedToCustomer(caller, r.paymentHash()));
        out.add(new SettlerOutput.Respond(caller, preimage.<SettlerResponse>map(
                p -> new SettlerResponse.PreimageRevealed(r.callId(), r.paymentHash(), p))
                .orElseGet(() -> new SettlerResponse.Refused(r.callId(),
                        "the preimage of " + r.paymentHash().hex() + " is not revealed"))));
    }

    /**
     * Under {@link NetworkSettlement#ON_JOB_DONE}: the network preimage of a gig that revealed it to its
     * customer alone, for that customer only (its notice may have been lost); nobody else learns it
     * before the job is done.
     */
    private Optional<Preimage> revealedToCustomer(PublicKey caller, Hash32 networkHash) {
        Gig gig = gigs.byNetworkHash(networkHash);
        return gig != null && gig.customer.equals(caller) && payments.holdsNetwork(gig)
                ? Optional.of(gig.networkPreimage) : Optional.empty();
    }

    /**
     * The gig of {@code replyHash} if {@code caller} is its customer ({@code asCustomer} true), its
     * replier (false) or either (null); else refuses and returns null.
     */
    private Gig gigOf(PublicKey caller, long callId, Hash32 replyHash, Boolean asCustomer) {
        Gig gig = gigs.byReplyHash(replyHash);
        if (gig == null) {
            refuse(caller, callId, "unknown gig " + replyHash.hex());
            return null;
        }
        boolean allowed = asCustomer == null ? gig.customer.equals(caller) || gig.replier.equals(caller)
                : (asCustomer ? gig.customer : gig.replier).equals(caller);
        if (!allowed) {
            refuse(caller, callId, NOT_YOUR_GIG);
            return null;
        }
        return gigs.touch(gig);
    }

    private void withNetworkGig(Hash32 networkHash, Consumer<Gig> action) {
        Gig gig = gigs.touch(gigs.byNetworkHash(networkHash));
        if (gig != null) {
            action.accept(gig);
        }
    }

    private Certificate certificateValidUntil(Instant until) {
        if (certificate == null || certificate.body().notAfter().isBefore(until)
                || authority.revocationList().body().isRevoked(certificate.id())) {
            certificate = authority.issue(id(), config.certificateValidity());
        }
        return certificate;
    }

    private void refuse(PublicKey to, long callId, String reason) {
        out.add(new SettlerOutput.Respond(to, new SettlerResponse.Refused(callId, reason)));
    }
}
