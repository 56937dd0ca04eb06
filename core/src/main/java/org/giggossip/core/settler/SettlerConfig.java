package org.giggossip.core.settler;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.JobPaymentEvidence;
import org.giggossip.core.wire.WireLimits;

/**
 * The policy of a {@link Settler}.
 *
 * @param networkFeeMsat             amount of the settler's own network invoice, the first of each
 *                                   payment chain (seed 000, 3.9)
 * @param invoiceTtl                 lifetime of a network invoice and of its settlement promise; also how
 *                                   long an issued reply hash waits for its sealed reply
 * @param disputeWindow              how long after the network payment settles the customer may open a
 *                                   dispute before the job payment is released to the worker
 * @param preimageRetention          how long a published preimage stays available to FetchPreimage
 * @param certificateValidity        validity of the settler's own certificate in its promises
 * @param requiredCustomerProperties properties a customer's certificate must certify
 * @param otherTrustedAuthorities    authorities besides the settler itself whose customer
 *                                   certificates it accepts
 * @param jobPaymentEvidence         what the settler checks, besides the replier's claim, before it
 *                                   reveals: {@link JobPaymentEvidence#LEDGER} when its wallet sees the job
 *                                   invoices (the embedded ledger), {@link JobPaymentEvidence#CUSTOMER_STATEMENT}
 *                                   otherwise (LND); stated in every promise
 */
public record SettlerConfig(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow,
        Duration preimageRetention, Duration certificateValidity, Map<String, String> requiredCustomerProperties,
        Set<PublicKey> otherTrustedAuthorities, JobPaymentEvidence jobPaymentEvidence) {

    /** A policy whose settler checks job invoices in its ledger ({@link JobPaymentEvidence#LEDGER}). */
    public SettlerConfig(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow,
            Duration preimageRetention, Duration certificateValidity, Map<String, String> requiredCustomerProperties,
            Set<PublicKey> otherTrustedAuthorities) {
        this(networkFeeMsat, invoiceTtl, disputeWindow, preimageRetention, certificateValidity,
                requiredCustomerProperties, otherTrustedAuthorities, JobPaymentEvidence.LEDGER);
    }

    public SettlerConfig {
        if (networkFeeMsat <= 0 || networkFeeMsat > WireLimits.MAX_MSAT) {
            throw new IllegalArgumentException("network fee must be 1 to " + WireLimits.MAX_MSAT + " msat");
        }
        requirePositive(invoiceTtl, "invoiceTtl");
        requirePositive(preimageRetention, "preimageRetention");
        requirePositive(certificateValidity, "certificateValidity");
        if (disputeWindow.isNegative()) {
            throw new IllegalArgumentException("negative dispute window");
        }
        requiredCustomerProperties = Map.copyOf(requiredCustomerProperties);
        otherTrustedAuthorities = Set.copyOf(otherTrustedAuthorities);
        Objects.requireNonNull(jobPaymentEvidence, "jobPaymentEvidence");
    }

    /** This policy with another evidence of the job payment. */
    public SettlerConfig withJobPaymentEvidence(JobPaymentEvidence evidence) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, preimageRetention, certificateValidity,
                requiredCustomerProperties, otherTrustedAuthorities, evidence);
    }

    /**
     * A policy with the given fee, invoice lifetime and dispute window; published
     * preimages are kept a day, the settler's certificate is valid for a year,
     * customers need no particular property, only the settler is trusted, and the
     * job invoice is checked in the settler's ledger ({@link JobPaymentEvidence#LEDGER}).
     */
    public static SettlerConfig of(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, Duration.ofDays(1),
                Duration.ofDays(365), Map.of(), Set.of());
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
