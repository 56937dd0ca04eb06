package org.giggossip.settler.http;

import static org.giggossip.settler.http.Route.Access.SIGNED;
import static org.giggossip.settler.http.Route.Owner.GIG_CUSTOMER;
import static org.giggossip.settler.http.Route.Owner.GIG_PARTY;
import static org.giggossip.settler.http.Route.Owner.GIG_REPLIER;
import static org.giggossip.settler.http.Route.Owner.NONE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.http.Reply;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerBackend;

/**
 * The signed routes any caller may use: certificates of its own key, the gig
 * requests of seed 000, 3.8 and 3.9 ({@code /v1/gigs/*}), and its notices.
 * Requests on an existing gig are checked against the gig's parties first (403
 * for anyone else, 404 for an unknown gig), then handed to the settler.
 */
final class GigRoutes {
    private final SettlerBackend backend;
    private final Answers answers;

    GigRoutes(SettlerBackend backend, Answers answers) {
        this.backend = backend;
        this.answers = answers;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/v1/certificates/issue", SIGNED, NONE, ApiBodies.Empty.class,
                        "Issues a certificate of the caller's key with the properties granted to it",
                        c -> Answers.ok(SettlerJson.certificate(answers.await(backend.issueCertificate(c.caller()))))),
                Route.post("/v1/certificates/list", SIGNED, NONE, ApiBodies.Empty.class,
                        "The caller's live certificates", c -> {
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.set("certificates", SettlerJson.certificates(
                                    answers.await(backend.certificates(c.caller()))));
                            return Answers.ok(body);
                        }),
                Route.post("/v1/gigs/reply-hash", SIGNED, NONE, ApiBodies.ReplyHash.class,
                        "IssueReplyHash: the payment hash of the caller's job invoice for a customer's signed request",
                        c -> call(c, c.body(ApiBodies.ReplyHash.class).toRequest())),
                Route.post("/v1/gigs/seal", SIGNED, GIG_REPLIER, ApiBodies.Seal.class,
                        "SealReply: encrypts the reply payload, opens the network invoice, signs the promise", c -> {
                            SettlerRequest.SealReply r = c.body(ApiBodies.Seal.class).toRequest();
                            answers.ownGig(c.caller(), r.replyPaymentHash(), GIG_REPLIER);
                            return call(c, r);
                        }),
                Route.post("/v1/gigs/reply-accepted", SIGNED, GIG_REPLIER, ApiBodies.GigCall.class,
                        "ReplyInvoiceAccepted: the customer's payment of the caller's job invoice is locked",
                        c -> onGig(c, GIG_REPLIER, b -> new SettlerRequest.ReplyInvoiceAccepted(b.checkedCallId(), b.hash()))),
                Route.post("/v1/gigs/payment-locked", SIGNED, GIG_PARTY, ApiBodies.PaymentLocked.class,
                        "JobPaymentLocked: the customer's signed statement that its job payment is locked, the "
                                + "evidence a settler that cannot see the job invoice needs before it reveals", c -> {
                            SettlerRequest.JobPaymentLocked r = c.body(ApiBodies.PaymentLocked.class).toRequest();
                            answers.ownGig(c.caller(), r.replyPaymentHash(), GIG_PARTY);
                            return call(c, r);
                        }),
                Route.post("/v1/gigs/confirm", SIGNED, GIG_CUSTOMER, ApiBodies.GigCall.class,
                        "ConfirmJob: the job is done; release the job payment now",
                        c -> onGig(c, GIG_CUSTOMER, b -> new SettlerRequest.ConfirmJob(b.checkedCallId(), b.hash()))),
                Route.post("/v1/gigs/dispute", SIGNED, GIG_CUSTOMER, ApiBodies.Dispute.class,
                        "OpenDispute: hold the job payment until an administrator decides", c -> {
                            SettlerRequest.OpenDispute r = c.body(ApiBodies.Dispute.class).toRequest();
                            answers.ownGig(c.caller(), r.replyPaymentHash(), GIG_CUSTOMER);
                            return call(c, r);
                        }),
                Route.post("/v1/gigs/close-dispute", SIGNED, GIG_CUSTOMER, ApiBodies.GigCall.class,
                        "The customer withdraws its open dispute: a ConfirmJob while disputed (409 if none is open)",
                        c -> {
                            ApiBodies.GigCall b = c.body(ApiBodies.GigCall.class);
                            long callId = b.checkedCallId();
                            GigView gig = answers.ownGig(c.caller(), b.hash(), GIG_CUSTOMER);
                            if (!gig.stage().equals("DISPUTED")) {
                                return Answers.answer(new SettlerResponse.Refused(callId,
                                        "no dispute is open for this gig (stage " + gig.stage() + ")"));
                            }
                            return call(c, new SettlerRequest.ConfirmJob(callId, b.hash()));
                        }),
                Route.post("/v1/gigs/cancel", SIGNED, GIG_PARTY, ApiBodies.GigCall.class,
                        "CancelGig (the gig's customer or replier only): call the gig off before the network preimage"
                                + " is revealed; the replier is told to cancel its job invoice, and the customer, when"
                                + " the replier withdraws a sealed offer",
                        c -> onGig(c, GIG_PARTY, b -> new SettlerRequest.CancelGig(b.checkedCallId(), b.hash()))),
                Route.post("/v1/gigs/status", SIGNED, GIG_PARTY, ApiBodies.GigQuery.class,
                        "The gig's stage and parties (its customer, replier or an admin only)", c -> {
                            var hash = SettlerJson.hash(c.body(ApiBodies.GigQuery.class).replyHash(), "reply_hash");
                            return Answers.ok(SettlerJson.gig(answers.ownGig(c.caller(), hash, GIG_PARTY)));
                        }),
                Route.post("/v1/notices", SIGNED, NONE, ApiBodies.Poll.class,
                        "Long poll: the caller's notices numbered above 'after' (released preimages, cancellations)",
                        c -> {
                            ApiBodies.Poll p = c.body(ApiBodies.Poll.class);
                            p.check();
                            List<Notice> notices = answers.longPoll(c.caller(),
                                    () -> backend.notices(c.caller(), p.after(), Answers.POLL_LIMIT),
                                    () -> backend.awaitNotice(c.caller(), p.after()), p.waitMs());
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            ArrayNode list = body.putArray("notices");
                            notices.forEach(n -> list.add(SettlerJson.notice(n)));
                            body.put("next", notices.isEmpty() ? p.after() : notices.getLast().seq());
                            return Answers.ok(body);
                        }));
    }

    private Reply onGig(Route.Call c, Route.Owner owner,
            java.util.function.Function<ApiBodies.GigCall, SettlerRequest> request) {
        ApiBodies.GigCall b = c.body(ApiBodies.GigCall.class);
        SettlerRequest r = request.apply(b);
        answers.ownGig(c.caller(), b.hash(), owner);
        return call(c, r);
    }

    private Reply call(Route.Call c, SettlerRequest request) {
        return Answers.answer(answers.await(backend.call(c.caller(), request)));
    }
}
