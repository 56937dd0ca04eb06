package org.giggossip.core.cert;

import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Schnorr;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Tags;

/**
 * The signature of each signed object of the protocol, checked over the exact
 * bytes it carries (never a re-serialization) under its own tag ({@link Tags}).
 * Only the signature: whether the signer is trusted is
 * {@link CertificateValidator}'s business. A bad signature is only ever sent by
 * a broken or hostile peer, so it is rejected as {@link Severity#FATAL} ({@link Reason#BAD_SIGNATURE}).
 */
public final class SignatureChecks {
    private SignatureChecks() {}

    /** Certificate (3.2): signed by its authority. */
    public static Verdict certificate(Certificate c) {
        return check(c.authority(), Tags.CERTIFICATE, c.bodyBytes(), c.signature(), "certificate");
    }

    /** Revocation list (3.2): signed by the authority named in its body. */
    public static Verdict revocationList(RevocationList list) {
        return check(list.body().authority(), Tags.REVOCATION_LIST, list.bodyBytes(), list.signature(),
                "revocation list");
    }

    /** Request payload (3.3): signed by the subject of the sender certificate it contains. */
    public static Verdict requestPayload(SignedRequestPayload p) {
        return check(p.payload().senderCertificate().subject(), Tags.REQUEST_PAYLOAD, p.bodyBytes(), p.signature(),
                "request payload");
    }

    /** Settlement promise (3.9): signed by the subject of the settler certificate it contains. */
    public static Verdict settlementPromise(SettlementPromise p) {
        return check(p.body().settlerCertificate().subject(), Tags.SETTLEMENT_PROMISE, p.bodyBytes(), p.signature(),
                "settlement promise");
    }

    private static Verdict check(PublicKey key, String tag, byte[] body, byte[] signature, String what) {
        return Schnorr.verifyTagged(key, tag, body, signature)
                ? Verdict.accept()
                : Verdict.reject(Reason.BAD_SIGNATURE, Severity.FATAL, "bad " + what + " signature");
    }
}
