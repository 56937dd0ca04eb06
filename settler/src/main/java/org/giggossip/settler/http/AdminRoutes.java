package org.giggossip.settler.http;

import static org.giggossip.settler.http.Route.Access.ADMIN;
import static org.giggossip.settler.http.Route.Owner.NONE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.WireLimits;
import org.giggossip.http.HttpProblem;
import org.giggossip.settler.service.SettlerBackend;

/**
 * The administrators' routes ({@code /v1/admin/*}): properties granted after a
 * check outside the protocol (a driving licence), revocations, and disputes.
 * The server lets only a key of {@link SettlerBackend#admins()} reach them (403).
 */
final class AdminRoutes {
    private final SettlerBackend backend;
    private final Answers answers;

    AdminRoutes(SettlerBackend backend, Answers answers) {
        this.backend = backend;
        this.answers = answers;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/v1/admin/grant", ADMIN, NONE, ApiBodies.Grant.class,
                        "Grants a certificate property to a subject", c -> {
                            ApiBodies.Grant g = c.body(ApiBodies.Grant.class);
                            PublicKey subject = SettlerJson.key(g.subject(), "subject");
                            answers.await(backend.grant(subject, name(g.name()),
                                    SettlerJson.text(g.value(), WireLimits.MAX_PROPERTY_VALUE_BYTES, "value")));
                            return Answers.ok(granted(subject));
                        }),
                Route.post("/v1/admin/revoke-property", ADMIN, NONE, ApiBodies.RevokeProperty.class,
                        "Withdraws a property and revokes the live certificates certifying it", c -> {
                            ApiBodies.RevokeProperty r = c.body(ApiBodies.RevokeProperty.class);
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.set("revoked", SettlerJson.certificates(answers.await(backend.revokeProperty(
                                    SettlerJson.key(r.subject(), "subject"), name(r.name())))));
                            return Answers.ok(body);
                        }),
                Route.post("/v1/admin/revoke-certificate", ADMIN, NONE, ApiBodies.RevokeCertificate.class,
                        "Revokes one certificate; answers the new revocation list (404 if no such live certificate)",
                        c -> {
                            CertificateId id = CertificateId.of(SettlerJson.hex(
                                    c.body(ApiBodies.RevokeCertificate.class).certificateId(), CertificateId.SIZE,
                                    "certificate_id"));
                            return Answers.ok(SettlerJson.revocations(answers.await(backend.revokeCertificate(id))
                                    .orElseThrow(() -> new HttpProblem(404, "no live certificate " + id.hex()))));
                        }),
                Route.post("/v1/admin/granted", ADMIN, NONE, ApiBodies.Subject.class,
                        "The properties granted to a subject",
                        c -> Answers.ok(granted(SettlerJson.key(c.body(ApiBodies.Subject.class).subject(), "subject")))),
                Route.post("/v1/admin/disputes", ADMIN, NONE, ApiBodies.Empty.class,
                        "The open disputes, oldest first, with their evidence: the customer's and the worker's"
                                + " statements and when each was made",
                        c -> disputes(false)),
                Route.post("/v1/admin/disputes/history", ADMIN, NONE, ApiBodies.Empty.class,
                        "The open disputes, then those ended within the preimage retention with their outcome,"
                                + " who decided (admin, customer_withdrew, default) and why",
                        c -> disputes(true)),
                Route.post("/v1/admin/disputes/show", ADMIN, NONE, ApiBodies.GigQuery.class,
                        "One dispute, open or ended within the preimage retention (404 if none)", c -> {
                            var hash = SettlerJson.hash(c.body(ApiBodies.GigQuery.class).replyHash(), "reply_hash");
                            return Answers.ok(SettlerJson.dispute(answers.await(backend.dispute(hash))
                                    .orElseThrow(() -> new HttpProblem(404, "no dispute for gig " + hash.hex()))));
                        }),
                Route.post("/v1/admin/disputes/resolve", ADMIN, NONE, ApiBodies.Resolve.class,
                        "Decides a dispute with a reason told to both parties: pay_worker true releases the job"
                                + " payment, false returns it to the customer (409 if none is open, or it was"
                                + " already resolved: saying how, by whom and why)",
                        c -> {
                            ApiBodies.Resolve r = c.body(ApiBodies.Resolve.class);
                            var hash = SettlerJson.hash(r.replyHash(), "reply_hash");
                            SettlerResponse answer = answers.await(backend.resolveDispute(hash, r.payWorker(),
                                    r.checkedReason()));
                            if (answer instanceof SettlerResponse.Refused refused) {
                                // a problem, as every admin refusal: no dispute open, or already resolved
                                throw new HttpProblem(409, refused.reason());
                            }
                            return Answers.answer(answer);
                        }));
    }

    private org.giggossip.http.Reply disputes(boolean includeResolved) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("disputes");
        answers.await(backend.disputeRecords(includeResolved)).forEach(d -> list.add(SettlerJson.dispute(d)));
        return Answers.ok(body);
    }

    private ObjectNode granted(PublicKey subject) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("subject", subject.hex());
        ObjectNode props = body.putObject("properties");
        answers.await(backend.granted(subject)).forEach(props::put);
        return body;
    }

    private static String name(String name) {
        String n = SettlerJson.text(name, WireLimits.MAX_PROPERTY_NAME_BYTES, "name");
        if (n.isEmpty()) {
            throw HttpProblem.badRequest("name must not be empty");
        }
        return n;
    }
}
