package org.giggossip.settler.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.DisputeView;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.settler.http.ApiBodies;
import org.giggossip.settler.http.SettlerJson;

/**
 * The administrator's client of a settler ({@code /v1/admin/*}), for the command
 * line: grant and revoke properties, revoke certificates, list and resolve
 * disputes. Requests are signed with the admin's key; any error status is a
 * {@link SettlerHttpException} with the settler's reason.
 */
public final class SettlerAdminClient implements AutoCloseable {
    private final SettlerHttp http;

    public SettlerAdminClient(URI base, PrivateKey adminKey) {
        this(new SettlerHttp(base, adminKey));
    }

    public SettlerAdminClient(SettlerHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Grants {@code name=value} to {@code subject}; returns all its properties now. */
    public Map<String, String> grant(PublicKey subject, String name, String value)
            throws IOException, InterruptedException {
        return properties(http.post("/v1/admin/grant", new ApiBodies.Grant(subject.hex(), name, value)).orThrow());
    }

    /** The properties granted to {@code subject}. */
    public Map<String, String> granted(PublicKey subject) throws IOException, InterruptedException {
        return properties(http.post("/v1/admin/granted", new ApiBodies.Subject(subject.hex())).orThrow());
    }

    /** Withdraws a property; returns the ids of the certificates revoked for it. */
    public List<CertificateId> revokeProperty(PublicKey subject, String name) throws IOException, InterruptedException {
        JsonNode body = http.post("/v1/admin/revoke-property", new ApiBodies.RevokeProperty(subject.hex(), name))
                .orThrow();
        List<CertificateId> ids = new ArrayList<>();
        for (JsonNode c : body.path("revoked")) {
            ids.add(CertificateId.of(SettlerJson.hex(c.path("id").asText(), CertificateId.SIZE, "id")));
        }
        return ids;
    }

    /** Revokes one certificate; returns the version of the new revocation list (404 if unknown). */
    public long revokeCertificate(CertificateId id) throws IOException, InterruptedException {
        JsonNode body = http.post("/v1/admin/revoke-certificate", new ApiBodies.RevokeCertificate(id.hex())).orThrow();
        return Long.parseUnsignedLong(body.path("version").asText());
    }

    /**
     * The open disputes with their evidence; with {@code includeResolved}, then those ended within the
     * preimage retention with their outcome, who decided and why.
     */
    public List<DisputeView> disputes(boolean includeResolved) throws IOException, InterruptedException {
        JsonNode body = http.post(includeResolved ? "/v1/admin/disputes/history" : "/v1/admin/disputes",
                new ApiBodies.Empty()).orThrow();
        List<DisputeView> disputes = new ArrayList<>();
        for (JsonNode d : body.path("disputes")) {
            disputes.add(SettlerJson.disputeView(d));
        }
        return disputes;
    }

    /** The open disputes with their evidence. */
    public List<DisputeView> disputes() throws IOException, InterruptedException {
        return disputes(false);
    }

    /** One dispute, open or recently ended; a 404 exception if the settler has none for the gig. */
    public DisputeView dispute(Hash32 replyHash) throws IOException, InterruptedException {
        return SettlerJson.disputeView(http.post("/v1/admin/disputes/show", new ApiBodies.GigQuery(replyHash.hex()))
                .orThrow());
    }

    /**
     * Decides the dispute of {@code replyHash} with {@code reason} (told to both parties); a refusal (no
     * open dispute, or already resolved) is a 409 exception saying why.
     */
    public void resolve(Hash32 replyHash, boolean payWorker, String reason) throws IOException, InterruptedException {
        http.post("/v1/admin/disputes/resolve", new ApiBodies.Resolve(replyHash.hex(), payWorker, reason)).orThrow();
    }

    private static Map<String, String> properties(JsonNode body) {
        Map<String, String> props = new TreeMap<>();
        body.path("properties").properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
        return props;
    }

    @Override
    public void close() {
        http.close();
    }
}
