package org.giggossip.core.engine;

import java.util.Objects;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Signer;

/**
 * Who a node is: its key (its id is the x-only public key, docs/architecture.md
 * "Identity"), the signer for its requests, and the certificate a settler issued
 * it (seed 000, 3.2), whose subject must be the node's key.
 */
public record NodeIdentity(PrivateKey key, Signer signer, Certificate certificate) {
    public NodeIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(certificate, "certificate");
        if (!certificate.subject().equals(key.publicKey()) || !signer.publicKey().equals(key.publicKey())) {
            throw new IllegalArgumentException("certificate subject and signer must be the node's key");
        }
    }

    /** The node's id: its x-only public key. */
    public PublicKey id() {
        return certificate.subject();
    }
}
