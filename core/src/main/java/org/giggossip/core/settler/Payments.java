package org.giggossip.core.settler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.Gig.Stage;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.JobPaymentEvidence;

/**
 * The money side of a {@link Settler}'s gigs, after the promise is given (seed
 * 000, 3.8 and 3.9; Figure 15): when to reveal the network preimage, when to
 * release the job payment, disputes, and what happens when a network invoice
 * fails or a deadline passes.
 *
 * <p>The two rules it keeps:
 * <ol>
 *   <li>The network preimage is revealed only when the settler's own network
 *       invoice is ACCEPTED (its wallet said so) <em>and</em> the replier reported
 *       its job invoice accepted <em>and</em> the settler has evidence it can check that
 *       the job payment is locked (the promise says which, {@link JobPaymentEvidence}): its
 *       wallet looked the job invoice up and saw it ACCEPTED for the promised amount, or the
 *       customer's signed statement arrived; and only before the network invoice expires; it
 *       is published only once the wallet confirms the settlement, so a settlement
 *       that fails (the invoice expired meanwhile) reveals nothing (3.8; docs/protocol.md
 *       §8, "Reveal rule").</li>
 *   <li>The job preimage goes to the replier only after the dispute window
 *       closes, or the customer confirms the job, or the settler resolves a
 *       dispute for the worker; a dispute resolved for the customer tells the
 *       replier to cancel its job invoice instead (2.1). A dispute nobody rules on
 *       ends at its deadline in the default outcome the promise stated.</li>
 * </ol>
 */
final class Payments {
    private final SettlerConfig config;
    private final PublicKey settlerId;
    private final Clock clock;
    private final GigBook gigs;
    private final PublishedPreimages published;
    private final ResolvedDisputes resolved;
    private final Consumer<SettlerOutput> out;
    private long nextCallId = 1;

    Payments(SettlerConfig config, PublicKey settlerId, Clock clock, GigBook gigs, PublishedPreimages published,
            ResolvedDisputes resolved, Consumer<SettlerOutput> out) {
        this.config = config;
        this.settlerId = settlerId;
        this.clock = clock;
        this.gigs = gigs;
        this.published = published;
        this.resolved = resolved;
        this.out = out;
    }

    /** The callId {@link #nextCallId} will hand out. */
    long peekNextCallId() {
        return nextCallId;
    }

    /** After a restore: ids below {@code next} may be in flight. */
    void restoreNextCallId(long next) {
        nextCallId = next;
    }

    /** A fresh callId for a request to the settler's wallet. */
    long nextCallId() {
        return nextCallId++;
    }

    // --- events of the settler's own network invoice

    void onNetworkAccepted(Gig gig) {
        if (gig.stage == Stage.SEALED) {
            gig.networkAccepted = true;
            maybeReveal(gig);
        }
    }

    void onNetworkSettled(Gig gig) {
        if (gig.stage != Stage.REVEALING) {
            return;
        }
        gigs.takeWalletCall(gig.walletCallId);
        publish(gig.networkHash, gig.networkPreimage);
        gig.stage = Stage.REVEALED;
        // A wallet that confirmed the settlement after the network invoice's expiry shortens the window:
        // the promise's "settle by" (expiry + window + deadline) is what the job invoice was sized from.
        Instant end = clock.instant().plus(disputeWindow(gig));
        Instant latest = gig.networkExpiresAt.plus(disputeWindow(gig));
        gigs.schedule(gig, end.isAfter(latest) ? latest : end);
    }

    /** The dispute window stated in the gig's promise (the configured one for a gig stored before it was kept). */
    Duration disputeWindow(Gig gig) {
        return gig.disputeWindow != null ? gig.disputeWindow : config.disputeWindow();
    }

    /** The dispute deadline stated in the gig's promise. */
    Duration disputeDeadline(Gig gig) {
        return gig.disputeDeadline != null ? gig.disputeDeadline : config.disputeDeadline();
    }

    /** The default outcome stated in the gig's promise. */
    DisputeOutcome disputeDefault(Gig gig) {
        return gig.disputeDefault != null ? gig.disputeDefault : config.disputeDefault();
    }

    void onNetworkCancelled(Gig gig, String reason) {
        if (gig.stage == Stage.SEALED || gig.stage == Stage.REVEALING) {
            end(gig, "the network invoice was cancelled: " + reason);
        }
    }

    /** The wallet refused the request in flight: the network invoice was not created, or not settled. */
    void onWalletCallFailed(Gig gig, String reason) {
        switch (gig.stage) {
            case SEALING -> {
                refuse(gig.replier, gig.sealCallId, "the network invoice was not created: " + reason);
                // back to ISSUED: the replier may try again
                gigs.forgetNetworkHash(gig);
                gig.networkPreimage = null;
                gig.networkHash = null;
                gig.networkExpiresAt = null;
                gig.disputeWindow = null;
                gig.disputeDeadline = null;
                gig.disputeDefault = null;
                gig.networkSettlement = NetworkSettlement.ON_REVEAL;
                gig.encryptedReplyPayload = null;
                gig.stage = Stage.ISSUED;
                gigs.schedule(gig, clock.instant().plus(config.invoiceTtl()));
            }
            case REVEALING -> end(gig, "the network invoice could not be settled: " + reason);
            default -> { }
        }
    }

    // --- requests about a gig, from its replier or its customer

    void onReplyAccepted(Gig gig, long callId) {
        switch (gig.stage) {
            case ISSUED, SEALING -> refuse(gig.replier, callId, "the reply is not sealed yet");
            case SEALED -> {
                gig.replyAccepted = true;
                done(gig.replier, callId);
                maybeReveal(gig);
            }
            case REVEALING, REVEALED, DISPUTED -> done(gig.replier, callId);
        }
    }

    /**
     * The customer's signed statement that its job payment is locked (the customer or the replier
     * carries it): evidence when this settler's promises name {@link JobPaymentEvidence#CUSTOMER_STATEMENT}.
     */
    void onJobPaymentLocked(Gig gig, PublicKey caller, SettlerRequest.JobPaymentLocked statement) {
        long callId = statement.callId();
        if (config.jobPaymentEvidence() != JobPaymentEvidence.CUSTOMER_STATEMENT) {
            refuse(caller, callId, "this settler checks the job invoice in its own ledger: no statement is needed");
            return;
        }
        if (!JobPaymentStatement.verify(statement, settlerId, gig.customer)) {
            refuse(caller, callId, "the statement is not signed by the gig's customer for this settler and gig");
            return;
        }
        if (statement.amountMsat() < gig.replyAmountMsat) {
            refuse(caller, callId, "the statement locks " + statement.amountMsat() + " msat, the job invoice is for "
                    + gig.replyAmountMsat + " msat");
            return;
        }
        switch (gig.stage) {
            case ISSUED, SEALING -> refuse(caller, callId, "the reply is not sealed yet");
            case SEALED -> {
                gig.jobPaymentSeen = true;
                done(caller, callId);
                maybeReveal(gig);
            }
            case REVEALING, REVEALED, DISPUTED -> done(caller, callId);
        }
    }

    /**
     * The settler's wallet answered a look-up of the gig's job invoice. Held for at least the
     * promised amount: the evidence. Otherwise the replier's claim was false (or early): it is
     * forgotten, and only a new claim makes the settler look again.
     */
    void onJobInvoiceLookedUp(Gig gig, boolean accepted, long amountMsat) {
        if (gig.stage != Stage.SEALED || config.jobPaymentEvidence() != JobPaymentEvidence.LEDGER) {
            return;
        }
        if (accepted && amountMsat >= gig.replyAmountMsat) {
            gig.jobPaymentSeen = true;
            maybeReveal(gig);
        } else {
            gig.replyAccepted = false;
        }
    }

    /** After a restore: a look-up of the job invoice may have been lost in the crash; ask again. */
    void resumeCheck(Gig gig) {
        maybeReveal(gig);
    }

    void confirmJob(Gig gig, long callId) {
        if (gig.stage == Stage.DISPUTED) {
            // the customer withdraws its dispute: the worker is paid, and both are told who decided
            done(gig.customer, callId);
            endDispute(gig, true, SettlerResponse.DisputeResolved.BY_CUSTOMER_WITHDREW,
                    "the customer withdrew the dispute");
        } else if (gig.stage == Stage.REVEALED) {
            done(gig.customer, callId);
            release(gig);
        } else {
            refuse(gig.customer, callId, "the network payment is not settled yet");
        }
    }

    void openDispute(Gig gig, long callId, String reason) {
        switch (gig.stage) {
            case REVEALED -> {
                gig.stage = Stage.DISPUTED;
                gig.disputeReason = reason;
                gig.disputeOpenedAt = now();
                gigs.schedule(gig, clock.instant().plus(disputeDeadline(gig)));
                done(gig.customer, callId);
                // the worker is told, so that it may answer
                out.accept(new SettlerOutput.Respond(gig.replier,
                        new SettlerResponse.DisputeOpened(0, gig.replyHash, reason)));
            }
            case DISPUTED -> refuse(gig.customer, callId, "a dispute is already open");
            default -> refuse(gig.customer, callId, "nothing to dispute yet: the network payment is not settled");
        }
    }

    /**
     * The replier answers the open dispute with its statement, kept as evidence;
     * one answer per dispute.
     */
    void answerDispute(Gig gig, long callId, String statement) {
        String refusal = null;
        if (gig.stage != Stage.DISPUTED) {
            refusal = "no dispute is open for this gig";
        } else if (gig.workerStatement != null) {
            refusal = "the dispute is already answered";
        } else {
            refusal = statementRefusal(statement, "statement");
        }
        if (refusal != null) {
            refuse(gig.replier, callId, refusal);
            return;
        }
        gig.workerStatement = statement;
        gig.workerAnsweredAt = now();
        done(gig.replier, callId);
    }

    /** Why {@code text} cannot be a statement or an administrator's reason, or null if it can. */
    static String statementRefusal(String text, String what) {
        if (text == null || text.isBlank()) {
            return "the " + what + " is empty";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > Settler.MAX_STATEMENT_BYTES) {
            return "the " + what + " is longer than " + Settler.MAX_STATEMENT_BYTES + " UTF-8 bytes";
        }
        return null;
    }

    /** The customer or the replier calls the gig off; only before the network preimage is being revealed. */
    void cancel(Gig gig, PublicKey caller, long callId) {
        switch (gig.stage) {
            case ISSUED -> {
                gigs.remove(gig);
                done(caller, callId);
                if (!caller.equals(gig.replier)) {
                    out.accept(new SettlerOutput.Respond(gig.replier,
                            new SettlerResponse.ReplyCancelled(0, gig.replyHash, "the gig was cancelled")));
                }
            }
            case SEALING -> refuse(caller, callId, "the network invoice is being created; try again");
            case SEALED -> {
                done(caller, callId);
                end(gig, "the gig was cancelled");
                if (caller.equals(gig.replier)) {
                    // the customer holds the offer: it must not take it any more (docs/operations.md, "Cancelling")
                    out.accept(new SettlerOutput.Respond(gig.customer,
                            new SettlerResponse.ReplyCancelled(0, gig.replyHash, Settler.WITHDRAWN)));
                }
            }
            case REVEALING, REVEALED, DISPUTED ->
                    refuse(caller, callId, "too late to cancel: the network payment is being settled or is settled");
        }
    }

    SettlerResponse resolveDispute(Gig gig, boolean payWorker, String reason) {
        if (gig.stage != Stage.DISPUTED) {
            return new SettlerResponse.Refused(0, "no dispute is open for this gig");
        }
        endDispute(gig, payWorker, SettlerResponse.DisputeResolved.BY_ADMIN, reason);
        return new SettlerResponse.Done(0);
    }

    /**
     * Ends an open dispute: the job payment is released to the worker, or the worker
     * is told to cancel its job invoice; the evidence is kept with the outcome, who
     * decided and why, and both parties are told ({@link SettlerResponse.DisputeResolved}).
     */
    void endDispute(Gig gig, boolean payWorker, String decidedBy, String reason) {
        String outcome = payWorker ? SettlerResponse.DisputeResolved.RELEASED : SettlerResponse.DisputeResolved.REFUNDED;
        Instant now = now();
        resolved.add(new DisputeView(gig.replyHash, gig.customer, gig.replier, gig.replyAmountMsat,
                gig.disputeOpenedAt, gig.disputeReason, gig.workerAnsweredAt, gig.workerStatement, now, outcome,
                decidedBy, reason), now);
        if (payWorker) {
            release(gig);
        } else {
            refund(gig, decidedBy.equals(SettlerResponse.DisputeResolved.BY_DEFAULT)
                    ? reason + ": the customer is refunded" : "the dispute was resolved for the customer");
        }
        SettlerResponse notice = new SettlerResponse.DisputeResolved(0, gig.replyHash, outcome, decidedBy, reason);
        out.accept(new SettlerOutput.Respond(gig.customer, notice));
        out.accept(new SettlerOutput.Respond(gig.replier, notice));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Tells the replier to cancel its job invoice, so the customer's funds go back; the gig ends. */
    private void refund(Gig gig, String reason) {
        if (holdsNetwork(gig)) {
            cancelHeldNetwork(gig);
        }
        gigs.remove(gig);
        out.accept(new SettlerOutput.Respond(gig.replier, new SettlerResponse.ReplyCancelled(0, gig.replyHash,
                reason)));
    }

    /** A gig's deadline passed (see {@link Gig.Stage}). */
    void onDeadline(Gig gig) {
        switch (gig.stage) {
            case ISSUED -> gigs.remove(gig);
            case SEALING -> {
                gigs.remove(gig);
                refuse(gig.replier, gig.sealCallId, "the network invoice was not created in time");
            }
            case SEALED -> end(gig, "the network invoice expired");
            case REVEALING -> end(gig, "the network invoice was not settled in time");
            case REVEALED -> release(gig);
            // nobody ruled by the deadline: the outcome the promise stated, kept and told like a ruling
            case DISPUTED -> endDispute(gig, disputeDefault(gig) == DisputeOutcome.PAY_WORKER,
                    SettlerResponse.DisputeResolved.BY_DEFAULT, "the dispute was not resolved by its deadline");
        }
    }

    // --- transitions

    private void maybeReveal(Gig gig) {
        if (gig.stage != Stage.SEALED || !gig.networkAccepted || !gig.replyAccepted) {
            return;
        }
        if (!gig.jobPaymentSeen) {
            // the replier's claim is not enough: with the ledger, look at the job invoice; else wait for
            // the customer's statement
            if (config.jobPaymentEvidence() == JobPaymentEvidence.LEDGER && gig.replyInvoice != null) {
                out.accept(new SettlerOutput.Wallet(new WalletRequest.LookupInvoice(nextCallId(), gig.replyInvoice)));
            }
            return;
        }
        if (!clock.instant().isBefore(gig.networkExpiresAt)) {
            return; // never reveal as the network invoice expires; the deadline ends the gig
        }
        if (gig.networkSettlement == NetworkSettlement.ON_JOB_DONE) {
            revealToCustomer(gig);
            return;
        }
        gig.stage = Stage.REVEALING;
        long callId = nextCallId();
        gigs.awaitWallet(gig, callId);
        // a wallet that settles asynchronously gets one more invoice lifetime to confirm
        gigs.schedule(gig, gig.networkExpiresAt.plus(config.invoiceTtl()));
        out.accept(new SettlerOutput.Wallet(new WalletRequest.Settle(callId, gig.networkHash, gig.networkPreimage)));
    }

    // --- network settlement on job done (docs/settler.md, "Network settlement: on reveal or on job done")

    /**
     * Under {@link NetworkSettlement#ON_JOB_DONE}, the reveal: the network preimage goes to the gig's
     * customer alone, which opens the reply at once; the network invoice stays accepted, so the chain
     * is held, and the dispute window starts now.
     */
    private void revealToCustomer(Gig gig) {
        gig.stage = Stage.REVEALED;
        gigs.schedule(gig, clock.instant().plus(disputeWindow(gig)));
        out.accept(new SettlerOutput.Respond(gig.customer,
                new SettlerResponse.PreimageRevealed(0, gig.networkHash, gig.networkPreimage)));
    }

    /** Whether the gig revealed to its customer alone and still holds its accepted network invoice. */
    boolean holdsNetwork(Gig gig) {
        return gig.networkSettlement == NetworkSettlement.ON_JOB_DONE
                && (gig.stage == Stage.REVEALED || gig.stage == Stage.DISPUTED);
    }

    /**
     * The expiry of the gig's network invoice: the promise's under {@link NetworkSettlement#ON_REVEAL};
     * under {@link NetworkSettlement#ON_JOB_DONE} the invoice must outlive the job, so settle-by (the
     * promise's expiry, the dispute window and deadline) and the time to settle, {@link DisputeTerms#SETTLE_MARGIN}.
     * Every hop's invoice expires {@code invoiceExpiryDelta} after the one it pays, so outlives it too.
     */
    Instant networkInvoiceExpiry(Gig gig) {
        return gig.networkSettlement == NetworkSettlement.ON_JOB_DONE
                ? gig.networkExpiresAt.plus(disputeWindow(gig)).plus(disputeDeadline(gig))
                        .plus(DisputeTerms.SETTLE_MARGIN)
                : gig.networkExpiresAt;
    }

    /** The job is done: the held network invoice is settled, which settles the chain, and its preimage published. */
    private void settleHeldNetwork(Gig gig) {
        publish(gig.networkHash, gig.networkPreimage);
        out.accept(new SettlerOutput.Wallet(new WalletRequest.Settle(nextCallId(), gig.networkHash,
                gig.networkPreimage)));
    }

    /** The customer won: the held network invoice is cancelled, and every hop's payment comes back. */
    private void cancelHeldNetwork(Gig gig) {
        out.accept(new SettlerOutput.Wallet(new WalletRequest.Cancel(nextCallId(), gig.networkHash)));
    }

    /**
     * Ends a gig whose network payment failed: the network invoice is cancelled
     * (a wallet does not always cancel an accepted hold invoice at its expiry), and
     * the replier is told to cancel its job invoice. The job preimage is never released.
     */
    private void end(Gig gig, String reason) {
        gigs.remove(gig);
        out.accept(new SettlerOutput.Wallet(new WalletRequest.Cancel(nextCallId(), gig.networkHash)));
        out.accept(new SettlerOutput.Respond(gig.replier,
                new SettlerResponse.ReplyCancelled(0, gig.replyHash, reason)));
    }

    /** Releases the job payment: the replier learns the job preimage and settles its job invoice. */
    private void release(Gig gig) {
        if (holdsNetwork(gig)) {
            settleHeldNetwork(gig);
        }
        gigs.remove(gig);
        publish(gig.replyHash, gig.replyPreimage);
        out.accept(new SettlerOutput.Respond(gig.replier,
                new SettlerResponse.PreimageRevealed(0, gig.replyHash, gig.replyPreimage)));
    }

    private void publish(Hash32 hash, Preimage preimage) {
        published.publish(hash, preimage, clock.instant());
        out.accept(new SettlerOutput.Publish(hash, preimage));
    }

    private void done(PublicKey to, long callId) {
        out.accept(new SettlerOutput.Respond(to, new SettlerResponse.Done(callId)));
    }

    private void refuse(PublicKey to, long callId, String reason) {
        out.accept(new SettlerOutput.Respond(to, new SettlerResponse.Refused(callId, reason)));
    }
}
